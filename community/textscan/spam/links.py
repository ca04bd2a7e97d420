"""Links in a post, typed with a scheme or as a bare domain, and the site each points to."""

from __future__ import annotations

import re

from community.textscan.normalize import FoldedText, Hit, overlap_test

# Top-level domains recognised without "http" or "www". Those that are also words
# right after a missing space ("traitement.De plus", "fini.It") are left out.
_BARE_TLDS = (
    r"(?:com|fr|net|org|info|io|ly|eu|be|ch|biz|shop|store|xyz|online|site|health|care|tv"
    r"|gl|app|uk|ca|bzh|click|link|top|club|pro|live|co)"
)
# The look-behinds follow the first letter so that the engine can leap between them.
_SCHEME_URL = re.compile(
    r"(?:h(?<![\w@.\-]h)ttps?://|f(?<![\w@.\-]f)tp://|w(?<![\w@.\-]w)ww\.)"
    r"[^\s<>\"'\[\]]{1,2000}"
)
# Every link typed with its scheme holds one of these: most posts are spared the search.
_SCHEME_KEYS = ("://", "www.")
# A bare domain ("monsite.fr/promo") is found by its ending, then read backwards.
_BARE_ENDING = re.compile(rf"\.{_BARE_TLDS}(?![\w\-])(?:/[^\s<>\"'\[\]]{{0,2000}})?")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")


def _after_no_host(text: str, index: int) -> bool:
    return index == 0 or not (text[index - 1].isalnum() or text[index - 1] in "_@.-")


def _bare_domain_start(folded: str, dot: int) -> int | None:
    start = dot
    while start > 0 and dot - start < 253 and folded[start - 1] in _HOST_CHARS:
        start -= 1
    while start < dot and folded[start] in ".-":
        start += 1
    if start == dot or not _after_no_host(folded, start):
        return None
    return start


_TRAILING = ".,;:!?»)'\"…"
_SCHEME = re.compile(r"^(?:[a-z]+://)?(?:www\.)?", re.IGNORECASE)


def _trim(url: str) -> str:
    """Drop the punctuation that ends the sentence, and a ")" that closes Markdown."""
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def domain_of(url: str) -> str:
    """The host a link points to, as a moderator would read it: "doctissimo.fr"."""
    rest = _SCHEME.sub("", url)
    host = re.split(r"[/?#:]", rest, maxsplit=1)[0]
    return host.lower().rstrip(".")


def find_links(text: FoldedText) -> list[tuple[Hit, str]]:
    folded = text.folded
    found: list[tuple[int, str]] = []
    if any(key in folded for key in _SCHEME_KEYS):
        found = [(m.start(), m.group()) for m in _SCHEME_URL.finditer(folded)]
    in_scheme_url = overlap_test((start, start + len(url)) for start, url in found)
    for match in _BARE_ENDING.finditer(folded):
        start = _bare_domain_start(folded, match.start())
        if start is None or in_scheme_url(start, start + 1):
            continue
        found.append((start, folded[start : match.end()]))
    links = []
    for start, raw in sorted(found):
        url = _trim(raw)
        if not url:
            continue
        end = start + len(url)
        domain = domain_of(text.original_slice(start, end))
        links.append((Hit("link", start, end, domain), url))
    return links


# Each pattern runs only if one of its key words is in the post (the tests may check them).
KEYED = ((_SCHEME_URL, _SCHEME_KEYS),)
