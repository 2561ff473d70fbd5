"""Preview → correction → recompute → publish → withdraw, with the audit trail, frozen snapshots and bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from enterprises.models import Enterprise, InsuranceMonth
from rankings import services
from rankings.models import CorrectionRequest, PublishedEntry, Ranking
from tests.rankings.factories import three_enterprises
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def evidence(content=PDF, name="证明.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def preview(region_b, city_officer):
    a, b, c = three_enterprises(2023, region_b)
    ranking = services.ranking_compute(year=2023, actor=city_officer)
    return ranking, a, b, c


def test_full_flow_with_audit_trail(preview, city_officer, county_officer, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                          "OPTIONS": {"location": str(tmp_path)}}}
    ranking, a, b, c = preview
    from tests.factories import UserFactory
    from xingtai_jobs.core.models import User

    b_user = UserFactory(username="ent_b", role=User.Role.ENTERPRISE_USER, enterprise=b)
    # 乙 says its July headcount was 500, not 50 (evidence attached)
    request = services.correction_request_file(
        ranking=ranking, enterprise=b, actor=b_user, month=dt.date(2023, 7, 1), field="insured_count", claimed_value=500,
        explanation="社保系统漏报", evidence=evidence(),
    )
    assert request.recorded_value == 50 and request.status == CorrectionRequest.Status.OPEN
    with pytest.raises(DomainError):  # corrections still open: publish only with force
        services.ranking_publish(ranking=ranking, actor=city_officer)
    # county staff of another region cannot resolve; city staff can
    services.correction_request_resolve(request=request, actor=city_officer, accept=True)
    assert InsuranceMonth.objects.get(enterprise=b, month=dt.date(2023, 7, 1)).insured_count == 500
    ranking.refresh_from_db()
    assert ranking.needs_recompute
    with pytest.raises(DomainError, match="重新计算"):
        services.ranking_publish(ranking=ranking, actor=city_officer, force=True, reason="x")
    ranking = services.ranking_compute(year=2023, actor=city_officer)
    assert ranking.entries.get(enterprise=b).insured_sum == 590 + 450
    with pytest.raises(DomainError, match="更正期") as exc:  # the window is still open
        services.ranking_publish(ranking=ranking, actor=city_officer)
    assert exc.value.code == "conflict" and exc.value.status == 409
    with pytest.raises(DomainError):  # force needs a reason
        services.ranking_publish(ranking=ranking, actor=city_officer, force=True)
    ranking = services.ranking_publish(ranking=ranking, actor=city_officer, force=True, reason="市政府常务会议要求提前发布")
    assert ranking.status == Ranking.Status.PUBLISHED and ranking.forced_reason
    snapshot = list(PublishedEntry.objects.filter(ranking=ranking).values_list("rank", "name", "score"))
    assert snapshot[0][1] == "甲公司"
    # frozen: later data and name changes do not alter the published list
    Enterprise.objects.filter(pk=a.pk).update(name="甲公司(更名)")
    InsuranceMonth.objects.filter(enterprise=c).update(insured_count=1)
    assert list(PublishedEntry.objects.filter(ranking=ranking).values_list("rank", "name", "score")) == snapshot
    with pytest.raises(DomainError, match="已经发布"):
        services.ranking_publish(ranking=ranking, actor=city_officer, force=True, reason="again")
    with pytest.raises(DomainError):
        services.ranking_compute(year=2023, actor=city_officer)
    with pytest.raises(DomainError):  # reason required
        services.ranking_withdraw(ranking=ranking, actor=city_officer, reason=" ")
    ranking = services.ranking_withdraw(ranking=ranking, actor=city_officer, reason="发现数据错误，重新核实")
    assert ranking.status == Ranking.Status.WITHDRAWN
    assert PublishedEntry.objects.filter(ranking=ranking).count() == len(snapshot)  # never silently deleted
    actions = list(AuditEvent.objects.filter(action__startswith="rankings.").order_by("id").values_list("action", flat=True))
    for action in ["rankings.ranking.created", "rankings.ranking.compute_started", "rankings.ranking.computed",
                   "rankings.correction.filed", "rankings.insurance_month.corrected", "rankings.correction.accepted",
                   "rankings.ranking.published", "rankings.ranking.withdrawn"]:
        assert action in actions
    published = AuditEvent.objects.get(action="rankings.ranking.published")
    assert published.after["reason"] == "市政府常务会议要求提前发布" and published.actor == city_officer


def test_publish_after_the_window_needs_no_force(preview, city_officer, monkeypatch):
    ranking, *_ = preview
    Ranking.objects.filter(pk=ranking.pk).update(correction_deadline=dt.date(2020, 1, 1))
    ranking.refresh_from_db()
    ranking = services.ranking_publish(ranking=ranking, actor=city_officer)
    assert ranking.forced_reason == "" and ranking.published_entries.count() == 3


def test_a_correction_after_the_window_is_refused(preview, enterprise_user):
    ranking, a, *_ = preview
    Ranking.objects.filter(pk=ranking.pk).update(correction_deadline=dt.date(2020, 1, 1))
    from tests.factories import UserFactory
    from xingtai_jobs.core.models import User

    user = UserFactory(username="ent_a2", role=User.Role.ENTERPRISE_USER, enterprise=a)
    with pytest.raises(DomainError, match="更正期已于2020-01-01结束") as exc:
        services.correction_request_file(ranking=ranking, enterprise=a, actor=user, month=dt.date(2023, 3, 1), field="new_insured",
                                         claimed_value=3, explanation="x", evidence=evidence())
    assert exc.value.code == "conflict" and exc.value.status == 409
    assert not CorrectionRequest.objects.exists()


def test_an_enterprise_cannot_file_for_another_and_evidence_is_checked_by_content(preview, enterprise_user):
    ranking, a, *_ = preview
    with pytest.raises(DomainError):
        services.correction_request_file(ranking=ranking, enterprise=a, actor=enterprise_user, month=dt.date(2023, 3, 1),
                                         field="new_insured", claimed_value=3, explanation="x", evidence=evidence())
    from tests.factories import UserFactory
    from xingtai_jobs.core.models import User

    user = UserFactory(username="ent_a3", role=User.Role.ENTERPRISE_USER, enterprise=a)
    with pytest.raises(DomainError, match="PDF、JPEG 或 PNG"):
        services.correction_request_file(ranking=ranking, enterprise=a, actor=user, month=dt.date(2023, 3, 1), field="new_insured",
                                         claimed_value=3, explanation="x", evidence=evidence(b"MZ\x90\x00 not a pdf", "证明.pdf"))
    assert not CorrectionRequest.objects.exists()


@pytest.mark.parametrize("weights", [
    {"total": "0.5", "growth": "0.5", "hires": "0.1", "layoff": "0", "dispute": "-0.1"},
    {"total": "0.3", "growth": "0.25", "hires": "0.25", "layoff": "0.1", "dispute": "0.2"},
    {"total": "0.3", "growth": "abc", "hires": "0.25", "layoff": "0.1", "dispute": "0.1"},
    {"total": "1"},
])
def test_bad_weights_are_refused_and_nothing_changes(preview, city_officer, weights):
    ranking, *_ = preview
    before = Ranking.objects.get(pk=ranking.pk).weights
    with pytest.raises(DomainError) as exc:
        services.ranking_set_parameters(ranking=ranking, actor=city_officer, weights=weights, top_n=100, correction_window_days=5)
    assert exc.value.field == "weights"
    assert Ranking.objects.get(pk=ranking.pk).weights == before


def test_changed_weights_are_used_by_the_recomputation(preview, city_officer):
    ranking, *_ = preview
    services.ranking_set_parameters(ranking=ranking, actor=city_officer, top_n=10, correction_window_days=3,
                                    weights={"total": "1", "growth": "0", "hires": "0", "layoff": "0", "dispute": "0"})
    ranking = services.ranking_compute(year=2023, actor=city_officer)
    scores = dict(ranking.entries.values_list("enterprise__name", "score"))
    assert scores == {"甲公司": Decimal("50.00"), "乙公司": Decimal("0.00"), "丙公司": Decimal("100.00")}


def test_a_year_without_data_is_refused(city_officer):
    with pytest.raises(DomainError, match="2019"):
        services.ranking_compute(year=2019, actor=city_officer)
    assert not Ranking.objects.exists()


def test_only_city_staff_compute_publish_or_withdraw(preview, county_officer, enterprise_user):
    ranking, *_ = preview
    for user in (county_officer, enterprise_user):
        with pytest.raises(DomainError):
            services.ranking_compute(year=2023, actor=user)
        with pytest.raises(DomainError):
            services.ranking_publish(ranking=ranking, actor=user, force=True, reason="x")
    assert Ranking.objects.get(pk=ranking.pk).status == Ranking.Status.PREVIEW


def test_commands_compute_print_the_top_10_and_publish(region_b, capsys):
    three_enterprises(2023, region_b)
    call_command("compute_ranking", "--year", "2023")
    out = capsys.readouterr().out
    assert "甲公司" in out.splitlines()[1] and "62.50" in out
    with pytest.raises(CommandError, match="强制发布"):
        call_command("publish_ranking", "--year", "2023")
    call_command("publish_ranking", "--year", "2023", "--force", "--reason", "测试")
    assert Ranking.objects.get(year=2023).status == Ranking.Status.PUBLISHED
    with pytest.raises(CommandError):
        call_command("publish_ranking", "--year", "2023", "--force", "--reason", "测试")


def test_the_chunked_task_resumes_where_it_stopped(region_b, city_officer, monkeypatch):
    from rankings.services import compute

    a, b, c = three_enterprises(2023, region_b)
    monkeypatch.setattr(compute, "CHUNK", 2)
    ranking = services.ranking_create(year=2023, actor=city_officer)
    run = services.ranking_compute_start(ranking=ranking, actor=city_officer, queue=False)
    # a worker did the first chunk and died
    compute.run_chunk(ranking.pk, 0, 2, set())
    ranking.refresh_from_db()
    assert ranking.compute_cursor == 2 and ranking.status == Ranking.Status.COMPUTING
    ranking = services.ranking_compute_run(ranking_id=ranking.pk, run_id=run.pk)
    assert ranking.status == Ranking.Status.PREVIEW and ranking.population_count == 3
    assert list(ranking.entries.order_by("rank").values_list("enterprise__name", flat=True)) == ["甲公司", "丙公司", "乙公司"]
    run.refresh_from_db()
    assert run.status == "done"


def test_the_beat_entry_starts_last_years_ranking_in_january(region_b, django_capture_on_commit_callbacks):
    from django_celery_beat.models import PeriodicTask

    three_enterprises(2023, region_b)
    assert PeriodicTask.objects.filter(task="rankings.start_annual_ranking", enabled=True, crontab__month_of_year="1").exists()
    with django_capture_on_commit_callbacks(execute=True):
        ranking = services.ranking_start_annual(today=dt.date(2024, 1, 10))
    ranking.refresh_from_db()
    assert ranking.year == 2023 and ranking.status == Ranking.Status.PREVIEW  # eager Celery ran it
    assert services.ranking_start_annual(today=dt.date(2024, 1, 10)) is None


def test_county_staff_resolve_only_their_regions_requests(preview, county_officer, other_county_officer, tmp_path, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                          "OPTIONS": {"location": str(tmp_path)}}}
    ranking, a, b, c = preview  # b is in 信都区 (region_b)
    request = services.correction_request_file(ranking=ranking, enterprise=b, actor=other_county_officer, month=dt.date(2023, 2, 1),
                                               field="new_insured", claimed_value=4, explanation="补录", evidence=evidence())
    with pytest.raises(DomainError):
        services.correction_request_resolve(request=request, actor=county_officer, accept=True)
    with pytest.raises(DomainError):  # rejecting needs a reason
        services.correction_request_resolve(request=request, actor=other_county_officer, accept=False)
    services.correction_request_resolve(request=request, actor=other_county_officer, accept=False, note="证明材料不足")
    request.refresh_from_db()
    assert request.status == CorrectionRequest.Status.REJECTED
    assert InsuranceMonth.objects.get(enterprise=b, month=dt.date(2023, 2, 1)).new_insured == 1  # unchanged
    with pytest.raises(DomainError):  # resolved once only
        services.correction_request_resolve(request=request, actor=other_county_officer, accept=True)


def test_county_staff_cannot_file_for_another_regions_enterprise(preview, county_officer):
    ranking, a, b, c = preview
    with pytest.raises(DomainError):
        services.correction_request_file(ranking=ranking, enterprise=b, actor=county_officer, month=dt.date(2023, 2, 1),
                                         field="new_insured", claimed_value=4, explanation="补录", evidence=evidence())
    assert not CorrectionRequest.objects.exists()
