"""queue items know whether their post waits (a copy of its request) and what kinds of
finding they hold, so that the queue, its filters and their counts read partial indexes;
the open reports of a space get one too, the waiting posts' index holds only them,
and an author's posts are counted from theirs

Revision ID: 030c6b20c921
Revises: 5e2a9c7d3b18
Create Date: 2026-12-02 11:23:02.965620

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '030c6b20c921'
down_revision = '5e2a9c7d3b18'
branch_labels = None
depends_on = None

# The kinds the queue filters on, and their columns (models.QUEUE_KINDS, as of this revision).
KINDS = {
    'personal_data': 'has_personal_data',
    'dangerous_advice': 'has_dangerous_advice',
    'spam': 'has_spam',
    'watched_word': 'has_watched_word',
}
ORDER = ['space_id', sa.literal_column('urgent DESC'), sa.literal_column('risk DESC'), 'waiting_since', 'post_id']
WAITING = 'waiting_since IS NOT NULL'


def _where(*terms):
    """The index's condition, as each database writes a boolean column."""
    sqlite = ' AND '.join([WAITING, *(f'{term} = 1' for term in terms)])
    postgresql = ' AND '.join([WAITING, *terms])
    return {'sqlite_where': sa.text(sqlite), 'postgresql_where': sa.text(postgresql)}


def upgrade():
    with op.batch_alter_table('moderation_item', schema=None) as batch_op:
        for column in KINDS.values():
            batch_op.add_column(sa.Column(column, sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('waiting_since', sa.DateTime(), nullable=True))
        batch_op.drop_index(batch_op.f('ix_moderation_item_queue'))

    # What the queue showed until now, written down: a post waits while it is pending or
    # published with a request for review; a kind is found when the stored findings name it
    # (the serializer's text, the same on both databases, which the queue searched).
    op.execute(
        "UPDATE moderation_item SET waiting_since = ("
        " SELECT post.review_requested_at FROM post WHERE post.id = moderation_item.post_id"
        " AND post.status IN ('pending', 'published'))"
    )
    findings = sa.cast(sa.column('findings'), sa.Text)
    item = sa.table('moderation_item', sa.column('findings'), *(sa.column(c) for c in KINDS.values()))
    for kind, column in KINDS.items():
        op.execute(item.update().values({column: findings.like(f'%"kind": "{kind}"%')}).where(sa.column('findings').is_not(None)))

    with op.batch_alter_table('moderation_item', schema=None) as batch_op:
        batch_op.create_index('ix_moderation_item_waiting', ORDER, unique=False, **_where())
        for kind, column in KINDS.items():
            batch_op.create_index(f'ix_moderation_item_waiting_{kind}', ORDER, unique=False, **_where(column))

    with op.batch_alter_table('post_report', schema=None) as batch_op:
        batch_op.create_index('ix_post_report_open_space', ['space_id', 'post_id'], unique=False, sqlite_where=sa.text('resolved_at IS NULL'), postgresql_where=sa.text('resolved_at IS NULL'))

    # The waiting posts alone, with their ids, threads and statuses: the worker's claim and
    # the queue's posts not scored yet read them from the index only.
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_index('ix_post_review_requested')
        batch_op.create_index('ix_post_review_requested', ['review_requested_at', 'id', 'thread_id', 'status'], unique=False, sqlite_where=sa.text('review_requested_at IS NOT NULL'), postgresql_where=sa.text('review_requested_at IS NOT NULL'))
        # The author's record beside a queue item counts from the index alone.
        batch_op.drop_index('ix_post_author')
        batch_op.create_index('ix_post_author', ['author_id', 'status', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_index('ix_post_author')
        batch_op.create_index('ix_post_author', ['author_id', 'status'], unique=False)
        batch_op.drop_index('ix_post_review_requested')
        batch_op.create_index('ix_post_review_requested', ['review_requested_at'], unique=False)

    with op.batch_alter_table('post_report', schema=None) as batch_op:
        batch_op.drop_index('ix_post_report_open_space')

    with op.batch_alter_table('moderation_item', schema=None) as batch_op:
        for kind in reversed(list(KINDS)):
            batch_op.drop_index(f'ix_moderation_item_waiting_{kind}')
        batch_op.drop_index('ix_moderation_item_waiting')
        batch_op.create_index(batch_op.f('ix_moderation_item_queue'), ['space_id', 'urgent', 'risk', 'requested_at'], unique=False)
        batch_op.drop_column('waiting_since')
        for column in reversed(list(KINDS.values())):
            batch_op.drop_column(column)
