"""when a failed notification e-mail is tried again (the wait doubles, up to two hours)

Revision ID: 8b4d2f6a1c37
Revises: 7a1c3e5f9b20
Create Date: 2026-12-02 06:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8b4d2f6a1c37'
down_revision = '7a1c3e5f9b20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_retry_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_column('email_retry_at')
