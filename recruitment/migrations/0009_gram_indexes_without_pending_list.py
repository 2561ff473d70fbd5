"""The keyword search's GIN indexes without a pending list (``fastupdate = off``; ADR 0013).

With GIN's default ``fastupdate`` every new or changed posting goes to an unsorted pending list
(up to ``gin_pending_list_limit``, 4 MB) that every search reads through in full until a vacuum
merges it. Measured over 100,000 postings after a load: 367 pending pages on ``title_grams``, and
its index scan for a 6-character keyword took 20 ms instead of 0.3 ms. Postings are written a few
at a time, so paying the index insert at write time is the right trade; any pending entries left
are merged now."""

from django.db import migrations

INDEXES = ("rec_posting_title_grams_gin", "rec_posting_grams_gin")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} SET (fastupdate = off)")
        schema_editor.execute(f"SELECT gin_clean_pending_list('{name}'::regclass)")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX {name} RESET (fastupdate)")


class Migration(migrations.Migration):

    dependencies = [
        ("recruitment", "0008_job_applications"),
    ]

    operations = [migrations.RunPython(forward, backward)]
