"""django-import-export with spreadsheet-formula neutralising (admin exports).

django-import-export's own ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` strips one leading ``=``
only (``+``, ``-``, ``@``, tab and CR pass verbatim) and turns every cell, numbers included, into
text; its XLSX writer (tablib) makes any ``=...`` text a live formula. So the portal offers its own
three formats (``settings.IMPORT_EXPORT_FORMATS``):

- ``XLSX``: written by the kernel's ``documents.xlsx_bytes`` — text always a text cell, numbers
  and dates keep their type;
- ``CSV`` / ``TSV``: formula-like text gets a leading apostrophe (``documents.csv_safe``); plain
  numbers are left alone.

Admin classes export through ``ExportMixin`` below (not import_export's), which hands native values
to the XLSX format so numbers stay numbers. A test checks every registered admin does.
"""

from __future__ import annotations

import tablib
from import_export.admin import ExportMixin as _ImportExportExportMixin
from import_export.formats import base_formats

from xingtai_jobs.core.documents import csv_safe, xlsx_bytes


def _neutralised(dataset: tablib.Dataset) -> tablib.Dataset:
    safe = tablib.Dataset(headers=[csv_safe(h) for h in (dataset.headers or [])])
    for row in dataset:
        safe.append([csv_safe(v) for v in row])
    return safe


class CSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        return _neutralised(dataset).export(self.get_title(), **kwargs)


class TSV(base_formats.TSV):
    def export_data(self, dataset, **kwargs):
        return _neutralised(dataset).export(self.get_title(), **kwargs)


class XLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(dataset.headers or [], dataset)


FORMATS: list[type[CSV] | type[XLSX] | type[TSV]] = [CSV, XLSX, TSV]


class ExportMixin(_ImportExportExportMixin):
    """import_export's admin ExportMixin limited to the safe formats, with native values (numbers,
    dates) for binary formats (upstream decides that by exact class, which would miss ours)."""

    def get_export_formats(self):
        return [f for f in FORMATS if f().can_export()]

    def get_export_data(self, file_format, request, queryset, **kwargs):
        from django.core.exceptions import PermissionDenied

        if not self.has_export_permission(request):
            raise PermissionDenied
        data = self.get_data_for_export(request, queryset, force_native_type=file_format.is_binary(), **kwargs)
        export_data = file_format.export_data(data)
        encoding = kwargs.get("encoding")
        if not file_format.is_binary() and encoding:
            export_data = export_data.encode(encoding)
        return export_data
