"""statements of reasons stored with the decisions, and the appeals of decisions

Revision ID: d4e7a2b9c610
Revises: a3e8c1d5f702
Create Date: 2026-12-02 08:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e7a2b9c610'
down_revision = 'a3e8c1d5f702'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('appeal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('space_id', sa.Integer(), nullable=False),
    sa.Column('appellant_id', sa.Integer(), nullable=True),
    sa.Column('as_reporter', sa.Boolean(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'upheld', 'reversed', name='appealstatus', native_enum=False, length=10), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('outcome_decision_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['appellant_id'], ['member.id'], name=op.f('fk_appeal_appellant_id_member')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['member.id'], name=op.f('fk_appeal_decided_by_id_member')),
    sa.ForeignKeyConstraint(['decision_id'], ['moderation_decision.id'], name=op.f('fk_appeal_decision_id_moderation_decision')),
    sa.ForeignKeyConstraint(['outcome_decision_id'], ['moderation_decision.id'], name=op.f('fk_appeal_outcome_decision_id_moderation_decision')),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_appeal_post_id_post')),
    sa.ForeignKeyConstraint(['space_id'], ['space.id'], name=op.f('fk_appeal_space_id_space')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeal')),
    sa.UniqueConstraint('decision_id', 'appellant_id', name=op.f('uq_appeal_decision_id'))
    )
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeal_appellant_id'), ['appellant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appeal_post_id'), ['post_id'], unique=False)
        batch_op.create_index('ix_appeal_space_status', ['space_id', 'status', 'created_at'], unique=False)

    with op.batch_alter_table('moderation_decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('statement', sa.JSON(), nullable=True))



def downgrade():
    with op.batch_alter_table('moderation_decision', schema=None) as batch_op:
        batch_op.drop_column('statement')

    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.drop_index('ix_appeal_space_status')
        batch_op.drop_index(batch_op.f('ix_appeal_post_id'))
        batch_op.drop_index(batch_op.f('ix_appeal_appellant_id'))

    op.drop_table('appeal')
