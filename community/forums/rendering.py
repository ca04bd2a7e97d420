"""Markdown to safe HTML: the one function whose output templates may mark safe."""

from __future__ import annotations

from typing import Any

import bleach
from bleach.linkifier import Linker
from markdown_it import MarkdownIt

# CommonMark without raw HTML: what a member types as <b> is shown, not interpreted.
_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False}).disable("image")

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "strong",
        "em",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h3",
        "h4",
        "h5",
        "h6",
    }
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "ol": ["start"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _set_rel(attrs: dict[Any, str], new: bool = False) -> dict[Any, str]:
    attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)
_linker = Linker(callbacks=[_set_rel], skip_tags={"pre", "code"}, parse_email=False)


def _demote_headings(html: str) -> str:
    # A post's "# Titre" must not compete with the page's own h1 and h2.
    for level in (2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(
            f"</h{level}>", f"</h{level + 2}>"
        )
    return html


def render_markdown(source: str) -> str:
    """Render a member's Markdown once, when it is stored; the result is safe to show."""
    html = _demote_headings(_markdown.render(source))
    return _linker.linkify(_cleaner.clean(html))
