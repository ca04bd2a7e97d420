"""Spaces' transparency pages: when the association published them (none until it does),
and the closed months' figures the worker keeps for them

Revision ID: e7c3a9d2b1f4
Revises: 94df27c4ee1a
Create Date: 2026-12-02 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "e7c3a9d2b1f4"
down_revision = "94df27c4ee1a"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "transparency_month",
        sa.Column("space_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["space_id"], ["space.id"], name=op.f("fk_transparency_month_space_id_space")
        ),
        sa.PrimaryKeyConstraint("space_id", "month", "key", name=op.f("pk_transparency_month")),
    )
    with op.batch_alter_table("space", schema=None) as batch_op:
        batch_op.add_column(sa.Column("transparency_published_at", sa.DateTime(), nullable=True))


def downgrade():
    op.drop_table("transparency_month")
    with op.batch_alter_table("space", schema=None) as batch_op:
        batch_op.drop_column("transparency_published_at")
