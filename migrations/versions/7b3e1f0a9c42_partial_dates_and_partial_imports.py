"""A vault entry keeps how much of its date is known; an import keeps its refused lines

Revision ID: 7b3e1f0a9c42
Revises: 6f1d8b3a2c57
Create Date: 2026-12-02 15:00:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "7b3e1f0a9c42"
down_revision = "6f1d8b3a2c57"
branch_labels = None
depends_on = None

PRECISION = sa.Enum("day", "month", "year", name="precision", native_enum=False, length=8)


def upgrade():
    # Every entry written so far was typed or imported with its day.
    with op.batch_alter_table("vault_entry", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("date_precision", PRECISION, server_default="day", nullable=False)
        )
    with op.batch_alter_table("pending_import", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rejected_sealed", sa.LargeBinary(), nullable=True))
        batch_op.add_column(
            sa.Column("rejected_count", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("confirmed_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("pending_import", schema=None) as batch_op:
        batch_op.drop_column("confirmed_at")
        batch_op.drop_column("rejected_count")
        batch_op.drop_column("rejected_sealed")
    with op.batch_alter_table("vault_entry", schema=None) as batch_op:
        batch_op.drop_column("date_precision")
