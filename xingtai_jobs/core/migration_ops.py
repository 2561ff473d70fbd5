"""Migration operations of the kernel."""

from __future__ import annotations

from django.db import migrations

NAN_CHECKS = """
    SELECT a.attname, c.conname
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
     WHERE c.contype = 'c' AND c.conrelid = %s::regclass AND array_length(c.conkey, 1) = 1
       AND pg_get_constraintdef(c.oid) LIKE '%%NaN%%'
"""


class RefuseNaN(migrations.operations.base.Operation):
    """Give every decimal column of the app's models the engine's NaN check where it lacks one
    (``xingtai_jobs/core/postgresql/base.py``): tables created by this engine have it already, those
    created before it get it here. Nothing to do on SQLite, which cannot store NaN."""

    reversible = True
    reduces_to_sql = True

    def state_forwards(self, app_label, state):
        pass

    def _columns(self, app_label, schema_editor, state):
        connection = schema_editor.connection
        if "DecimalField" not in connection.data_type_check_constraints:
            return
        for model in state.apps.get_app_config(app_label).get_models():
            if not model._meta.managed or model._meta.proxy:
                continue
            table = model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(NAN_CHECKS, [connection.ops.quote_name(table)])
                existing = dict(cursor.fetchall())
            for field in model._meta.local_concrete_fields:
                if field.get_internal_type() == "DecimalField":
                    yield model, field, existing.get(field.column)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for model, field, existing in list(self._columns(app_label, schema_editor, to_state)):
            if existing:
                continue
            name = schema_editor._create_index_name(model._meta.db_table, [field.column], suffix="_check")
            check = field.db_parameters(schema_editor.connection)["check"]
            schema_editor.execute(schema_editor._create_check_sql(model, name, check))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for model, _field, existing in list(self._columns(app_label, schema_editor, from_state)):
            if existing:
                schema_editor.execute(schema_editor._delete_check_sql(model, existing))

    def describe(self):
        return "Decimal columns refuse NaN"

    @property
    def migration_name_fragment(self):
        return "decimals_refuse_nan"
