"""Hardening mends 2 and 3 (issue 11, review): every decimal input — page forms, the admin, API
serializers and spreadsheet imports — refuses "NaN", "inf", "-0" and "1e5" with a clear message and
stores nothing; an imported amount is bounded by its column (``max_digits``), each bad row named.

Run on PostgreSQL too: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_inputs``.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from enterprises.imports import InsuranceMonthImportSpec
from enterprises.models import InsuranceMonth
from measures.models import Indicator, Report
from tests.factories import EnterpriseFactory
from tests.wage_arrears.conftest import form_data
from wage_arrears.models import Complaint
from xingtai_jobs.core.imports import money_parser, parse_money, parse_nonneg_int, run_import

pytestmark = pytest.mark.django_db

NOT_PLAIN = ["NaN", "nan", "sNaN", "inf", "-inf", "Infinity", "-0", "-0.00", "1e5", "1E5", "1e-2", "0x10", "1_000"]


@pytest.mark.parametrize("value", NOT_PLAIN)
def test_complaint_api_and_page_refuse_the_amount(api_client, client, region_a, value):
    response = api_client.post("/api/v1/wage-arrears/complaints/", form_data(amount_owed=value), format="json")
    assert response.status_code == 400, (value, response.content)
    assert response.json()["amount_owed"]
    page = client.post(reverse("wage_arrears:complaint-new"), form_data(amount_owed=value))
    assert page.status_code == 400 and "amount_owed" in page.context["form"].errors, value
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize("value", NOT_PLAIN)
def test_measures_report_page_refuses_the_figure(login, county_officer, region_a, value):
    indicator = Indicator.objects.get(code="hr_agencies_engaged")
    response = login(county_officer).post(reverse("measures:staff-reports"), {
        "indicator": indicator.pk, "region": region_a.pk, "period_start": "2024-01-01", "period_end": "2024-03-31",
        "value": value, "evidence_link": "https://example.org/list.pdf"})
    assert response.status_code == 400, value
    assert "value" in response.context["form"].errors, value
    assert Report.objects.count() == 0


def test_measures_report_page_still_takes_a_plain_figure(login, county_officer, region_a):
    indicator = Indicator.objects.get(code="hr_agencies_engaged")
    response = login(county_officer).post(reverse("measures:staff-reports"), {
        "indicator": indicator.pk, "region": region_a.pk, "period_start": "2024-01-01", "period_end": "2024-03-31",
        "value": "1,200", "evidence_link": "https://example.org/list.pdf"})
    assert response.status_code == 302
    assert Report.objects.get().value == Decimal("1200.00")


@pytest.mark.parametrize("value", ["NaN", "inf", "-0", "1e5", "12.345"])
def test_measures_registry_forms_refuse_the_amount(county_officer, value):
    from django.core.exceptions import ValidationError

    from measures import forms, selectors
    from xingtai_jobs.core.inputs import MoneyField

    walked = 0
    for model in selectors.REGISTRIES.values():
        for name, field in forms.registry_form(model, county_officer).fields.items():
            if hasattr(field, "max_digits"):
                assert isinstance(field, MoneyField), f"{model._meta.label}.{name}"
                with pytest.raises(ValidationError):
                    field.clean(value)
                walked += 1
    assert walked  # the walk met at least one decimal column


@pytest.mark.parametrize("value", ["NaN", "inf", "-0", "1e5", "12.345"])
def test_admin_decimal_fields_are_the_kernels(city_officer, value):
    from django.core.exceptions import ValidationError

    request = RequestFactory().get("/admin/")
    request.user = city_officer
    walked = 0
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_add_permission(request) and not model_admin.has_change_permission(request):
            continue
        form_class = model_admin.get_form(request, None)
        for name, field in form_class.base_fields.items():
            if field.__class__.__name__ == "DecimalField" or hasattr(field, "max_digits"):
                assert field.__class__.__name__ == "MoneyField", f"{model._meta.label}.{name}"
                with pytest.raises(ValidationError):
                    field.clean(value)
                walked += 1
    assert walked >= 3


def test_admin_add_page_refuses_nan_budget_and_stores_nothing(client, db):
    from subsidies.models import Scheme, SchemeRound
    from tests.factories import UserFactory

    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    scheme = Scheme.objects.first()
    before = SchemeRound.objects.count()
    response = client.post(reverse("admin:subsidies_schemeround_add"), {
        "scheme": scheme.pk, "name": "测试", "assessment_year": "2025", "opens_on": "2025-01-01", "closes_on": "2025-12-31",
        "budget": "NaN", "parameters": "{}"})
    assert response.status_code == 200  # the admin shows the form again with the errors
    assert "budget" in response.context["adminform"].form.errors
    assert SchemeRound.objects.count() == before


@pytest.mark.parametrize("value", NOT_PLAIN)
def test_model_serializer_decimals_refuse_the_value(value):
    from enterprises.api import InsuranceMonthSerializer

    field = InsuranceMonthSerializer().fields["ui_premium_paid"]
    from rest_framework.exceptions import ValidationError

    with pytest.raises(ValidationError):
        field.run_validation(value)
    assert field.run_validation("9600.5") == Decimal("9600.50")


# --- imports ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", NOT_PLAIN)
def test_import_money_cell_refuses_the_value(value):
    from xingtai_jobs.core.imports import CellError

    with pytest.raises(CellError):
        parse_money(value)
    if value not in ("-0", "-0.00"):
        with pytest.raises(CellError):
            parse_nonneg_int(value)


def test_import_money_is_bounded_by_the_column():
    from xingtai_jobs.core.imports import CellError

    assert parse_money("9999999999.99") == Decimal("9999999999.99")  # numeric(12, 2): 10 digits before the point
    with pytest.raises(CellError, match="10"):
        parse_money("10000000000")
    assert money_parser(max_digits=14)("999999999999.99") == Decimal("999999999999.99")
    with pytest.raises(CellError):
        money_parser(max_digits=14)("1" * 13)
    with pytest.raises(CellError):
        parse_nonneg_int("3000000000")  # beyond what an integer column holds
    assert parse_nonneg_int("12.0") == 12


def _csv(tmp_path, rows: list[str]) -> str:
    path = tmp_path / "insurance.csv"
    header = "uscc,month,insured_count,new_insured,ui_premium_due,ui_premium_paid,ui_new_claimants"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return str(path)


def test_insurance_import_names_every_bad_row_and_writes_nothing(tmp_path, city_officer, region_a):
    ent = EnterpriseFactory(region=region_a)
    rows = [
        f"{ent.uscc},2024-01,10,1,9600.00,9600.00,0",  # good
        f"{ent.uscc},2024-02,10,1,NaN,9600.00,0",
        f"{ent.uscc},2024-03,10,1,9600.00,1e5,0",
        f"{ent.uscc},2024-04,10,1,-0,9600.00,0",
        f"{ent.uscc},2024-05,10,1,{'9' * 25},9600.00,0",  # 25 digits: the column holds 10 before the point
        f"{ent.uscc},2024-06,10,1,9600.00,inf,0",
        f"{ent.uscc},2024-07,3000000000,1,9600.00,9600.00,0",
    ]
    report = run_import(InsuranceMonthImportSpec(actor=city_officer), _csv(tmp_path, rows), actor=city_officer)
    assert not report.ok
    assert sorted({e.line for e in report.errors}) == [3, 4, 5, 6, 7, 8]
    too_large = [e for e in report.errors if e.line == 6][0]
    assert "10" in too_large.message  # the bound is named
    assert InsuranceMonth.objects.count() == 0


def test_insurance_import_messages_are_chinese(tmp_path, city_officer, region_a, settings):
    from django.utils import translation

    ent = EnterpriseFactory(region=region_a)
    with translation.override("zh-hans"):
        report = run_import(InsuranceMonthImportSpec(actor=city_officer),
                            _csv(tmp_path, [f"{ent.uscc},2024-01,10,1,{'9' * 25},NaN,0"]), actor=city_officer)
    messages = " ".join(e.message for e in report.errors)
    assert "金额" in messages and "位" in messages, messages
    assert InsuranceMonth.objects.count() == 0
