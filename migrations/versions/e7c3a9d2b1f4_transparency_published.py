"""Spaces' transparency pages: when the association published them (none until it does)

Revision ID: e7c3a9d2b1f4
Revises: d4f1b2c3e5a6
Create Date: 2026-12-02 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "e7c3a9d2b1f4"
down_revision = "d4f1b2c3e5a6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("space", schema=None) as batch_op:
        batch_op.add_column(sa.Column("transparency_published_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("space", schema=None) as batch_op:
        batch_op.drop_column("transparency_published_at")
