"""Members react to published posts ("Merci", "Moi aussi", "Je vous soutiens") and quote them

Revision ID: a7e8d0051060
Revises: 8b3f1d6a2c47
Create Date: 2026-12-02 14:41:24.324508

"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "a7e8d0051060"
down_revision = "8b3f1d6a2c47"
branch_labels = None
depends_on = None

# The kind of notification the code before this revision does not know.
QUOTED = "quoted"


def upgrade():
    op.create_table(
        "post_quote",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("quoted_post_id", sa.Integer(), nullable=False),
        sa.Column("passage_source", sa.Text(), nullable=False),
        sa.Column("passage_html", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"], name=op.f("fk_post_quote_post_id_post")),
        sa.ForeignKeyConstraint(
            ["quoted_post_id"], ["post.id"], name=op.f("fk_post_quote_quoted_post_id_post")
        ),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_post_quote")),
    )
    with op.batch_alter_table("post_quote", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_post_quote_quoted_post_id"), ["quoted_post_id"], unique=False
        )

    op.create_table(
        "reaction",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "thanks", "me_too", "support", name="reactionkind", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_reaction_member_id_member")
        ),
        sa.ForeignKeyConstraint(["post_id"], ["post.id"], name=op.f("fk_reaction_post_id_post")),
        sa.PrimaryKeyConstraint("post_id", "member_id", "kind", name=op.f("pk_reaction")),
    )
    with op.batch_alter_table("reaction", schema=None) as batch_op:
        batch_op.create_index("ix_reaction_member", ["member_id"], unique=False)


def downgrade():
    notification = sa.table("notification", sa.column("kind", sa.String()))
    op.execute(notification.delete().where(notification.c.kind == QUOTED))

    with op.batch_alter_table("reaction", schema=None) as batch_op:
        batch_op.drop_index("ix_reaction_member")
    op.drop_table("reaction")

    with op.batch_alter_table("post_quote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_post_quote_quoted_post_id"))
    op.drop_table("post_quote")
