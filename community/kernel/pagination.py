"""Numbered pages of a list: which exist, and the one a request asks for."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import request

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int
    count: int  # number of pages, at least 1

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count


def page_count(total: int, per_page: int) -> int:
    return max(1, math.ceil(max(total, 0) / per_page))


def page_in_range(number: int, *, total: int, per_page: int) -> bool:
    """Whether a page number exists; checked before querying, so no absurd OFFSET is sent."""
    return 1 <= number <= page_count(total, per_page)


def requested_page() -> int:
    """?page=N; anything that is not a positive number means the first page."""
    number = request.args.get("page", 1, type=int)
    return number if number and number > 0 else 1
