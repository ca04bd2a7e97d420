"""score calibration per space, and the policy's switch to order the queue by it

Revision ID: 3c8e5a91d2f4
Revises: 0e599cb14393
Create Date: 2026-11-24 10:12:31.402117

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c8e5a91d2f4'
down_revision = '0e599cb14393'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('space_score_calibration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('space_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=False),
    sa.Column('knots', sa.JSON(), nullable=False),
    sa.Column('decisions', sa.Integer(), nullable=False),
    sa.Column('refused', sa.Integer(), nullable=False),
    sa.Column('fitted_at', sa.DateTime(), nullable=False),
    sa.Column('brier_raw', sa.Float(), nullable=False),
    sa.Column('brier_calibrated', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['space_id'], ['space.id'], name=op.f('fk_space_score_calibration_space_id_space')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_space_score_calibration')),
    sa.UniqueConstraint('space_id', 'label', name=op.f('uq_space_score_calibration_space_id'))
    )
    with op.batch_alter_table('space_policy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('use_calibrated_risk', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('space_policy', schema=None) as batch_op:
        batch_op.drop_column('use_calibrated_risk')

    op.drop_table('space_score_calibration')
