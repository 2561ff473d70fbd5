"""Keyword search from an index (PostgreSQL only; SQLite keeps the plain substring filter).

Chinese has no spaces and most job keywords are two characters, so the posting text is indexed as
its overlapping character unigrams and bigrams: ``search_grams`` (``xt_grams(search_text)``: title,
occupation, employer) and ``title_grams`` (title and occupation: the more relevant matches) are
stored generated columns under GIN indexes. A keyword is looked up by its bigrams (its one
character when it has one) with ``@>`` and the candidates are confirmed with the exact substring.
Both sides use the same SQL functions, so the index and the query always agree (ADR 0013)."""

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION xt_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(u, i, n)), '{}')
  FROM (SELECT upper(t) AS u) s, generate_series(1, char_length(u)) AS i, (VALUES (1), (2)) AS w(n)
  WHERE i + n - 1 <= char_length(u)
$$;
CREATE OR REPLACE FUNCTION xt_query_grams(k text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN char_length(k) = 1 THEN ARRAY[upper(k)]
              ELSE coalesce((SELECT array_agg(DISTINCT substr(upper(k), i, 2))
                             FROM generate_series(1, char_length(k) - 1) AS i), '{}') END
$$;
ALTER TABLE recruitment_jobposting
  ADD COLUMN search_grams text[] GENERATED ALWAYS AS (xt_grams(search_text)) STORED,
  ADD COLUMN title_grams text[] GENERATED ALWAYS AS (xt_grams(title || ' ' || occupation)) STORED;
CREATE INDEX rec_posting_grams_gin ON recruitment_jobposting USING gin (search_grams);
CREATE INDEX rec_posting_title_grams_gin ON recruitment_jobposting USING gin (title_grams);
ANALYZE recruitment_jobposting;
"""

BACKWARD = """
DROP INDEX IF EXISTS rec_posting_title_grams_gin;
DROP INDEX IF EXISTS rec_posting_grams_gin;
ALTER TABLE recruitment_jobposting DROP COLUMN IF EXISTS title_grams, DROP COLUMN IF EXISTS search_grams;
DROP FUNCTION IF EXISTS xt_query_grams(text);
DROP FUNCTION IF EXISTS xt_grams(text);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("recruitment", "0003_posting_search"),
    ]

    operations = [migrations.RunPython(forward, backward)]
