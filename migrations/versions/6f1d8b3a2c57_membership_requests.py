"""Joining a members-only space is a request its moderators answer, or an invitation link

Revision ID: 6f1d8b3a2c57
Revises: 9b3d5f7a1c24
Create Date: 2026-12-05 09:00:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "6f1d8b3a2c57"
down_revision = "9b3d5f7a1c24"
branch_labels = None
depends_on = None

# The kinds of notification the code before this revision does not know.
MEMBERSHIP_KINDS = ("membership_requested", "membership_accepted", "membership_refused")


def upgrade():
    op.create_table(
        "space_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("space_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("max_uses", sa.Integer(), nullable=False),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["member.id"], name=op.f("fk_space_invitation_created_by_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["space_id"], ["space.id"], name=op.f("fk_space_invitation_space_id_space")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_space_invitation")),
    )
    with op.batch_alter_table("space_invitation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_space_invitation_space_id"), ["space_id"], unique=False
        )

    op.create_table(
        "membership_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("space_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "accepted",
                "refused",
                "withdrawn",
                name="membershiprequeststatus",
                native_enum=False,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["member.id"],
            name=op.f("fk_membership_request_decided_by_id_member"),
        ),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["space_invitation.id"],
            name=op.f("fk_membership_request_invitation_id_space_invitation"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_membership_request_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["space_id"], ["space.id"], name=op.f("fk_membership_request_space_id_space")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership_request")),
    )
    with op.batch_alter_table("membership_request", schema=None) as batch_op:
        batch_op.create_index(
            "ix_membership_request_space", ["space_id", "status", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_membership_request_member", ["member_id", "space_id"], unique=False
        )
        batch_op.create_index(
            "uq_membership_request_waiting",
            ["space_id", "member_id"],
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )

    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("space_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_notification_space_id_space"), "space", ["space_id"], ["id"]
        )


def downgrade():
    notification = sa.table("notification", sa.column("kind", sa.String()))
    op.execute(notification.delete().where(notification.c.kind.in_(MEMBERSHIP_KINDS)))
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_notification_space_id_space"), type_="foreignkey")
        batch_op.drop_column("space_id")

    with op.batch_alter_table("membership_request", schema=None) as batch_op:
        batch_op.drop_index("uq_membership_request_waiting")
        batch_op.drop_index("ix_membership_request_member")
        batch_op.drop_index("ix_membership_request_space")
    op.drop_table("membership_request")

    with op.batch_alter_table("space_invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_space_invitation_space_id"))
    op.drop_table("space_invitation")
