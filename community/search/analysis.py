"""How post text and typed queries become index terms (analyzers, schema, query parsing),
and how a post's text is excerpted around them.

French first: lowercase, fold accents, drop stop words, then stem, in that order, so
that "diabete", "Diabète" and "diabètes" all meet on one term (folding after stemming
still mismatched 16 of 107 French words tried; folding first, none). English
posts get the same chain with the English stemmer.

A search box is read as "all these words" (AND). When that finds nothing, the query is
loosened twice, each only if the previous one found nothing: the same words with one
typing mistake allowed in each word the index does not know (FuzzyTerm, maxdist 1, stems
of five letters or more), then any of those words (OR). See `looser`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from markupsafe import Markup
from whoosh import fields, query
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight
from whoosh.lang.stopwords import stoplists
from whoosh.qparser import (
    AndGroup,
    GroupPlugin,
    MultifieldParser,
    OperatorsPlugin,
    OrGroup,
    PhrasePlugin,
    PlusMinusPlugin,
    WhitespacePlugin,
)
from whoosh.support.charset import accent_map

from community.search.backend import QueryError
from community.textscan.folding import strip_accents

# Longer queries are refused, not cut: a reader who pasted a paragraph should know.
MAX_QUERY_CHARS = 200
# A typo is only forgiven in terms this long (stems: "insulin", "diabet", "trait" …, so
# words of five letters or more): shorter ones have too many neighbours ("pied" ~
# "pie", "lied", "pier" …) for one edit to still mean the same word.
FUZZY_MIN_STEM = 5
# Each fuzzy term walks the lexicon of each field; a long query is not worth it.
_FUZZY_MAX_TERMS = 6

TITLE_BOOST = 2.0
SNIPPET_CHARS = 200
_WORD_CHAR = re.compile(r"\w")


def _folded(word: str) -> str:
    return strip_accents(word)


# One stop list for every field, French (as typed and unaccented) and English: a word
# is then dropped from all fields or kept in all. Otherwise "le insuline" would require
# "le" in an English body or a pseudonym, and find nothing. English words lost this
# way ("son", "ton", "sur") matter less than French function words found everywhere.
# whoosh's French list lacks a few of the commonest words.
_MORE_FRENCH = frozenset({"les", "cet", "cette", "dont", "car", "ni"})
STOP_WORDS = (
    frozenset(stoplists["fr"])
    | {_folded(word) for word in stoplists["fr"]}
    | _MORE_FRENCH
    | frozenset(stoplists["en"])
)
# whoosh's default pattern keeps "*" in words (for its wildcard syntax, not offered).
_WORD = r"\w+(?:\.?\w+)*"


def _words() -> Analyzer:
    return (
        RegexTokenizer(_WORD)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=STOP_WORDS)
    )


def french_analyzer() -> Analyzer:
    return _words() | StemFilter(lang="fr")


def english_analyzer() -> Analyzer:
    """whoosh's StemmingAnalyzer, accents folded too ("café", "naïve")."""
    return _words() | StemFilter(lang="en")


def name_analyzer() -> Analyzer:
    """Pseudonyms: whole words, any case, any accents, never stemmed."""
    return _words()


def schema() -> fields.Schema:
    return fields.Schema(
        post_id=fields.ID(unique=True, stored=True),
        thread_id=fields.NUMERIC(stored=True),
        space_id=fields.NUMERIC(stored=True),
        title=fields.TEXT(analyzer=french_analyzer(), field_boost=TITLE_BOOST),
        # Bodies are not stored: snippets are made from the database's text. body_fr
        # holds the title too (see SEARCHED_FIELDS).
        body_fr=fields.TEXT(analyzer=french_analyzer()),
        body_en=fields.TEXT(analyzer=english_analyzer()),
        author=fields.TEXT(analyzer=name_analyzer()),
        published_at=fields.DATETIME(sortable=True),
    )


# What a reader may type: words, "phrases", (groups), AND / OR / NOT, +word / -word.
# No field names ("post_id:3"), wildcards, boosts, ranges or fuzzy syntax: a stray
# "*" or "~" is just punctuation, and "a*" cannot make the engine walk the lexicon.
_PLUGINS = (WhitespacePlugin(), GroupPlugin(), OperatorsPlugin(), PhrasePlugin())
# A post's words are in body_fr (its title too, French analysis) or body_en (English):
# each typed word is looked for in these two. The title field only adds to the score
# (AndMaybe): an OR of three fields per word, intersected, cost twice the time.
# Pseudonyms are indexed (author) but not searched by the box.
SEARCHED_FIELDS = ("body_fr", "body_en")


def _parser(the_schema: fields.Schema, *, any_word: bool) -> MultifieldParser:
    parser = MultifieldParser(
        list(SEARCHED_FIELDS),
        the_schema,
        group=OrGroup if any_word else AndGroup,
        plugins=_PLUGINS,
    )
    parser.add_plugin(PlusMinusPlugin())
    return parser


def _clean(text: str) -> str:
    # Control characters (NUL …) and lone surrogates (which UTF-8 cannot encode, and
    # whoosh encodes every term) become spaces.
    return "".join(" " if unicodedata.category(c) in {"Cc", "Cs"} else c for c in text).strip()


