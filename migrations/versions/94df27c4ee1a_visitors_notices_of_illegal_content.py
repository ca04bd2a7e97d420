"""visitors' notices of illegal content: the notice beside the report with no member
that puts the post in the queue, and the sender's address until it is erased

Revision ID: 94df27c4ee1a
Revises: d4f1b2c3e5a6
Create Date: 2026-12-02 09:26:48.791659

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '94df27c4ee1a'
down_revision = 'd4f1b2c3e5a6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('visitor_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('space_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('outcome', sa.Enum('open', 'taken_down', 'kept', name='noticeoutcome', native_enum=False, length=12), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decision_id'], ['moderation_decision.id'], name=op.f('fk_visitor_notice_decision_id_moderation_decision')),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_visitor_notice_post_id_post')),
    sa.ForeignKeyConstraint(['report_id'], ['post_report.id'], name=op.f('fk_visitor_notice_report_id_post_report')),
    sa.ForeignKeyConstraint(['space_id'], ['space.id'], name=op.f('fk_visitor_notice_space_id_space')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visitor_notice')),
    sa.UniqueConstraint('report_id', name=op.f('uq_visitor_notice_report_id'))
    )
    with op.batch_alter_table('visitor_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visitor_notice_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_visitor_notice_post_id'), ['post_id'], unique=False)
        batch_op.create_index('ix_visitor_notice_space', ['space_id', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('visitor_notice', schema=None) as batch_op:
        batch_op.drop_index('ix_visitor_notice_space')
        batch_op.drop_index(batch_op.f('ix_visitor_notice_post_id'))
        batch_op.drop_index(batch_op.f('ix_visitor_notice_email'))

    op.drop_table('visitor_notice')
