"""Members' archives of everything the site holds about them: asked for, built by the
worker for a large account, sealed, kept a few days, each download counted

Revision ID: b8d2f4a61c37
Revises: c4a8e2f6b1d3
Create Date: 2026-12-09 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "b8d2f4a61c37"
down_revision = "c4a8e2f6b1d3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "member_export",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "ready",
                "expired",
                "failed",
                name="exportstatus",
                native_enum=False,
                length=8,
            ),
            nullable=False,
        ),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("ready_at", sa.DateTime(), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("sealed", sa.LargeBinary(), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("downloads", sa.Integer(), nullable=False),
        sa.Column("last_downloaded_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_member_export_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_export")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("member_export", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_export_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_export_status"), ["status"], unique=False)


def downgrade():
    # The kinds of notification the code before this revision does not know.
    notification = sa.table("notification", sa.column("kind", sa.String()))
    op.execute(
        notification.delete().where(notification.c.kind.in_(("export_ready", "export_failed")))
    )
    with op.batch_alter_table("member_export", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_export_status"))
        batch_op.drop_index(batch_op.f("ix_member_export_member_id"))
    op.drop_table("member_export")
