"""Each space's prepared texts for refusals and edit requests, and the log of the
association's changes to them

Revision ID: c4a8e2f6b1d3
Revises: c4a7e2f9d815
Create Date: 2026-12-02 11:09:48.958588

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4a8e2f6b1d3'
down_revision = 'c4a7e2f9d815'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('canned_text',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('space_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('refusal', 'edit_request', name='cannedkind', native_enum=False, length=16), nullable=False),
    sa.Column('title', sa.String(length=80), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('reason_code', sa.String(length=40), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['member.id'], name=op.f('fk_canned_text_created_by_id_member')),
    sa.ForeignKeyConstraint(['space_id'], ['space.id'], name=op.f('fk_canned_text_space_id_space')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['member.id'], name=op.f('fk_canned_text_updated_by_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canned_text'))
    )
    with op.batch_alter_table('canned_text', schema=None) as batch_op:
        batch_op.create_index('ix_canned_text_space', ['space_id', 'kind', 'position'], unique=False)

    op.create_table('canned_text_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('space_id', sa.Integer(), nullable=False),
    sa.Column('canned_text_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_pseudonym', sa.String(length=80), nullable=False),
    sa.Column('action', sa.Enum('created', 'edited', 'moved', 'deleted', name='cannedchange', native_enum=False, length=16), nullable=False),
    sa.Column('kind', sa.Enum('refusal', 'edit_request', name='cannedkind', native_enum=False, length=16), nullable=False),
    sa.Column('title', sa.String(length=80), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('reason_code', sa.String(length=40), nullable=True),
    sa.Column('previous_title', sa.String(length=80), nullable=True),
    sa.Column('previous_body', sa.Text(), nullable=True),
    sa.Column('previous_reason_code', sa.String(length=40), nullable=True),
    sa.Column('position', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['member.id'], name=op.f('fk_canned_text_change_actor_id_member')),
    sa.ForeignKeyConstraint(['space_id'], ['space.id'], name=op.f('fk_canned_text_change_space_id_space')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_canned_text_change'))
    )
    with op.batch_alter_table('canned_text_change', schema=None) as batch_op:
        batch_op.create_index('ix_canned_text_change_space', ['space_id', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('canned_text_change', schema=None) as batch_op:
        batch_op.drop_index('ix_canned_text_change_space')

    op.drop_table('canned_text_change')
    with op.batch_alter_table('canned_text', schema=None) as batch_op:
        batch_op.drop_index('ix_canned_text_space')

    op.drop_table('canned_text')
