"""/staff/policy/: every figure of every app listed with source and status; city staff edit
(validated, audited, 400 with nothing saved on bad input), county staff read, others refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from enterprises import rules as enterprise_rules
from subsidies.models import Scheme, SchemeRound
from tests.factories import UserFactory
from xingtai_jobs.core import policy
from xingtai_jobs.core.models import AuditEvent, Department, PolicyFigure, User

URL = "/staff/policy/"


def _row(key, on=None):
    day = on or dt.date.today()
    return PolicyFigure.objects.filter(key=key, valid_from__lte=day).exclude(valid_to__lt=day).get()


def test_anonymous_is_sent_to_login_and_other_roles_are_refused(client, login, enterprise_user, region_a):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]
    for user in (enterprise_user,
                 UserFactory(username="liaison", role=User.Role.DEPARTMENT_LIAISON, region=region_a, department=Department.objects.get(code="housing")),
                 UserFactory(username="citizen", role=User.Role.CITIZEN)):
        assert login(user).get(URL).status_code == 403
        client.logout()


def test_county_staff_read_every_figure_with_source_and_status_but_cannot_edit(login, county_officer):
    response = login(county_officer).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for state in policy.figures():
        assert state.spec.key in html  # every declared figure of every app
        assert state.rows, f"{state.spec.key} has no value"
        for row in state.rows:
            assert row.source in html
    for round_ in SchemeRound.objects.all():
        assert round_.name in html
    assert "暂定" in html and "已确认" in html  # status as text, not colour alone
    assert "邢人社办〔2024〕84号 第十四条" in html
    assert "募集就业见习岗位不少于5200个" in html and "internship_posts" in html  # the yearly targets too
    assert reverse("policy-edit", args=[_row("wage_arrears.accept_working_days").pk]) not in html
    row = _row("wage_arrears.accept_working_days")
    response = login(county_officer).post(reverse("policy-edit", args=[row.pk]), {
        "value": "9", "valid_from": row.valid_from.isoformat(), "source": "x", "confirmed": "on", "version": row.version})
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.value == "5" and not AuditEvent.objects.filter(action__startswith="core.policy_figure").exists()


def test_the_list_page_query_count_is_fixed(login, city_officer, django_assert_num_queries):
    client = login(city_officer)
    client.get(URL)
    # session, user, the ranking method versions, the rounds of every scheme (one query for all the
    # sets that list rounds: policy.shared); the figures and the calendar notice come from the
    # reference memo the first request filled
    with django_assert_num_queries(4):
        assert client.get(URL).status_code == 200


def test_the_list_page_reads_every_scheme_s_rounds_in_one_query(login, city_officer, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(city_officer)
    client.get(URL)
    schemes = {s.code: s for s in Scheme.objects.all()}
    round_sets = [s for s in policy.figure_sets() if s.name.split(".", 1)[1] in schemes]
    assert len(round_sets) >= 6  # the subsidies' and the entitlements' schemes
    for figure_set in round_sets:  # one more round of every scheme: still one query of rounds
        scheme = schemes[figure_set.name.split(".", 1)[1]]
        SchemeRound.objects.create(scheme=scheme, name=f"{scheme.code} 2031", assessment_year=2031,
                                   opens_on=dt.date(2031, 1, 1), closes_on=dt.date(2031, 6, 30),
                                   budget=Decimal("1000.00"), parameters={})
    with CaptureQueriesContext(connection) as queries:
        page = client.get(URL)
    assert page.status_code == 200
    rounds = [q["sql"] for q in queries.captured_queries if 'FROM "subsidies_schemeround"' in q["sql"]]
    assert len(rounds) == 1, rounds
    body = page.content.decode()
    for figure_set in round_sets:
        assert f"{figure_set.name.split('.', 1)[1]} 2031" in body
    with django_assert_num_queries(4):
        assert client.get(URL).status_code == 200


def test_city_staff_change_a_figure_and_the_change_is_audited_and_applied(login, city_officer):
    row = _row("wage_arrears.accept_working_days")
    client = login(city_officer)
    page = client.get(reverse("policy-edit", args=[row.pk]))
    assert page.status_code == 200 and "决定是否受理的期限" in page.content.decode()
    response = client.post(reverse("policy-edit", args=[row.pk]), {
        "value": "7", "valid_from": row.valid_from.isoformat(), "valid_to": "", "source": "新的文件 第一条",
        "confirmed": "on", "version": row.version})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.value, row.source, row.version, row.changed_by) == ("7", "新的文件 第一条", 2, city_officer)
    event = AuditEvent.objects.get(action="core.policy_figure.changed")
    assert event.before["value"] == "5" and event.after["value"] == "7" and event.actor == city_officer
    assert policy.value("wage_arrears.accept_working_days") == 7  # the memo was dropped on save
    listing = client.get(URL).content.decode()
    assert "新的文件 第一条" in listing and "city" in listing


@pytest.mark.parametrize("data,message", [
    ({"value": "abc"}, "请输入1至60之间的整数"),
    ({"value": "61"}, "请输入1至60之间的整数"),
    ({"source": ""}, ""),
    ({"valid_to": "2000-01-01"}, "失效日期不能早于生效日期"),
    ({"valid_from": "not-a-date"}, ""),
])
def test_bad_input_is_a_400_in_chinese_and_nothing_is_saved(login, city_officer, data, message):
    row = _row("wage_arrears.accept_working_days")
    form = {"value": "6", "valid_from": row.valid_from.isoformat(), "valid_to": "", "source": row.source,
            "confirmed": "on", "version": row.version, **data}
    response = login(city_officer).post(reverse("policy-edit", args=[row.pk]), form)
    assert response.status_code == 400
    assert message in response.content.decode()
    row.refresh_from_db()
    assert (row.value, row.version) == ("5", 1)
    assert not AuditEvent.objects.filter(action__startswith="core.policy_figure").exists()


def test_a_stale_form_is_refused_as_a_conflict(login, city_officer):
    row = _row("wage_arrears.accept_working_days")
    response = login(city_officer).post(reverse("policy-edit", args=[row.pk]), {
        "value": "6", "valid_from": row.valid_from.isoformat(), "source": row.source, "version": row.version - 1})
    assert response.status_code == 409 and "已被他人修改" in response.content.decode()
    row.refresh_from_db()
    assert row.value == "5"


def test_a_new_value_from_a_date_keeps_the_old_one_before_it(login, city_officer):
    key = "enterprises.size.industry_employees_large"
    old = _row(key)
    response = login(city_officer).post(reverse("policy-new-period", args=[key]), {
        "value": "1200", "valid_from": "2030-01-01", "valid_to": "", "source": "假设的新标准"})
    assert response.status_code == 302
    assert enterprise_rules.compute_size_class("C30", employees=1100, on=dt.date(2029, 12, 31)) == "large"
    assert enterprise_rules.compute_size_class("C30", employees=1100, on=dt.date(2030, 1, 1)) == "medium"
    old.refresh_from_db()
    assert old.valid_to == dt.date(2029, 12, 31)
    new = PolicyFigure.objects.get(key=key, valid_from=dt.date(2030, 1, 1))
    assert new.confirmed is False  # not ticked: provisional
    assert {e.action for e in AuditEvent.objects.all()} >= {"core.policy_figure.closed", "core.policy_figure.added"}


def test_a_round_parameter_is_edited_the_same_way(login, city_officer, county_officer):
    round_ = SchemeRound.objects.get(scheme__code="stable_job_refund", assessment_year=2024)
    url = reverse("policy-set-edit", args=["subsidies.stable_job_refund", round_.pk, "batch_max_items"])
    assert login(county_officer).post(url, {"value": "100", "confirmed": "on"}).status_code == 403
    client = login(city_officer)
    bad = client.post(url, {"value": "0", "confirmed": "on"})
    assert bad.status_code == 400 and "每个发放批次的条目上限" in bad.content.decode()
    round_.refresh_from_db()
    assert round_.parameters["batch_max_items"] == 50000 and "batch_max_items" in round_.provisional
    assert client.post(url, {"value": "20000", "confirmed": "on"}).status_code == 302
    round_.refresh_from_db()
    assert round_.parameters["batch_max_items"] == 20000 and "batch_max_items" not in round_.provisional
    assert round_.parameters_changed_by == city_officer
    event = AuditEvent.objects.get(action="subsidies.round.parameter_changed")
    assert event.before == {"name": "batch_max_items", "value": 50000, "confirmed": False}
    assert event.after == {"name": "batch_max_items", "value": 20000, "confirmed": True}
    rate = reverse("policy-set-edit", args=["subsidies.stable_job_refund", round_.pk, "rate_sme"])
    assert client.post(rate, {"value": "1.5", "confirmed": "on"}).status_code == 400
    round_.refresh_from_db()
    assert Decimal(round_.parameters["rate_sme"]) == Decimal("0.60")
    unknown = reverse("policy-set-edit", args=["subsidies.stable_job_refund", round_.pk, "bogus"])
    assert client.get(unknown).status_code == 404


def test_the_page_is_chinese_and_fits_a_phone(login, county_officer):
    html = login(county_officer).get(URL).content.decode()
    assert "政策参数" in html and 'class="table-scroll"' in html


def test_the_ranking_method_figures_are_listed_and_edited_the_same_way(login, city_officer):
    from rankings.models import RankingMethod
    from rankings.services import method_in_force

    method = RankingMethod.objects.get(version=1)
    client = login(city_officer)
    html = client.get(URL).content.decode()
    assert "correction_window_days" in html and "weight_total" in html
    url = reverse("policy-set-edit", args=["rankings.method", method.pk, "top_n"])
    assert client.post(url, {"value": "0", "confirmed": "on"}).status_code == 400
    assert client.post(url, {"value": "50", "confirmed": "on"}).status_code == 302
    assert method_in_force(dt.date(2025, 1, 1)).top_n == 50
    weight = reverse("policy-set-edit", args=["rankings.method", method.pk, "weight_total"])
    refused = client.post(weight, {"value": "0.5"})  # the weights would add up to 1.2
    assert refused.status_code == 400 and "1.20" in refused.content.decode()
    method.refresh_from_db()
    assert method.weights["total"] == "0.30" and "top_n" not in method.provisional
    assert AuditEvent.objects.filter(action="rankings.method.figure_changed").count() == 1


def test_a_new_round_in_the_admin_starts_from_the_default_data(db, login):
    client = login(UserFactory(username="root", is_superuser=True, role=User.Role.CITY_STAFF))
    html = client.get(reverse("admin:subsidies_schemeround_add")).content.decode()
    assert "layoff_ratio_limit" in html and "0.055" in html and "batch_max_items" in html
