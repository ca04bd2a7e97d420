"""How far each member has read each thread: the unread markers

Revision ID: 8b3f1d6a2c47
Revises: 030c6b20c921
Create Date: 2026-12-02 15:00:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "8b3f1d6a2c47"
down_revision = "030c6b20c921"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "thread_read",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("last_seen_post_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_thread_read_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["thread.id"], name=op.f("fk_thread_read_thread_id_thread")
        ),
        sa.PrimaryKeyConstraint("member_id", "thread_id", name=op.f("pk_thread_read")),
    )


def downgrade():
    op.drop_table("thread_read")
