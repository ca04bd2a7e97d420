"""PostgreSQL search: the findable posts walked newest first (over every space, and
within one), and only what a search reads kept in search_document (nothing on SQLite)

A common word's newest matches are found by walking the posts from the newest one
instead of fetching every match; the title, body and author were never read by a
search (excerpts come from the page's own text), so the rows are half as large.

Revision ID: d4f1b2c3e5a6
Revises: d4e7a2b9c610
Create Date: 2026-12-02 08:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd4f1b2c3e5a6'
down_revision = 'd4e7a2b9c610'
branch_labels = None
depends_on = None

UPGRADE = """
CREATE INDEX ix_search_document_published ON search_document (published_at DESC, post_id DESC);
DROP INDEX ix_search_document_space;
CREATE INDEX ix_search_document_space
    ON search_document (space_id, published_at DESC, post_id DESC);
ALTER TABLE search_document DROP COLUMN title, DROP COLUMN body, DROP COLUMN author;
"""

# The texts come back empty: nothing reads them, and `flask reindex` rewrites every row.
DOWNGRADE = """
ALTER TABLE search_document
    ADD COLUMN title text NOT NULL DEFAULT '',
    ADD COLUMN body text NOT NULL DEFAULT '',
    ADD COLUMN author text NOT NULL DEFAULT '';
DROP INDEX ix_search_document_space;
CREATE INDEX ix_search_document_space ON search_document (space_id, published_at DESC);
DROP INDEX ix_search_document_published;
"""


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(UPGRADE)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(DOWNGRADE)
