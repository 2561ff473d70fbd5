"""The contributions' references to persons and employers, kept without database foreign keys
(ADR 0025, second addendum).

``PersonContribution.person`` and ``.enterprise`` are ``db_constraint=False``: PostgreSQL would check
each of a month's 200,000-1,000,000 rows twice at the commit, one query per row and key. Instead:

- every import of contributions takes the registry lock *shared* (``hold_registry``) before it reads
  the ids it will write (the set-based statement joins them from the registry in the same statement;
  the row path checks its chunks again under the lock: ``require_registry_rows``), so imports run side
  by side;
- deleting a person or an employer through Django (admin, services, cascades) takes it *exclusively*
  first (a ``pre_delete`` receiver, inside the deletion's transaction): it waits for the imports in
  flight to commit, and only then does Django's on_delete=CASCADE delete the contributions — a new
  statement, which sees the rows those imports wrote; an import that starts meanwhile waits, and then
  no longer finds the person (a bad row);
- ``contribution_orphans`` counts rows whose person or employer is missing (written by raw SQL past
  all this); the daily task ``persons.check_contribution_orphans`` logs them as an error.

SQLite (tests, development) has one writer at a time and no advisory locks: the lock is PostgreSQL's.
"""

from __future__ import annotations

import logging

from django.db import connection
from django.utils.translation import gettext as _

from xingtai_jobs.core.errors import DomainError

logger = logging.getLogger(__name__)

# pg_advisory_xact_lock key: "persons registry" (any fixed bigint; one per protected reference set)
REGISTRY_LOCK = 0x7072_7367_0001


def hold_registry(cursor=None) -> None:
    """Inside the import's transaction: the persons and employers it names stay until it commits."""
    if connection.vendor != "postgresql":
        return
    if cursor is None:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock_shared(%s)", [REGISTRY_LOCK])
    else:
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [REGISTRY_LOCK])


def lock_registry_for_delete(sender, instance, using, **kwargs) -> None:
    """``pre_delete`` of Person and Enterprise: wait for the imports in flight, keep new ones out."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTRY_LOCK])


def require_registry_rows(person_ids, enterprise_ids) -> None:
    """The row path's check under the lock: every id it resolved before the write transaction still
    names a row (a person or employer deleted since then would leave an orphan)."""
    from enterprises.models import Enterprise

    from .models import Person

    persons, enterprises = set(person_ids), set(enterprise_ids)
    if (Person.objects.filter(pk__in=persons).count() != len(persons)
            or Enterprise.objects.filter(pk__in=enterprises).count() != len(enterprises)):
        raise DomainError(_("A person or employer named in the file was deleted during the import; nothing was "
                            "imported. Import the file again."))


def contribution_orphans() -> dict[str, int]:
    """Contribution rows whose person or employer does not exist (0 and 0 unless raw SQL wrote them)."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FILTER (WHERE p.id IS NULL), count(*) FILTER (WHERE e.id IS NULL) "
            "FROM persons_personcontribution c LEFT JOIN persons_person p ON p.id = c.person_id "
            "LEFT JOIN enterprises_enterprise e ON e.id = c.enterprise_id WHERE p.id IS NULL OR e.id IS NULL")
        no_person, no_enterprise = cur.fetchone()
    return {"no_person": no_person, "no_enterprise": no_enterprise}


def check_contribution_orphans() -> dict[str, int]:
    found = contribution_orphans()
    if found["no_person"] or found["no_enterprise"]:
        logger.error("persons: %(no_person)s contribution rows without their person, %(no_enterprise)s without their "
                     "employer (written past the import and deletion paths)", found)
    return found