def parse(the_schema: fields.Schema, text: str, *, any_word: bool = False) -> query.Query:
    """The query a reader typed, or QueryError: "empty", "too_long", "stop_words" (nothing
    left to look for once stop words are gone), "syntax" (nothing but exclusions …)."""
    text = _clean(text)
    if not any(c.isalnum() for c in text):
        raise QueryError("empty")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError("too_long")
    try:
        parsed = _parser(the_schema, any_word=any_word).parse(text).normalize()
    except Exception as error:  # whoosh's parser has no error type of its own
        raise QueryError("syntax") from error
    french = sorted({term for field, term in positive_terms(parsed) if field == "body_fr"})
    if not french:
        # Only NOT … or -word left: that is not a search. Nothing at all: stop words.
        excluded = any(True for _term in parsed.iter_all_terms())
        raise QueryError("syntax" if excluded else "stop_words")
    in_titles = query.Or([query.Term("title", term) for term in french])
    boosted = query.AndMaybe(parsed, in_titles)
    _stream_unions(boosted)
    return boosted


def _stream_unions(q: query.Query) -> None:
    """Make every OR walk its postings as the collector asks. Left to choose, whoosh
    preloads and scores every match of an OR in segments under 5,000 documents (each
    space's, often), so ranking.py's windows and whoosh's block skipping saved nothing."""
    if isinstance(q, query.Or):
        q.matcher_type = query.Or.DEFAULT_MATCHER
    for child in q.children():
        _stream_unions(child)


def positive_terms(q: query.Query) -> Iterator[tuple[str, str]]:
    """(field, text) of the terms a document must or may contain, not those it must lack:
    a query of nothing but NOT would match the whole index."""
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from positive_terms(q.a)
        return
    if isinstance(q, query.AndMaybe):
        yield from positive_terms(q.a)
        return
    if isinstance(q, query.Term | query.Phrase):
        yield from q.terms(phrases=True)
        return
    for child in q.children():
        yield from positive_terms(child)


def unknown_terms(
    the_schema: fields.Schema, text: str, known: Callable[[tuple[str, str]], bool]
) -> frozenset[tuple[str, str]]:
    """The (field, term) of each typed word the index does not know, in each field it is
    looked for in: those words are likely typing mistakes. Known words stay exact:
    loosening them would cost a lexicon walk and mix in other words ("trait" ~ "train")."""
    unknown: set[tuple[str, str]] = set()
    words = 0
    for token in _words()(_clean(text)):
        word = token.text
        terms = {
            (field, stem.text)
            for field in ("title", "body_fr", "body_en")
            for stem in the_schema[field].analyzer(word)
        }
        if any(known(term) for term in terms):
            continue
        terms = {(field, stem) for field, stem in terms if len(stem) >= FUZZY_MIN_STEM}
        if terms:
            unknown |= terms
            words += 1
            if words == _FUZZY_MAX_TERMS:
                break
    return frozenset(unknown)


def fuzzy(q: query.Query, terms: frozenset[tuple[str, str]]) -> query.Query:
    """The same query, these terms also matching the words one edit away."""

    def loosen(node: query.Query) -> query.Query:
        if type(node) is query.Term and (node.fieldname, node.text) in terms:
            return query.FuzzyTerm(
                node.fieldname, node.text, boost=node.boost, maxdist=1, prefixlength=1
            )
        return node.apply(loosen)

    loosened_query = loosen(q)
    _stream_unions(loosened_query)  # apply() made new ORs
    return loosened_query


def looser(
    the_schema: fields.Schema,
    text: str,
    exact: query.Query,
    known: Callable[[tuple[str, str]], bool],
) -> Iterator[query.Query]:
    """What to try, in turn, when the exact query found nothing: the same words with
    typing mistakes forgiven (if a word is unknown), then any of the words (mistakes
    forgiven too)."""
    mistakes = unknown_terms(the_schema, text, known)
    if mistakes:
        yield fuzzy(exact, mistakes)
    try:
        any_word = parse(the_schema, text, any_word=True)
    except QueryError:  # parsed once already; never raise for what a reader typed
        return
    if any_word != exact:
        yield fuzzy(any_word, mistakes) if mistakes else any_word


def highlight_terms(the_schema: fields.Schema, text: str, language: str) -> frozenset[str]:
    """The terms to mark in a text of this language for this query (none if it is not
    one that can be searched)."""
    try:
        parsed = parse(the_schema, text, any_word=True)
    except QueryError:
        return frozenset()
    # Titles are analysed like French bodies: body_fr's terms are theirs.
    wanted = "body_en" if language == "en" else "body_fr"
    return frozenset(
        term if isinstance(term, str) else term.decode()
        for field, term in positive_terms(parsed)
        if field == wanted
    )


_EXCERPT_ANALYZERS = {"fr": french_analyzer(), "en": english_analyzer()}


class _Marks(HtmlFormatter):
    """whoosh's <mark>s, which escape the text between and inside them (tested with
    <script>), with "…" where the excerpt cuts the text."""

    def format_fragment(self, fragment: Any, replace: bool = False) -> str:
        html: str = super().format_fragment(fragment, replace)
        if _WORD_CHAR.search(fragment.text, 0, fragment.startchar):
            html = "… " + html
        if _WORD_CHAR.search(fragment.text, fragment.endchar):
            html += " …"
        return html


def excerpt(text: str, terms: frozenset[str], language: str) -> Markup:
    """Up to SNIPPET_CHARS of `text` around these terms, HTML-escaped, terms in <mark>;
    its beginning if none is there."""
    if terms:
        marked = highlight(
            text,
            terms,
            _EXCERPT_ANALYZERS[language],
            ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60),
            _Marks(tagname="mark"),
            top=1,
        )
        if marked:
            return Markup(marked)  # noqa: S704 - _Marks escaped the post's text
    if len(text) > SNIPPET_CHARS:
        cut = text.rfind(" ", 0, SNIPPET_CHARS)
        text = text[: cut if cut > 0 else SNIPPET_CHARS] + " …"
    return Markup.escape(text)
