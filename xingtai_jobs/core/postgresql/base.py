"""Django's PostgreSQL backend, with decimal columns that refuse NaN (issue 11 item 4: "no stored
value may make a page fail").

PostgreSQL's ``numeric`` holds ``NaN`` — a column with a precision, as every Django ``DecimalField``
has, refuses infinity but not NaN. Every input path of the portal refuses NaN (forms, the admin,
serializers, imports); a value typed by hand into the database, though, would make every page that
reads it fail: ``Decimal('NaN')`` cannot be compared, summed into a total or formatted as money, and
psycopg's C loader reads it before any of the portal's code runs. So the column itself refuses it:
every decimal column carries ``CHECK ("<column>" <> 'NaN')``, the way Django gives each positive
integer column ``>= 0`` — on new tables and columns by the schema editor, on the columns that
existed before by each app's ``…_decimals_refuse_nan`` migration (``core.migration_ops.RefuseNaN``).
``tests/core/test_finite_decimals.py`` writes NaN into every decimal column of the schema.

Used when ``DATABASE_URL`` is a PostgreSQL URL (``settings.py``)."""

from __future__ import annotations

from django.db.backends.postgresql import base

NAN_CHECK = "\"%(column)s\" <> 'NaN'::numeric"


class DatabaseWrapper(base.DatabaseWrapper):
    data_type_check_constraints = {
        **base.DatabaseWrapper.data_type_check_constraints,
        "DecimalField": NAN_CHECK,
    }
