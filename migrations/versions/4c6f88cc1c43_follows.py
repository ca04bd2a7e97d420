"""Members follow threads and spaces: those who wrote in a thread follow it

Revision ID: 4c6f88cc1c43
Revises: b8d2f4a61c37
Create Date: 2026-12-04 09:00:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "4c6f88cc1c43"
down_revision = "b8d2f4a61c37"
branch_labels = None
depends_on = None

# The kinds of notification the code before this revision does not know.
NEWS_KINDS = ("followed_thread_reply", "followed_space_thread", "mentioned")


def upgrade():
    op.create_table(
        "space_follow",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("space_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_space_follow_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["space_id"], ["space.id"], name=op.f("fk_space_follow_space_id_space")
        ),
        sa.PrimaryKeyConstraint("member_id", "space_id", name=op.f("pk_space_follow")),
    )
    with op.batch_alter_table("space_follow", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_space_follow_space_id"), ["space_id"], unique=False)

    op.create_table(
        "thread_follow",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("following", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_thread_follow_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["thread.id"], name=op.f("fk_thread_follow_thread_id_thread")
        ),
        sa.PrimaryKeyConstraint("member_id", "thread_id", name=op.f("pk_thread_follow")),
    )
    with op.batch_alter_table("thread_follow", schema=None) as batch_op:
        batch_op.create_index("ix_thread_follow_thread", ["thread_id", "following"], unique=False)

    # Who wrote in a thread follows it, as who writes from now on will: since their
    # first post there that they did not withdraw.
    post = sa.table(
        "post",
        sa.column("author_id", sa.Integer()),
        sa.column("thread_id", sa.Integer()),
        sa.column("status", sa.String()),
        sa.column("created_at", sa.DateTime()),
    )
    follow = sa.table(
        "thread_follow",
        sa.column("member_id", sa.Integer()),
        sa.column("thread_id", sa.Integer()),
        sa.column("following", sa.Boolean()),
        sa.column("changed_at", sa.DateTime()),
    )
    op.execute(
        follow.insert().from_select(
            ["member_id", "thread_id", "following", "changed_at"],
            sa.select(post.c.author_id, post.c.thread_id, sa.true(), sa.func.min(post.c.created_at))
            .where(post.c.status != "withdrawn")
            .group_by(post.c.author_id, post.c.thread_id),
        )
    )


def downgrade():
    notification = sa.table("notification", sa.column("kind", sa.String()))
    op.execute(notification.delete().where(notification.c.kind.in_(NEWS_KINDS)))

    with op.batch_alter_table("thread_follow", schema=None) as batch_op:
        batch_op.drop_index("ix_thread_follow_thread")
    op.drop_table("thread_follow")

    with op.batch_alter_table("space_follow", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_space_follow_space_id"))
    op.drop_table("space_follow")
