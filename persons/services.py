"""Writes of the person layer. Imports run through the registry's import service
(``enterprises.services.registry_import_file`` / ``registry_import_upload`` with
``specs=persons.imports.SPECS``); this module holds the audited full view."""

from __future__ import annotations

from xingtai_jobs.core.audit import audit_personal_data_view


def person_reveal(*, request, person, fields: tuple[str, ...] = ("resident_id", "phone")) -> dict[str, str]:
    """The full values of ``fields`` of ``person`` for a staff member who needs them; audited."""
    audit_personal_data_view(request, person, list(fields))
    return {f: getattr(person, f) for f in fields}
