"""Associations, their disease spaces, who belongs to them, threads and posts."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from community.accounts.models import Member
from community.extensions import db, enum_type
from community.forums.passages import find_passage
from community.kernel.clock import utcnow


class Association(db.Model):  # type: ignore[name-defined]
    __tablename__ = "association"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    spaces: Mapped[list[Space]] = relationship(back_populates="association")


class SpaceVisibility(enum.StrEnum):
    PUBLIC = "public"  # anyone may read; members of the space may write
    MEMBERS = "members"  # only members of the space may read


class Space(db.Model):  # type: ignore[name-defined]
    __tablename__ = "space"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    rules: Mapped[str] = mapped_column(Text, default="")
    association_id: Mapped[int] = mapped_column(ForeignKey("association.id"), index=True)
    visibility: Mapped[SpaceVisibility] = mapped_column(
        enum_type(SpaceVisibility), default=SpaceVisibility.PUBLIC
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Kept by the services that publish, so the list of spaces needs no COUNT.
    thread_count: Mapped[int] = mapped_column(Integer, default=0)
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    # When the association published the space's moderation figures (its transparency
    # page); None until then, and the page is only shown to its admins and moderators.
    transparency_published_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Whether the member reading the page follows the space: loaded with it, for a
    # member, by queries.space_by_slug_with_context; None when not asked.
    followed_by_reader: Mapped[bool | None] = query_expression()
    # How many threads of the space the member reading the list of spaces has read and
    # has posts new to them since (unread.threads_with_news_of); None when not asked.
    threads_with_news_for_reader: Mapped[int | None] = query_expression()

    association: Mapped[Association] = relationship(back_populates="spaces")
    # Read only: the space page loads them with the space (roles change by their services).
    roles: Mapped[list[SpaceRole]] = relationship(
        viewonly=True, order_by="(SpaceRole.kind, SpaceRole.granted_at)"
    )

    @property
    def members_only(self) -> bool:
        return self.visibility is SpaceVisibility.MEMBERS


class Membership(db.Model):  # type: ignore[name-defined]
    __tablename__ = "membership"

    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"), primary_key=True, index=True)
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Marked trusted by a moderator of the space: under the space's policy, their posts
    # that stay under every threshold may be published at once.
    trusted_at: Mapped[datetime | None] = mapped_column(DateTime)
    trusted_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))


class ThreadFollow(db.Model):  # type: ignore[name-defined]
    """A member following a thread, told of each reply published in it.

    Written when they choose to follow it and when they write in it. A member who stops
    keeps the row, saying so (`following` false): writing there again does not start it
    over behind their back. Only those who may read the thread are ever told.
    """

    __tablename__ = "thread_follow"
    __table_args__ = (
        # Who follows a thread whose reply was just published.
        Index("ix_thread_follow_thread", "thread_id", "following"),
    )

    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("thread.id"), primary_key=True)
    following: Mapped[bool] = mapped_column(Boolean, default=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ThreadRead(db.Model):  # type: ignore[name-defined]
    """How far a member has read a thread: the latest published post a thread page showed
    them. Only ever moved forward (reading an earlier page again unreads nothing); what
    is published after it, by others, is new to them.

    A high-water mark rather than a reference: no foreign key to the post, which a
    moderator may take down without the mark having to move.
    """

    __tablename__ = "thread_read"

    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("thread.id"), primary_key=True)
    last_seen_post_id: Mapped[int] = mapped_column(Integer)
    seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SpaceFollow(db.Model):  # type: ignore[name-defined]
    """A member following a space, told of each new thread published in it."""

    __tablename__ = "space_follow"

    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SpaceRoleKind(enum.StrEnum):
    MODERATOR = "moderator"
    ASSOCIATION_ADMIN = "association_admin"


class SpaceRole(db.Model):  # type: ignore[name-defined]
    """A member's role in one space: specialist moderator or association admin."""

    __tablename__ = "space_role"
    __table_args__ = (UniqueConstraint("member_id", "space_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"), index=True)
    kind: Mapped[SpaceRoleKind] = mapped_column(enum_type(SpaceRoleKind, 24))
    # What the moderator brings, shown next to their decisions: "diabétologie", "patiente experte".
    specialty: Mapped[str] = mapped_column(String(80), default="")
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    granted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    member: Mapped[Member] = relationship(foreign_keys=[member_id])
    space: Mapped[Space] = relationship()


class PostStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for a moderator; seen by its author only
    PUBLISHED = "published"
    REJECTED = "rejected"
    NEEDS_EDIT = "needs_edit"
    WITHDRAWN = "withdrawn"  # deleted by its author: hidden, the row is kept


