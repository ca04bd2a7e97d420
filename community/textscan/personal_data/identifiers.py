"""NIR (French social security numbers) and IBAN in a post, checked by their keys."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from stdnum import numdb
from stdnum.fr import nir as stdnum_nir
from stdnum.iban import is_valid as iban_checks_out

from community.textscan.normalize import Hit

# The NIR (numéro de sécurité sociale): sex (1, 2, or 7, 8 for a provisional number),
# year, month (01–12, or 20–99 when unknown), department (2A/2B in Corsica), commune,
# order, then the key.
_NIR = re.compile(
    r"([1278])(?<![0-9a-z][1278])([ .\-]?)([0-9]{2})[ .\-]?((?:0[1-9]|1[0-2]|[2-9][0-9]))"
    r"[ .\-]?([0-9]{2}|2a|2b)[ .\-]?([0-9]{3})[ .\-]?([0-9]{3})(?:[ .\-]{0,3}([0-9]{2}))?"
    r"(?![0-9a-z])"
)


def find_nirs(folded: str) -> Iterator[Hit]:
    for match in _NIR.finditer(folded):
        sex, separator, year, month, department, commune, order, key = match.groups()
        number = f"{sex}{year}{month}{department}{commune}{order}"
        grouped = bool(separator)
        if key is None:
            # Thirteen bare digits are as likely a barcode; grouped as a NIR, they are one.
            if grouped:
                yield Hit("nir", match.start(), match.end())
        elif grouped or stdnum_nir.is_valid(number + key):
            # A wrong key on a NIR written in its usual groups is a typo in a real
            # number, or a member hiding the last digits: the rest still tells sex,
            # birth month and place. On fifteen bare digits it is another kind of number.
            yield Hit("nir", match.start(), match.end())


# An IBAN is found by its check digits (prose has few digits), then its country code read
# behind, glued to them or set apart by a space or a dash ("FR 76-3000 …"); the country's
# length comes from python-stdnum's IBAN registry.
_IBAN = re.compile(
    r"[0-9](?:(?<=[a-z]{2}[0-9])(?<![a-z0-9][a-z]{2}[0-9])"
    r"|(?<=[a-z]{2}[ \-][0-9])(?<![a-z0-9][a-z]{2}[ \-][0-9]))[0-9](?:[ \-]?[a-z0-9]){11,30}"
)
_IBAN_REGISTRY = numdb.get("iban")


@lru_cache(maxsize=128)
def _iban_length(country: str) -> int | None:
    """The length of an IBAN of `country` ("FR": 27), None if it has none."""
    [(_code, info), *_rest] = _IBAN_REGISTRY.info(country.upper())
    structure = info.get("bban")
    if not structure:
        return None
    return 4 + sum(int(count) for count in re.findall(r"([0-9]+)!", structure))


def find_ibans(folded: str) -> Iterator[Hit]:
    for match in _IBAN.finditer(folded):
        start = match.start() - (2 if folded[match.start() - 1].isalpha() else 3)
        positions = [i for i in range(start, match.end()) if folded[i].isalnum()]
        compact = "".join(folded[i] for i in positions)
        length = _iban_length(compact[:2])
        # The ISO 7064 checksum and the country's layout; not the country's own bank
        # codes list, which lags behind new banks.
        if (
            length
            and length <= len(compact)
            and iban_checks_out(compact[:length], check_country=False)
        ):
            yield Hit("iban", start, positions[length - 1] + 1)
