"""The import engine's file handling, through a tiny spec (apps test their own specs)."""

import pytest

from xingtai_jobs.core.imports import Column, ImportSpec, parse_nonneg_int, run_import
from xingtai_jobs.core.models import CalendarOverride

pytestmark = pytest.mark.django_db


class NoteSpec(ImportSpec):
    columns = [Column("date", "日期", str), Column("days", "天数", parse_nonneg_int), Column("note", "备注", str, required=False)]
    key = ("date",)

    def write_chunk(self, rows):
        import datetime as dt

        objs = [CalendarOverride(date=dt.date.fromisoformat(r["date"]), is_working_day=bool(r["days"]), note=(r["note"] or "")[:100]) for r in rows]
        CalendarOverride.objects.bulk_create(objs)
        return len(objs), 0


def _write(tmp_path, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / "f.csv"
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_utf8_csv_whose_64kib_boundary_splits_a_chinese_character_is_read_as_utf8(tmp_path):
    # Pad the first data row so a 3-byte character straddles byte 65,536.
    prefix = "日期,天数,备注\n2030-01-01,1,"
    pad = 65536 - len(prefix.encode()) - 1
    first = prefix + "a" * pad + "调休\n"
    assert len(first.encode()) > 65536 and first.encode()[:65536].decode("utf-8", errors="ignore")
    report = run_import(NoteSpec(), _write(tmp_path, first + "2030-01-02,0,元旦\n"))
    assert report.ok, report.as_text()
    assert CalendarOverride.objects.get(date="2030-01-02").note == "元旦"


def test_gb18030_csv_is_detected(tmp_path):
    report = run_import(NoteSpec(), _write(tmp_path, "日期,天数,备注\n2030-01-01,0,元旦\n", "gb18030"))
    assert report.ok and CalendarOverride.objects.get().note == "元旦"


def test_a_bad_row_anywhere_means_nothing_is_written_and_every_problem_is_listed(tmp_path):
    text = "日期,天数,备注\n2030-01-01,1,a\n2030-01-02,-1,b\n2030-01-01,1,dup\n2030-01-04,x,c\n"
    report = run_import(NoteSpec(), _write(tmp_path, text))
    assert not report.ok
    assert [(e.line, e.field) for e in report.errors] == [(3, "天数"), (4, "日期"), (5, "天数")]
    assert CalendarOverride.objects.count() == 0


def test_missing_columns_and_wrong_types_are_refused(tmp_path):
    assert "天数" in run_import(NoteSpec(), _write(tmp_path, "日期,备注\n2030-01-01,a\n")).file_error
    other = tmp_path / "f.pdf"
    other.write_bytes(b"%PDF-1.4")
    from xingtai_jobs.core.errors import DomainError

    with pytest.raises(DomainError):
        run_import(NoteSpec(), str(other))
