"""The page "Mes messages": every post a member wrote, what became of it and why.

It composes the forums (the posts, their threads, an edit still waiting) and moderation
(the statement of reasons of a refusal, what a moderator asks to change).
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from community.forums import authored, queries
from community.forums.models import PostStatus
from community.kernel.pagination import requested_page
from community.kernel.web import me, private_page_headers, request_session
from community.moderation import statements
from community.moderation.audit import queries as moderation_queries
from community.permissions import Action, require

bp = Blueprint("my_posts", __name__)
bp.after_request(private_page_headers)

# The statuses whose reason the author reads here: a refusal, an edit asked for.
EXPLAINED = (PostStatus.REJECTED, PostStatus.NEEDS_EDIT)


@bp.get("/mes-messages")
def index() -> str:
    """The member's posts, newest first, a page at a time: at most four queries (the
    count, the page, the decisions on those refused or sent back, the edits waiting)."""
    require(Action.USE_ACCOUNT)
    session, member = request_session(), me()
    number = requested_page()
    page = authored.own_posts(session, member=member, number=number)
    if number > page.count:
        abort(404)
    posts = [entry.post for entry in page.items]
    decisions = moderation_queries.latest_decisions(
        session, post_ids=[p.id for p in posts if p.status in EXPLAINED]
    )
    published = [p for p in posts if p.status is PostStatus.PUBLISHED]
    revisions = queries.pending_revisions(session, posts=published, member=member)
    return render_template(
        "forums/my_posts.html",
        page=page,
        decisions=decisions,
        revisions=revisions,
        statement_of=statements.statement_of,
    )
