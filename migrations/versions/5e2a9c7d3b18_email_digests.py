"""A member may ask for a summary of their notifications by e-mail, daily or weekly

Revision ID: 5e2a9c7d3b18
Revises: 4c6f88cc1c43
Create Date: 2026-12-04 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "5e2a9c7d3b18"
down_revision = "4c6f88cc1c43"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "email_digest",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column(
            "frequency",
            sa.Enum("daily", "weekly", name="digestfrequency", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("tries", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_email_digest_member_id_member")
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_email_digest")),
    )
    with op.batch_alter_table("email_digest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_email_digest_due_at"), ["due_at"], unique=False)


def downgrade():
    with op.batch_alter_table("email_digest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_digest_due_at"))
    op.drop_table("email_digest")
