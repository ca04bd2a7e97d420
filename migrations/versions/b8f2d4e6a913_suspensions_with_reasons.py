"""Suspensions are decisions of the audit log about an account, for a time or without an
end, and contestable: a decision and an appeal may name no post and no space

Revision ID: b8f2d4e6a913
Revises: e7c3a9d2b1f4
Create Date: 2026-12-03 09:00:00.000000

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "b8f2d4e6a913"
down_revision = "e7c3a9d2b1f4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("suspended_until", sa.DateTime(), nullable=True))

    with op.batch_alter_table("moderation_decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject_id", sa.Integer(), nullable=True))
        batch_op.alter_column("post_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("space_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_moderation_decision_subject_id"), ["subject_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_moderation_decision_subject_id_member"),
            "member",
            ["subject_id"],
            ["id"],
        )

    with op.batch_alter_table("appeal", schema=None) as batch_op:
        batch_op.alter_column("post_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("space_id", existing_type=sa.Integer(), nullable=True)


def downgrade():
    # The decisions about accounts, their appeals and what told of them have no post to
    # keep: they go first.
    decision = sa.table(
        "moderation_decision", sa.column("id", sa.Integer()), sa.column("post_id", sa.Integer())
    )
    about_accounts = sa.select(decision.c.id).where(decision.c.post_id.is_(None))
    notification = sa.table(
        "notification", sa.column("decision_id", sa.Integer()), sa.column("kind", sa.String())
    )
    op.execute(notification.delete().where(notification.c.decision_id.in_(about_accounts)))
    # The kinds of notification the code before this revision does not know.
    later_kinds = ("appeal_to_decide", "account_suspended", "account_reinstated")
    op.execute(notification.delete().where(notification.c.kind.in_(later_kinds)))
    appeal = sa.table("appeal", sa.column("post_id", sa.Integer()))
    op.execute(appeal.delete().where(appeal.c.post_id.is_(None)))
    op.execute(decision.delete().where(decision.c.post_id.is_(None)))

    with op.batch_alter_table("appeal", schema=None) as batch_op:
        batch_op.alter_column("space_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("post_id", existing_type=sa.Integer(), nullable=False)

    with op.batch_alter_table("moderation_decision", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_moderation_decision_subject_id_member"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_moderation_decision_subject_id"))
        batch_op.alter_column("space_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("post_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("subject_id")

    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_column("suspended_until")
