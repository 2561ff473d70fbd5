"""The kernel's set-based import path (COPY, typed in SQL, one upsert; xingtai_jobs.core.imports_copy)
keeps the row path's contract: the same report (every bad row, line, column and message), nothing
written on any error, re-import updates, and it gives way to the row path when it cannot decide.
PostgreSQL only (the set-based path is PostgreSQL's)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from persons.imports import SPECS, PersonContributionImportSpec
from persons.models import PersonContribution
from tests.enterprises.helpers import write_csv
from tests.factories import make_resident_id, make_uscc
from tests.persons import test_imports
from tests.persons.test_imports import RID, RID_F, contribution_row, en, run, zh
from xingtai_jobs.core import imports_copy
from xingtai_jobs.core.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]

registry = test_imports.registry  # the person-layer fixture: two persons, one enterprise


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the set-based import path runs on PostgreSQL only")


def both_paths(settings, path):
    """(report of the set-based path or None, report of the row path); the database is left as
    the set-based path wrote it (the row path's writes are rolled back)."""
    from django.db import transaction

    settings.XT_IMPORT_COPY_MIN_BYTES = 10**12
    with transaction.atomic():
        row_report = run("person_contributions", path)
        row_state = sorted(PersonContribution.objects.values_list("person_id", "enterprise_id", "month", "pension_unit",
                                                                  "ui_unit", "injury_unit", "in_arrears"))
        transaction.set_rollback(True)
    settings.XT_IMPORT_COPY_MIN_BYTES = 0
    fast = imports_copy.copy_import(PersonContributionImportSpec(), path)
    fast_state = sorted(PersonContribution.objects.values_list("person_id", "enterprise_id", "month", "pension_unit",
                                                               "ui_unit", "injury_unit", "in_arrears"))
    if fast is not None:
        assert fast_state == row_state
    return fast, row_report


def same(a, b):
    assert (a.rows, a.created, a.updated, a.file_error) == (b.rows, b.created, b.updated, b.file_error)
    assert [(e.line, e.field, e.message) for e in a.errors] == [(e.line, e.field, e.message) for e in b.errors]


def test_good_file_and_reimport_match_the_row_path(tmp_path, registry, settings):
    uscc = registry.uscc
    rows = [contribution_row(uscc, "2024-07"), contribution_row(uscc, "2024-08", in_arrears="是", ui_unit="0"),
            contribution_row(uscc, "2024-07", RID_F, pension_unit="12", in_arrears="TRUE")]
    path = write_csv(tmp_path / "c.csv", zh("person_contributions"), rows)
    fast, slow = both_paths(settings, path)
    assert fast is not None and fast.ok, fast.as_text()
    same(fast, slow)
    assert (fast.rows, fast.created, fast.updated) == (3, 3, 0)
    row = PersonContribution.objects.get(person__resident_id=RID_F, month=dt.date(2024, 7, 1))
    assert row.pension_unit == Decimal("12.00") and row.in_arrears is True and row.enterprise == registry
    assert AuditEvent.objects.filter(action="persons.import.person_contributions").count() == 1
    # re-import (English headers, other column order): every row an update, never a duplicate
    names = en("person_contributions")[::-1]
    path = write_csv(tmp_path / "c2.csv", names, [list(reversed(contribution_row(uscc, "2024-07", injury_unit="0.5")))])
    report = imports_copy.copy_import(PersonContributionImportSpec(), path)
    assert (report.rows, report.created, report.updated) == (1, 0, 1)
    assert PersonContribution.objects.count() == 3
    assert PersonContribution.objects.get(person__resident_id=RID, month=dt.date(2024, 7, 1)).injury_unit == Decimal("0.50")


@pytest.mark.parametrize("override", [
    {"uscc": make_uscc(7999)},  # valid but not registered
    {"uscc": "91130500MA0A1B2C3X"},  # invalid
    {"resident_id": make_resident_id(dt.date(1970, 1, 1), "130502", 999)},  # not registered
    {"resident_id": "130502200103091019"},  # bad check digit
    {"resident_id": ""},
    {"month": "2999-01"}, {"month": "0000-01"}, {"month": "2024-13"}, {"month": ""},
    {"pension_unit": "-1"}, {"ui_unit": "1.005"}, {"medical_unit": "NaN"}, {"ui_personal": "abc"},
    {"in_arrears": "maybe"},
    {"pension_unit": "-1", "in_arrears": "maybe", "uscc": make_uscc(7999)},  # three problems on one row
])
def test_every_bad_row_is_reported_as_the_row_path_does_and_nothing_is_written(tmp_path, registry, settings, override):
    row = contribution_row(registry.uscc)
    for key, value in override.items():
        row[en("person_contributions").index(key)] = value
    good = [contribution_row(registry.uscc, "2024-06"), contribution_row(registry.uscc, "2024-05", RID_F)]
    path = write_csv(tmp_path / "c.csv", en("person_contributions"), [good[0], row, good[1], row])
    fast, slow = both_paths(settings, path)
    assert fast is not None
    same(fast, slow)
    assert [e.line for e in fast.errors][:1] == [3] and 5 in [e.line for e in fast.errors]
    assert PersonContribution.objects.count() == 0


def test_duplicates_blank_rows_and_the_error_cap(tmp_path, registry, settings):
    uscc = registry.uscc
    rows = [contribution_row(uscc, "2024-07"), ["", "", "", "", "", "", "", "", "", "", ""], contribution_row(uscc, "2024-08"),
            contribution_row(uscc, "2024-07"), contribution_row(uscc, "2024-07", pension_unit="x")]
    path = write_csv(tmp_path / "c.csv", en("person_contributions"), rows)
    fast, slow = both_paths(settings, path)
    assert fast is not None
    same(fast, slow)
    assert [(e.line, e.message) for e in fast.errors][0][0] == 5  # the later duplicate; the blank row is skipped
    assert fast.rows == 4
    many = [contribution_row(uscc, "2024-07", pension_unit="-1") for _ in range(30)]
    path = write_csv(tmp_path / "m.csv", en("person_contributions"), many)
    settings.XT_IMPORT_COPY_MIN_BYTES = 0
    capped = imports_copy.copy_import(PersonContributionImportSpec(), path, max_errors=10)
    from xingtai_jobs.core.imports import run_import

    settings.XT_IMPORT_COPY_MIN_BYTES = 10**12
    row_capped = run_import(PersonContributionImportSpec(), path, max_errors=10)
    same(capped, row_capped)


@pytest.mark.parametrize("cell", [{"month": "2024/07"}, {"pension_unit": "1,234.50"}, {"in_arrears": "\u3000否"},
                                  {"uscc": "x"}])
def test_values_the_parsers_normalise_go_the_row_way(tmp_path, registry, settings, cell):
    row = contribution_row(registry.uscc)
    key, value = next(iter(cell.items()))
    if key == "uscc":
        value = registry.uscc.lower()
    row[en("person_contributions").index(key)] = value
    path = write_csv(tmp_path / "c.csv", en("person_contributions"), [row])
    settings.XT_IMPORT_COPY_MIN_BYTES = 0
    assert imports_copy.copy_import(PersonContributionImportSpec(), path) is None  # gives way, writes nothing
    assert PersonContribution.objects.count() == 0
    report = run("person_contributions", path)  # run_import: the row path decides
    assert report.ok, report.as_text()
    assert PersonContribution.objects.count() == 1


def test_ragged_rows_and_gb18030_files(tmp_path, registry, settings):
    settings.XT_IMPORT_COPY_MIN_BYTES = 0
    path = tmp_path / "r.csv"
    good = ",".join(contribution_row(registry.uscc))
    path.write_text(",".join(en("person_contributions")) + "\n" + good + "\n" + good[: good.rfind(",")] + "\n", encoding="utf-8")
    assert imports_copy.copy_import(PersonContributionImportSpec(), path) is None  # COPY cannot read it
    report = run("person_contributions", path)
    assert [e.field for e in report.errors] == ["是否欠缴"]
    gb = tmp_path / "g.csv"
    gb.write_bytes((",".join(zh("person_contributions")) + "\r\n" + good + "\r\n").encode("gb18030"))
    report = imports_copy.copy_import(PersonContributionImportSpec(), gb)
    assert report is not None and report.ok and report.created == 1, report.as_text()
    assert PersonContribution.objects.get().in_arrears is False


def test_other_specs_keep_the_row_path(tmp_path, settings):
    settings.XT_IMPORT_COPY_MIN_BYTES = 0
    assert not SPECS["persons"].copy_cells


class _PersonalPartCapped(PersonContributionImportSpec):
    """A spec with a cross-field rule SQL does not know (hardening mend 7): the personal UI part may
    not exceed the employer's."""

    def check_row(self, row, add_error):
        super().check_row(row, add_error)
        if row["ui_personal"] is not None and row["ui_unit"] is not None and row["ui_personal"] > row["ui_unit"]:
            add_error("ui_personal", "个人部分不得高于单位部分。")


def test_check_row_runs_on_every_row_the_database_typed_cleanly(tmp_path, registry, settings):
    """The set-based path ran check_row only on the rows SQL could not type: a plainly valid row that
    breaks the spec's own rule was written. Every row is checked; every bad row reported; nothing written."""
    uscc = registry.uscc
    rows = [contribution_row(uscc, "2024-07"), contribution_row(uscc, "2024-08", ui_personal="99.00"),
            contribution_row(uscc, "2024-09"), contribution_row(uscc, "2024-10", RID_F, ui_personal="30.00"),
            contribution_row(uscc, "2024-11", pension_unit="1e5")]  # a suspect, checked by the parsers
    path = write_csv(tmp_path / "c.csv", en("person_contributions"), rows)
    fast = imports_copy.copy_import(_PersonalPartCapped(), path)
    assert fast is not None  # the set-based path decided it
    assert [(e.line, e.message) for e in fast.errors if e.line in (3, 5)] == [
        (3, "个人部分不得高于单位部分。"), (5, "个人部分不得高于单位部分。")]
    assert sorted({e.line for e in fast.errors}) == [3, 5, 6]
    assert PersonContribution.objects.count() == 0
    settings.XT_IMPORT_COPY_MIN_BYTES = 10**12  # the row path says the same
    from xingtai_jobs.core.imports import run_import

    slow = run_import(_PersonalPartCapped(), path)
    same(fast, slow)
    assert PersonContribution.objects.count() == 0


def test_a_clean_file_breaking_a_subclass_rule_is_not_written_by_the_one_statement(tmp_path, registry, settings):
    """Every cell plainly valid (no suspect to send the file the checked way): the one statement of the
    parent spec does not know the subclass's rule, so it must not take the file."""
    settings.XT_IMPORT_COPY_MIN_BYTES = 0
    rows = [contribution_row(registry.uscc, "2024-07"), contribution_row(registry.uscc, "2024-08", ui_personal="99.00")]
    report = imports_copy.copy_import(_PersonalPartCapped(), write_csv(tmp_path / "c.csv", en("person_contributions"), rows))
    assert report is not None and [(e.line, e.message) for e in report.errors] == [(3, "个人部分不得高于单位部分。")]
    assert PersonContribution.objects.count() == 0


def test_the_set_based_path_does_not_load_the_key_tables_for_clean_rows(tmp_path, registry):
    spec = PersonContributionImportSpec()
    path = write_csv(tmp_path / "c.csv", en("person_contributions"), [contribution_row(registry.uscc, "2024-07")])
    report = imports_copy.copy_import(spec, path)
    assert report is not None and report.ok and report.created == 1
    assert "person_ids" not in spec.__dict__ and "enterprise_ids" not in spec.__dict__  # the ids came from SQL


def _typing_ran(queries) -> bool:
    return any("CREATE TEMP TABLE xt_import_rows" in q["sql"] for q in queries)


def test_a_clean_file_is_written_in_one_statement_and_a_bad_one_is_decided_by_the_typing_step(tmp_path, registry, settings):
    from django.test.utils import CaptureQueriesContext

    uscc = registry.uscc
    settings.XT_IMPORT_COPY_MIN_BYTES = 0
    good = write_csv(tmp_path / "g.csv", zh("person_contributions"),
                     [contribution_row(uscc, "2024-07"), contribution_row(uscc, "2024-07", RID_F, pension_unit=" 12.5 ")])
    with CaptureQueriesContext(connection) as queries:
        report = imports_copy.copy_import(PersonContributionImportSpec(), good)
    assert report is not None and report.ok and (report.rows, report.created, report.updated) == (2, 2, 0), report.as_text()
    assert not _typing_ran(queries.captured_queries)  # the one statement took every row
    assert PersonContribution.objects.get(person__resident_id=RID_F).pension_unit == Decimal("12.50")  # trimmed, as the parser
    bad = write_csv(tmp_path / "b.csv", zh("person_contributions"),
                    [contribution_row(uscc, "2024-08"), contribution_row(uscc, "2024-08", RID_F, ui_unit="-1")])
    with CaptureQueriesContext(connection) as queries:
        report = imports_copy.copy_import(PersonContributionImportSpec(), bad)
    assert _typing_ran(queries.captured_queries)
    assert [(e.line, e.field) for e in report.errors] == [(3, "失业保险单位缴费(元)")]
    assert PersonContribution.objects.count() == 2  # the one statement's write of line 2 was rolled back


def test_a_repeated_row_equal_to_the_stored_one_is_still_a_duplicate(tmp_path, registry, settings):
    uscc = registry.uscc
    settings.XT_IMPORT_COPY_MIN_BYTES = 0
    first = write_csv(tmp_path / "a.csv", en("person_contributions"), [contribution_row(uscc, "2024-07")])
    assert imports_copy.copy_import(PersonContributionImportSpec(), first).ok
    # unchanged rows are not rewritten, so the upsert itself would not notice the second one
    twice = write_csv(tmp_path / "t.csv", en("person_contributions"), [contribution_row(uscc, "2024-07")] * 2)
    fast, slow = both_paths(settings, twice)
    assert fast is not None
    same(fast, slow)
    assert [(e.line, e.message) for e in fast.errors] == [(3, "与本文件中前面的行重复。")]
    assert PersonContribution.objects.count() == 1


def test_reimport_rewrites_only_changed_rows_and_counts_every_stored_row_as_updated(tmp_path, registry, settings):
    uscc = registry.uscc
    settings.XT_IMPORT_COPY_MIN_BYTES = 0
    rows = [contribution_row(uscc, "2024-07"), contribution_row(uscc, "2024-07", RID_F)]
    path = write_csv(tmp_path / "a.csv", en("person_contributions"), rows)
    assert imports_copy.copy_import(PersonContributionImportSpec(), path).created == 2
    PersonContribution.objects.update(updated_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    again = write_csv(tmp_path / "b.csv", en("person_contributions"),
                      [rows[0], contribution_row(uscc, "2024-07", RID_F, in_arrears="是"), contribution_row(uscc, "2024-08")])
    fast, slow = both_paths(settings, again)
    same(fast, slow)
    assert (fast.rows, fast.created, fast.updated) == (3, 1, 2)
    stamps = dict(PersonContribution.objects.filter(month=dt.date(2024, 7, 1)).values_list("person__resident_id", "updated_at"))
    assert stamps[RID] == dt.datetime(2024, 1, 1, tzinfo=dt.UTC)  # equal figures: not rewritten
    assert stamps[RID_F] > dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    assert PersonContribution.objects.get(person__resident_id=RID_F).in_arrears is True
    assert PersonContribution.objects.count() == 3


def test_a_blank_row_in_a_clean_file_is_skipped_as_on_the_row_path(tmp_path, registry, settings):
    uscc = registry.uscc
    path = write_csv(tmp_path / "c.csv", en("person_contributions"),
                     [contribution_row(uscc, "2024-07"), [""] * 11, contribution_row(uscc, "2024-08")])
    fast, slow = both_paths(settings, path)
    assert fast is not None and fast.ok, fast.as_text()
    same(fast, slow)
    assert (fast.rows, fast.created) == (2, 2)
