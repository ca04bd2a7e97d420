"""Each waiting notice holds one of its address's few places, so that the limits on an
address's notices are kept by unique indexes rather than by a count read first

Revision ID: c4a7e2f9d815
Revises: b8f2d4e6a913
Create Date: 2026-12-03 14:00:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "c4a7e2f9d815"
down_revision = "b8f2d4e6a913"
branch_labels = None
depends_on = None

WAITING = "open_slot IS NOT NULL"
# A waiting notice of an address that notified the same post earlier, and waits too: two
# requests at once could store both before; the later one holds no place.
TWIN_EARLIER = """EXISTS (
    SELECT 1 FROM visitor_notice AS twin
    WHERE twin.email = {row}.email AND twin.post_id = {row}.post_id
      AND twin.outcome = 'open' AND twin.id < {row}.id
)"""


def upgrade():
    with op.batch_alter_table("visitor_notice", schema=None) as batch_op:
        batch_op.add_column(sa.Column("open_slot", sa.SmallInteger(), nullable=True))

    # The notices waiting now take places 1, 2 … of their address, oldest first.
    op.execute(
        f"""
        UPDATE visitor_notice SET open_slot = (
            SELECT COUNT(*) FROM visitor_notice AS other
            WHERE other.email = visitor_notice.email AND other.outcome = 'open'
              AND other.id <= visitor_notice.id
              AND NOT {TWIN_EARLIER.format(row="other")}
        )
        WHERE outcome = 'open' AND email IS NOT NULL
          AND NOT {TWIN_EARLIER.format(row="visitor_notice")}
        """
    )

    with op.batch_alter_table("visitor_notice", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            "uq_visitor_notice_open_slot", ["email", "open_slot"]
        )
        batch_op.create_index(
            "uq_visitor_notice_open_post",
            ["email", "post_id"],
            unique=True,
            sqlite_where=sa.text(WAITING),
            postgresql_where=sa.text(WAITING),
        )


def downgrade():
    with op.batch_alter_table("visitor_notice", schema=None) as batch_op:
        batch_op.drop_index("uq_visitor_notice_open_post")
        batch_op.drop_constraint("uq_visitor_notice_open_slot", type_="unique")
        batch_op.drop_column("open_slot")
