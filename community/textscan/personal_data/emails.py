"""E-mail addresses in a post, typed plainly or spelled out ("jean arobase gmail point com")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from community.textscan.matching import merge_spans
from community.textscan.normalize import FoldedText, Hit


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PROVIDERS = (
    r"(?:gmail|googlemail|hotmail|yahoo|outlook|live|msn|icloud|me|free|orange|wanadoo"
    r"|laposte|sfr|neuf|bbox|aol|gmx|protonmail|proton|club-internet|numericable"
    r"|virginmedia|btinternet|sky|webmail|mail)"
)
# fmt: off
_TLD_LIST = (
    "com", "fr", "net", "org", "eu", "be", "ch", "lu", "ca", "info", "io", "biz", "me", "co",
    "uk", "de", "es", "it", "pt", "nl", "re", "gp", "mq", "gf", "yt", "pf", "nc", "mc", "ma",
    "dz", "tn", "sn", "ci", "us", "app", "dev", "email", "bzh", "za", "au", "nz", "ie", "in",
)
# fmt: on
# Longest first, so that "c o m" is not read as "co" followed by a stray "m"; each may be
# typed with its letters spaced ("c o m", "f r": the normaliser joins only longer runs).
_TLDS = "(?:" + "|".join(" ?".join(tld) for tld in sorted(_TLD_LIST, key=len, reverse=True)) + ")"
_LOCAL = r"[a-z0-9_%+\-]{1,64}"
_LABEL = r"[a-z0-9\-]{1,63}"
# Single characters with single spaces, what is left once the normaliser has joined the
# longer runs of "j e a n n o t . s t o m i e @ y a h o o . f r".
_SPACED = r"[a-z0-9](?: [a-z0-9]){1,40}(?![a-z0-9])"
_THEN = r"(?:(?:then|puis|ensuite)[ \t,]{1,3})?"
# "(at)", "[at]", "{a}", " arobase ", "the at sign" and their misspellings say "e-mail"
# on their own; so does "#" glued between two parts ("emma.lebon#gmail.com").
_AT_SPELLED = (
    r"(?:[ \t]{0,3}[\[({<][ \t]{0,2}(?:at|a|@|arr?oba(?:se|ze|s)?|chez)[ \t]{0,2}[\])}>][ \t]{0,3}"
    rf"|[ \t,]{{1,3}}{_THEN}(?:the[ \t]{{1,2}}|le[ \t]{{1,2}})?"
    r"(?:arr?oba(?:se|ze|s)|arr?obe|at[ \t\-](?:sign|symbol)|signe[ \t]arobase)[ \t,]{1,3}"
    rf"{_THEN}"
    r"|#(?=[a-z0-9\-]{1,63}\.[a-z]{2}))"
)
# " at " and " chez " are words too ("look at gmail.com"): checked afterwards.
_AT_WEAK = r"(?:[ \t,]{1,3}(?:at|chez)[ \t,]{1,3})"
_SPELLED_DOT = (
    r"(?:[ \t]{0,3}[\[({<][ \t]{0,2}(?:dot|point|pt|\.)[ \t]{0,2}[\])}>][ \t]{0,3}"
    rf"|[ \t,]{{1,3}}{_THEN}(?:dot|point|pt)[ \t,]{{1,3}})"
)
_SPELLED_UNDERSCORE = (
    r"(?:[ \t]{1,3}(?:underscore|tiret[ \t]{1,2}(?:du[ \t]{1,2})?bas|tiret|dash|hyphen)[ \t]{1,3})"
)
# A dot with spaces around it ("gmail . com") ends a sentence too often: only before
# a known top-level domain, like the spelled-out dots.
_LOOSE_DOT = rf"(?:[ \t]{{1,3}}[.·][ \t]{{0,3}}|[.·][ \t]{{1,3}}|{_SPELLED_DOT})"
_DOMAIN_PART = rf"(?:{_SPACED}|{_LABEL})"
_DOMAIN = (
    rf"(?:{_LABEL}(?:[.·]{_LABEL}){{0,3}}[.·][a-z]{{2,24}}(?![a-z0-9\-])"
    rf"|{_DOMAIN_PART}(?:(?:[.·]|{_LOOSE_DOT}){_DOMAIN_PART}){{0,3}}{_LOOSE_DOT}{_TLDS}(?![a-z0-9\-]))"
)
_LOCAL_PART = rf"(?:{_SPACED}|{_LOCAL})"
_LOCAL_JOIN = (
    rf"(?:[.·]|[ \t][._\-·][ \t]|{_SPELLED_DOT}|{_SPELLED_UNDERSCORE}|[ \t](?=[a-z0-9] [a-z0-9]))"
)
# "@Marie" greets a member: a plain "@" needs a domain with its dot. A spelled-out
# "arobase" needs no more than a provider ("jean arobase gmail").
_EMAIL = re.compile(
    rf"(?<![a-z0-9._%+\-]){_LOCAL_PART}(?:{_LOCAL_JOIN}{_LOCAL_PART}){{0,5}}"
    rf"(?:(?P<plain>[ \t]{{0,3}}@[ \t]{{0,3}}){_DOMAIN}"
    rf"|(?P<spelled>{_AT_SPELLED})(?:{_DOMAIN}|{_PROVIDERS}(?![a-z0-9\-]))"
    rf"|(?P<weak>{_AT_WEAK})(?={_PROVIDERS}(?![a-z0-9\-])|{_DOMAIN_PART}{_SPELLED_DOT})"
    rf"(?:{_DOMAIN}|(?P<bare>{_PROVIDERS})(?![a-z0-9\-])))"
)
# "mon pseudo chez gmail", "my first name then my surname at outlook dot com": the
# local part is named rather than written.
_LOCAL_NAMES = (
    r"(?:pseudo|prenom|nom|first[ \t]name|surname|last[ \t]name|user ?name|name|initiales)"
)
_NAMED_LOCAL = re.compile(
    rf"(?:mon|ma|my|le meme|the same|meme|same)[ \t]{{1,3}}{_LOCAL_NAMES}"
    rf"|{_LOCAL_NAMES}[ \t]{{0,2}}[=:]"
)
# Only the big providers: "my name on live TV" or "at me" are no address.
_NAMED_PROVIDERS = (
    r"(?:gmail|googlemail|hotmail|yahoo|outlook|icloud|free|orange|wanadoo|laposte|sfr|aol"
    r"|gmx|protonmail|proton|btinternet|virginmedia)"
)
_PROVIDER_AFTER_AT = re.compile(
    rf"(?:chez|sur|at|on|@|arr?obase)[ \t]{{0,3}}{_NAMED_PROVIDERS}(?![a-z0-9\-])"
    rf"(?:{_LOOSE_DOT}{_TLDS}(?![a-z0-9\-])|[.·][a-z]{{2,6}}(?![a-z0-9\-]))?"
)
_MAIL_WORD = re.compile(r"mail|adresse|address|ecri|write|contact")

# Where an address may be: an "@", a spelled "arobase", a bracketed "at", "at"/"chez"
# before a provider or a spelled dot, a glued "#". The full pattern runs only around them.
_EMAIL_HINTS = [
    re.compile(r"[@\[({<]"),
    re.compile(r"arr?ob|at[ \t\-](?:sign|symbol)"),
    re.compile(
        rf"(?:at|chez)[ \t,]{{1,3}}(?:{_PROVIDERS}|{_LABEL}[ \t,]{{1,3}}(?:dot|point|pt)\b)"
    ),
    re.compile(r"[a-z0-9]#[a-z0-9]"),
]
_EMAIL_BEFORE, _EMAIL_AFTER = 400, 400
# What stands for the "@" in every address above, plain, spelled or weak: a window around a
# bracket without any of them is left unsearched.
_AT_ANCHOR = re.compile(r"[@#]|arr?ob|[ \t,](?:at|chez)[ \t,\-]|[\[({<][ \t]{0,2}(?:a|@|chez)")


def _windows(places: Iterable[int], before: int, after: int) -> list[tuple[int, int]]:
    """The stretches of text around `places`, merged where they overlap."""
    return merge_spans((max(0, place - before), place + after) for place in places)


def find_emails(text: FoldedText) -> Iterator[Hit]:
    folded = text.folded
    places = [m.start() for hint in _EMAIL_HINTS for m in hint.finditer(folded)]
    for low, high in _windows(places, _EMAIL_BEFORE, _EMAIL_AFTER):
        if not _AT_ANCHOR.search(folded, low, high):
            continue
        position = low
        while match := _EMAIL.search(folded, position, high):
            if match.group("weak") is None or _weak_at_holds(text, match):
                yield Hit("email", match.start(), match.end())
                position = match.end()
            else:
                position = match.start() + 1
    # "mon pseudo chez gmail": only after words that name the local part.
    for match in _PROVIDER_AFTER_AT.finditer(folded):
        if not _starts_word(folded, match.start()):
            continue
        before = folded[max(0, match.start() - 150) : match.start()]
        named = list(_NAMED_LOCAL.finditer(before))
        if named and _MAIL_WORD.search(folded, max(0, match.start() - 200), match.end()):
            yield Hit("email", match.start() - len(before) + named[-1].start(), match.end())


# Words before "at" or "chez" that make it a preposition: "look at gmail.com", "je suis
# chez free.fr".
_NOT_LOCAL = _words(
    """
    look looking looked see seen check checking visit visiting sign log logged go went
    arrive arrived stay stayed work works worked working me us him her them it that this
    here there is was are be suis est sont es etes sommes travaille bosse client cliente
    abonne abonnee moi toi lui elle eux nous vous
"""
)


def _weak_at_holds(text: FoldedText, match: re.Match[str]) -> bool:
    """ "jean at gmail dot com" is an address, "look at this" is not: a weak "at" needs a
    mail provider or a spelled-out dot after it, and before a bare provider ("linda.chen
    at icloud") a local part that does not read as a plain word ("suis chez free")."""
    domain = match.string[match.end("weak") : match.end()]
    provider = re.match(_PROVIDERS + r"(?![a-z0-9\-])", domain)
    if provider is None and not re.search(r"[ \t,)\]](?:dot|point|pt)[ \t,(\[]", domain):
        return False
    if match.string[match.start() : match.start("weak")] in _NOT_LOCAL:
        return False
    if match.group("bare") is None:
        return True
    local = text.original_slice(match.start(), match.start("weak"))
    return re.search(r"[0-9._\-·]| \S", local) is not None


def _starts_word(folded: str, index: int) -> bool:
    return index == 0 or not folded[index - 1].isalnum()
