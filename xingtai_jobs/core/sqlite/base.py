"""Django's SQLite backend, reading every stored decimal (issue 11 item 4: "no stored value may make
a page fail").

SQLite stores what it is given: a decimal column may hold a value wider than its ``max_digits``
(written before the forms were bounded, or by hand) or a text such as ``NaN``. Django's converter
quantizes each value to the field's precision and raises ``InvalidOperation`` (or ``TypeError``)
on those, so every query that reads the row fails — the whole list, the export, the admin. Here a
value that does not fit is read as the Decimal it is (``Decimal('1.111111111111111E+24')``), and
a text that is no finite number (``NaN``, ``abc``) as None, which pages show as a placeholder.
PostgreSQL refuses out-of-range values at write time.

Used when ``DATABASE_URL`` is a SQLite URL (``settings.py``)."""

from __future__ import annotations

import decimal

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def get_decimalfield_converter(self, expression):
        strict = super().get_decimalfield_converter(expression)

        def converter(value, expression, connection):
            try:
                return strict(value, expression, connection)
            except (decimal.InvalidOperation, TypeError, ValueError):
                try:
                    number = decimal.Decimal(str(value))
                except decimal.InvalidOperation:
                    return None  # a text that is no number: nothing to show
                return number if number.is_finite() else None

        return converter


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
