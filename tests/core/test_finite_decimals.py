"""Issue 11 item 4, "no stored value may make a page fail", for the one value no input path lets in
but PostgreSQL's ``numeric`` can hold: NaN. The portal's PostgreSQL engine gives every decimal column
a check that refuses it (``xingtai_jobs/core/postgresql/base.py``); tables created before it get the
check from each app's ``…_decimals_refuse_nan`` migration (``core.migration_ops.RefuseNaN``)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader

from xingtai_jobs.core.migration_ops import NAN_CHECKS, RefuseNaN

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite stores no NaN (it reads back as NULL)"),
]


def _decimal_columns():
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            for field in model._meta.local_concrete_fields:
                if isinstance(field, models.DecimalField):
                    yield model, field


def _nan_checked(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(NAN_CHECKS, [connection.ops.quote_name(table)])
        return dict(cursor.fetchall())


def test_the_engine_is_the_portals():
    assert settings.DATABASES["default"]["ENGINE"] == "xingtai_jobs.core.postgresql"
    assert connection.vendor == "postgresql"


def test_every_numeric_column_of_the_schema_refuses_nan():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type = 'numeric'"
        )
        columns = cursor.fetchall()
    assert len(columns) >= 40  # the project's 40 and django-celery-beat's 2
    unchecked = [f"{table}.{column}" for table, column in columns if column not in _nan_checked(table)]
    assert unchecked == []
    # every model decimal is one of those columns
    model_columns = {(model._meta.db_table, field.column) for model, field in _decimal_columns()}
    assert model_columns <= set(columns)


def test_nan_written_by_hand_into_any_decimal_column_is_refused(demo_data):
    """An UPDATE of each decimal column of each table with rows (the demo data) to NaN: refused."""
    tried = 0
    for model, field in _decimal_columns():
        if not model._default_manager.exists():
            continue
        table, column = (
            connection.ops.quote_name(model._meta.db_table),
            connection.ops.quote_name(field.column),
        )
        with (
            pytest.raises(IntegrityError, match="check constraint"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"UPDATE {table} SET {column} = 'NaN'::numeric")  # noqa: S608 - names from the models
        tried += 1
    assert tried >= 25  # complaints, reports, rounds, applications, payouts, postings, rankings, persons …


def test_the_migration_adds_the_check_to_a_column_that_lacks_it(demo_data):
    """A table made before the engine (an existing database) lacks the check: RefuseNaN adds it,
    leaves the checked columns alone, and its reverse takes it off again."""
    table = "wage_arrears_complaint"
    before = _nan_checked(table)
    assert {"amount_owed", "amount_recovered"} <= before.keys()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the demo's deferred key checks, before the DDL
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{before["amount_owed"]}"')
    assert "amount_owed" not in _nan_checked(table)
    with transaction.atomic():  # now NaN goes in, as it would in a database made before the engine
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET amount_owed = 'NaN'::numeric")
            assert cursor.rowcount > 0
        transaction.set_rollback(True)

    state = MigrationLoader(connection).project_state()
    with connection.schema_editor(atomic=False) as editor:
        RefuseNaN().database_forwards("wage_arrears", editor, state, state)
    after = _nan_checked(table)
    assert after.keys() == before.keys()
    assert after["amount_recovered"] == before["amount_recovered"]  # untouched
    with (
        pytest.raises(IntegrityError, match="check constraint"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET amount_owed = 'NaN'::numeric")

    with connection.schema_editor(atomic=False) as editor:
        RefuseNaN().database_backwards("wage_arrears", editor, state, state)
    assert _nan_checked(table) == {}
