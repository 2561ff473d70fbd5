"""The contributions' person and employer are not database foreign keys (persons.integrity, ADR 0025
second addendum): an import cannot write a row whose person or employer is missing, deleting a person
or an employer deletes their rows (Django's on_delete=CASCADE), and a deletion racing an import waits
for it instead of leaving its rows behind."""

import datetime as dt
import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction

from enterprises.models import Enterprise
from enterprises.services import registry_import_file
from persons.imports import PersonContributionImportSpec
from persons.integrity import REGISTRY_LOCK, contribution_orphans, require_registry_rows
from persons.models import Person, PersonContribution
from tests.enterprises.helpers import write_csv
from tests.factories import EnterpriseFactory, make_uscc
from tests.persons import test_imports
from tests.persons.test_imports import RID, RID_F, contribution_row, en, run
from xingtai_jobs.core.errors import DomainError

registry = test_imports.registry  # the person-layer fixture: two persons, one enterprise


def _file(tmp_path, uscc, *rids, name="c.csv"):
    return write_csv(tmp_path / name, en("person_contributions"),
                     [contribution_row(uscc, month, rid) for rid in rids for month in ("2024-06", "2024-07")])


@pytest.mark.django_db
def test_deleting_a_person_or_an_employer_deletes_their_contributions(tmp_path, registry):
    other = EnterpriseFactory(uscc=make_uscc(7002))
    assert run("person_contributions", _file(tmp_path, registry.uscc, RID, RID_F)).ok
    assert run("person_contributions", _file(tmp_path, other.uscc, RID_F, name="d.csv")).ok
    assert PersonContribution.objects.count() == 6
    Person.objects.get(resident_id=RID).delete()
    assert sorted(set(PersonContribution.objects.values_list("person__resident_id", "enterprise__uscc"))) == sorted([
        (RID_F, registry.uscc), (RID_F, other.uscc)])
    Enterprise.objects.get(pk=registry.pk).delete()
    assert set(PersonContribution.objects.values_list("enterprise_id", flat=True)) == {other.pk}
    assert contribution_orphans() == {"no_person": 0, "no_enterprise": 0}


@pytest.mark.django_db
def test_the_orphan_check_finds_rows_written_past_the_import(registry, caplog):
    from persons.tasks import check_contribution_orphans

    assert check_contribution_orphans.delay().get() == {"no_person": 0, "no_enterprise": 0}
    assert "contribution rows without" not in caplog.text
    person = Person.objects.get(resident_id=RID)
    PersonContribution.objects.create(person=person, enterprise=registry, month=dt.date(2024, 7, 1), pension_unit=1,
                                      pension_personal=1, medical_unit=1, medical_personal=1, ui_unit=1, ui_personal=1,
                                      injury_unit=1)
    PersonContribution.objects.create(person_id=person.pk + 1000, enterprise_id=registry.pk + 1000, month=dt.date(2024, 7, 1),
                                      pension_unit=1, pension_personal=1, medical_unit=1, medical_personal=1, ui_unit=1,
                                      ui_personal=1, injury_unit=1)  # no database constraint stops a raw write
    assert contribution_orphans() == {"no_person": 1, "no_enterprise": 1}
    assert check_contribution_orphans.delay().get() == {"no_person": 1, "no_enterprise": 1}  # the daily task
    assert "1 contribution rows without their person, 1 without their employer" in caplog.text


@pytest.mark.django_db
def test_the_row_path_refuses_ids_deleted_after_it_checked_them(tmp_path, registry, settings):
    settings.XT_IMPORT_COPY_MIN_BYTES = 10**12  # the row path: ids resolved in the first pass, written in the second

    class DeletedInBetween(PersonContributionImportSpec):
        def hold_references(self):
            Person.objects.filter(resident_id=RID_F).delete()  # committed by another session between the passes
            super().hold_references()

    report = registry_import_file(kind="person_contributions", path=_file(tmp_path, registry.uscc, RID, RID_F),
                                  specs={"person_contributions": DeletedInBetween})
    assert not report.ok and "已被删除" in report.file_error  # the command exits non-zero, the admin shows it
    assert PersonContribution.objects.count() == 0
    with pytest.raises(DomainError):
        require_registry_rows({Person.objects.get(resident_id=RID).pk + 1000}, {registry.pk})
    require_registry_rows({Person.objects.get(resident_id=RID).pk}, {registry.pk})  # all there: no error


def _wait_for_advisory_waiter(seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = %s "
                        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                        [REGISTRY_LOCK & 0xFFFFFFFF])
            if cur.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("set_based", [True, False])
def test_a_deletion_during_an_import_waits_and_leaves_no_orphan(tmp_path, registry, settings, set_based):
    if connection.vendor != "postgresql":
        pytest.skip("the registry lock is PostgreSQL's")
    settings.XT_IMPORT_COPY_MIN_BYTES = 0 if set_based else 10**12
    path = _file(tmp_path, registry.uscc, RID, RID_F)
    outcome: dict = {}

    def delete_person():
        try:
            Person.objects.get(resident_id=RID).delete()  # Django's cascade: its contributions, then the person
            outcome["deleted"] = True
        finally:
            close_old_connections()
            connection.close()

    deleter = threading.Thread(target=delete_person)
    with transaction.atomic():
        report = run("person_contributions", path)
        assert report.ok and report.created == 4, report.as_text()
        deleter.start()  # the import has written but not committed: the deletion must wait for it
        waited = _wait_for_advisory_waiter()
    deleter.join(30)
    assert waited, "the deletion did not wait for the import in flight"
    assert outcome.get("deleted") is True
    assert not Person.objects.filter(resident_id=RID).exists()
    assert sorted(set(PersonContribution.objects.values_list("person__resident_id", flat=True))) == [RID_F]
    assert contribution_orphans() == {"no_person": 0, "no_enterprise": 0}


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_import_during_a_deletion_waits_and_reports_the_person_as_unknown(tmp_path, registry, settings):
    if connection.vendor != "postgresql":
        pytest.skip("the registry lock is PostgreSQL's")
    settings.XT_IMPORT_COPY_MIN_BYTES = 0
    path = _file(tmp_path, registry.uscc, RID, RID_F)
    outcome: dict = {}

    def import_file():
        try:
            outcome["report"] = run("person_contributions", path)
        finally:
            connection.close()

    importer = threading.Thread(target=import_file)
    with transaction.atomic():
        Person.objects.get(resident_id=RID).delete()  # holds the registry lock until the commit
        importer.start()
        waited = _wait_for_advisory_waiter()
    importer.join(30)
    assert waited, "the import did not wait for the deletion in flight"
    report = outcome["report"]
    assert not report.ok and {e.line for e in report.errors} == {2, 3}  # the deleted person's two rows
    assert PersonContribution.objects.count() == 0
