"""full-text search in PostgreSQL: unaccent and pg_trgm, French and English configurations,
a tsvector per findable post with a GIN index (nothing on SQLite, which keeps whoosh)

Revision ID: a3e8c1d5f702
Revises: 9c5e3a7b2d41
Create Date: 2026-12-02 06:50:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a3e8c1d5f702'
down_revision = '9c5e3a7b2d41'
branch_labels = None
depends_on = None

# Both extensions ship with Debian's PostgreSQL and are "trusted": the database's owner
# may create them, no superuser needed.
UPGRADE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TEXT SEARCH CONFIGURATION community_fr (COPY = french);
ALTER TEXT SEARCH CONFIGURATION community_fr
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
CREATE TEXT SEARCH CONFIGURATION community_en (COPY = english);
ALTER TEXT SEARCH CONFIGURATION community_en
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
CREATE TABLE search_document (
    post_id integer PRIMARY KEY,
    thread_id integer NOT NULL,
    space_id integer NOT NULL,
    title text NOT NULL,
    body text NOT NULL,
    author text NOT NULL,
    published_at timestamp without time zone NOT NULL,
    language varchar(2) NOT NULL,
    document tsvector NOT NULL
);
CREATE INDEX ix_search_document_document ON search_document USING gin (document);
CREATE INDEX ix_search_document_space ON search_document (space_id, published_at DESC);
CREATE TABLE search_word (word text PRIMARY KEY);
CREATE INDEX ix_search_word_trigrams ON search_word USING gin (word gin_trgm_ops);
"""

DOWNGRADE = """
DROP TABLE search_word;
DROP TABLE search_document;
DROP TEXT SEARCH CONFIGURATION community_en;
DROP TEXT SEARCH CONFIGURATION community_fr;
"""


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(UPGRADE)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(DOWNGRADE)