class Thread(db.Model):  # type: ignore[name-defined]
    __tablename__ = "thread"
    __table_args__ = (
        # The space page: published threads of a space, latest activity first.
        Index("ix_thread_space_listing", "space_id", "status", "last_activity_at", "id"),
        Index("ix_thread_author", "author_id", "space_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    title: Mapped[str] = mapped_column(String(200))
    # Follows the status of the thread's opening post: a thread is seen once its
    # first post is published.
    status: Mapped[PostStatus] = mapped_column(enum_type(PostStatus), default=PostStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Time of the latest published post; what the space page sorts on.
    last_activity_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Published posts in the thread, opening post included.
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    # Whether the member reading the page follows the thread (None: they never followed
    # it nor wrote in it), loaded with it by queries.thread_by_id_with_context.
    followed_by_reader: Mapped[bool | None] = query_expression()

    # What the reader has read of it, loaded with it for a member (unread.py): the latest
    # post they were shown (None: never opened), how many published since are others',
    # the first of those, and how many published posts come before it (its page).
    seen_by_reader: Mapped[int | None] = query_expression()
    unread_for_reader: Mapped[int | None] = query_expression()
    first_unread_for_reader: Mapped[int | None] = query_expression()
    before_first_unread: Mapped[int | None] = query_expression()

    space: Mapped[Space] = relationship()
    author: Mapped[Member] = relationship()


class Post(db.Model):  # type: ignore[name-defined]
    __tablename__ = "post"
    __table_args__ = (
        # The thread page: published posts of a thread in order.
        Index("ix_post_thread_listing", "thread_id", "status", "id"),
        # An author's posts by status, with their ids: their record reads the index alone.
        Index("ix_post_author", "author_id", "status", "id"),
        # What moderation has to look at, oldest request first: only the waiting posts, with
        # what the worker and the queue ask of them, so that they read the index alone.
        Index(
            "ix_post_review_requested",
            "review_requested_at",
            "id",
            "thread_id",
            "status",
            sqlite_where=text("review_requested_at IS NOT NULL"),
            postgresql_where=text("review_requested_at IS NOT NULL"),
        ),
        # A form sent twice (a dropped connection, a double click) stores one post.
        Index("uq_post_author_submission", "author_id", "submission_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("thread.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    # What the author wrote, kept as written, and its one sanitized rendering.
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[PostStatus] = mapped_column(enum_type(PostStatus), default=PostStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    status_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Set whenever something about this post waits for a moderator (a new post, an edit,
    # a report) and cleared by their decision: moderation reads its work from here, so
    # the forums need not know how it is done.
    review_requested_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The one-time key of the form that wrote the post (none for posts not written
    # through a form): the same form sent again finds this post instead of a second one.
    submission_key: Mapped[str | None] = mapped_column(String(32))

    thread: Mapped[Thread] = relationship()
    author: Mapped[Member] = relationship()
    # What this reply quotes, if it does (loaded with the page's posts).
    quote: Mapped[PostQuote | None] = relationship(
        foreign_keys="PostQuote.post_id", viewonly=True, uselist=False
    )


class RevisionStatus(enum.StrEnum):
    # A proposed edit of a published post, waiting for a moderator; the published
    # text stays visible meanwhile.
    PENDING = "pending"
    # An earlier text, kept because nothing a member wrote is ever lost.
    HISTORY = "history"
    # A proposed edit a moderator turned down; the published text stays.
    REJECTED = "rejected"


class PostRevision(db.Model):  # type: ignore[name-defined]
    __tablename__ = "post_revision"
    __table_args__ = (Index("ix_post_revision_post", "post_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"))
    # Only for the opening post of a thread: the thread's title with this text.
    title: Mapped[str | None] = mapped_column(String(200))
    body_source: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[RevisionStatus] = mapped_column(enum_type(RevisionStatus))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    post: Mapped[Post] = relationship()


class ReactionKind(enum.StrEnum):
    """What a member may say of a published post without writing one, in the order shown."""

    THANKS = "thanks"  # « Merci »
    ME_TOO = "me_too"  # « Moi aussi »
    SUPPORT = "support"  # « Je vous soutiens »


class Reaction(db.Model):  # type: ignore[name-defined]
    """A member's reaction to a published post: not a post, so nothing for a moderator to
    read. One of each kind per member and post (the primary key); shown only while the post
    is published, so a post taken down takes its reactions with it."""

    __tablename__ = "reaction"
    __table_args__ = (
        # What a member reacted to: their erasure, their data.
        Index("ix_reaction_member", "member_id"),
    )

    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)
    kind: Mapped[ReactionKind] = mapped_column(enum_type(ReactionKind), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PostQuote(db.Model):  # type: ignore[name-defined]
    """What a reply quotes of an earlier post of its thread: a reference to that post and
    the passage, in the quoted author's own words (forums.quotes checks them), rendered
    once. The page shows it from the quoted post as it is now (`state`): a post taken down,
    or whose text no longer holds the passage, is no longer quoted."""

    __tablename__ = "post_quote"

    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"), primary_key=True)
    quoted_post_id: Mapped[int] = mapped_column(ForeignKey("post.id"), index=True)
    passage_source: Mapped[str] = mapped_column(Text)
    passage_html: Mapped[str] = mapped_column(Text)

    quoted: Mapped[Post] = relationship(foreign_keys=[quoted_post_id])

    @property
    def state(self) -> str:
        """What the page shows of the quote: "shown" while the quoted post says this;
        "withdrawn" once it is taken down; "changed" once its text no longer says it. (The
        quoted post is in the reply's thread: whoever reads the reply may read it.)"""
        source = self.quoted
        if source.status is not PostStatus.PUBLISHED:
            return "withdrawn"
        if find_passage(source.body_source, self.passage_source) is None:
            return "changed"
        return "shown"


class Draft(db.Model):  # type: ignore[name-defined]
    """What a member was writing and has not sent yet: a new thread of a space, a reply in
    a thread, or an edit of one of their posts; exactly one of the three places is set.

    The words (title, body, chosen data card) are sealed with the vault's keys by the page
    that keeps them (community/pages/drafts.py): a draft may tell of one's health as any
    vault record does, and only its author ever reads it. Deleted when sent, by its author,
    with the account, and after DRAFT_KEPT_DAYS without a change.
    """

    __tablename__ = "draft"
    __table_args__ = (
        # One draft per member and place; named, as the convention would name all three alike.
        UniqueConstraint("member_id", "space_id", name="uq_draft_member_space"),
        UniqueConstraint("member_id", "thread_id", name="uq_draft_member_thread"),
        UniqueConstraint("member_id", "post_id", name="uq_draft_member_post"),
        CheckConstraint(
            "(CASE WHEN space_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN thread_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN post_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_place",
        ),
        # A draft deleted must not give its id to another: a tab left open on the page
        # that deletes it must not delete a newer one.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    space_id: Mapped[int | None] = mapped_column(ForeignKey("space.id", ondelete="CASCADE"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("thread.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # What the purge reads: drafts left unchanged too long go.
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    space: Mapped[Space | None] = relationship()
    thread: Mapped[Thread | None] = relationship()
    post: Mapped[Post | None] = relationship()


class MembershipRequestStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for a moderator or the association admin of the space
    ACCEPTED = "accepted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"  # taken back by the member before anyone decided


class MembershipRequest(db.Model):  # type: ignore[name-defined]
    """A member asking to join a members-only space, and what was decided.

    One row per request, decided once and never changed after: the space's record of who
    was let in or not, by whom and when, which its audit log page shows. Asking again
    after a refusal makes a new row. Following an invitation link is a request accepted
    at once, in the name of the invitation's author.
    """

    __tablename__ = "membership_request"
    __table_args__ = (
        # The requests waiting in a space, oldest first; its decided ones, latest first.
        Index("ix_membership_request_space", "space_id", "status", "created_at"),
        Index("ix_membership_request_member", "member_id", "space_id"),
        # One waiting request per member and space, even for two forms sent at once.
        Index(
            "uq_membership_request_waiting",
            "space_id",
            "member_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"))
    # What the member chose to say to the moderators (optional); only they read it.
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[MembershipRequestStatus] = mapped_column(
        enum_type(MembershipRequestStatus, 10), default=MembershipRequestStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    # The decider's word to the member, if they give one (a refusal needs no reason).
    answer: Mapped[str] = mapped_column(Text, default="")
    # The invitation link that let the member in, if that is how they came.
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("space_invitation.id"))

    member: Mapped[Member] = relationship(foreign_keys=[member_id])
    decided_by: Mapped[Member | None] = relationship(foreign_keys=[decided_by_id])
    space: Mapped[Space] = relationship()


class SpaceInvitation(db.Model):  # type: ignore[name-defined]
    """A link a space's moderator or association admin sends to let people in without a
    request: signed (the link carries this row's id under the site's secret), valid until
    `expires_at`, for `max_uses` members at most, and revocable."""

    __tablename__ = "space_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    space_id: Mapped[int] = mapped_column(ForeignKey("space.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    max_uses: Mapped[int] = mapped_column(Integer, default=1)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    created_by: Mapped[Member | None] = relationship()
    space: Mapped[Space] = relationship()

    def usable_at(self, when: datetime) -> bool:
        return self.revoked_at is None and self.uses < self.max_uses and when < self.expires_at
