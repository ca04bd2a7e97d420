"""A member's drafts: what they were writing and did not send, sealed like the vault

Revision ID: 9b3d5f7a1c24
Revises: a7e8d0051060
Create Date: 2026-12-02 15:00:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "9b3d5f7a1c24"
down_revision = "a7e8d0051060"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("space_id", sa.Integer(), nullable=True),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(CASE WHEN space_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN thread_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN post_id IS NULL THEN 0 ELSE 1 END) = 1",
            name=op.f("ck_draft_one_place"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_draft_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["post.id"], name=op.f("fk_draft_post_id_post"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["space_id"], ["space.id"], name=op.f("fk_draft_space_id_space"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["thread.id"],
            name=op.f("fk_draft_thread_id_thread"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft")),
        sa.UniqueConstraint("member_id", "post_id", name=op.f("uq_draft_member_post")),
        sa.UniqueConstraint("member_id", "space_id", name=op.f("uq_draft_member_space")),
        sa.UniqueConstraint("member_id", "thread_id", name=op.f("uq_draft_member_thread")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_updated_at"), ["updated_at"], unique=False)


def downgrade():
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_updated_at"))
    op.drop_table("draft")
