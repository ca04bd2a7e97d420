"""the one-time key of the form that wrote a post, so that a form sent twice stores one post

Revision ID: 5d2b7e91c4a0
Revises: 3c8e5a91d2f4
Create Date: 2026-12-02 06:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d2b7e91c4a0'
down_revision = '3c8e5a91d2f4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_key', sa.String(length=32), nullable=True))
        batch_op.create_index(
            'uq_post_author_submission', ['author_id', 'submission_key'], unique=True
        )


def downgrade():
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_index('uq_post_author_submission')
        batch_op.drop_column('submission_key')
