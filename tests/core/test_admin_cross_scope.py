"""Issue 11 item 1, as the probe found it: county staff writing through admin add forms onto another
county's rows, add pages listing them, raw-id labels naming them, and services that did not check
the actor's scope. Each case first saves an in-scope row with the same form (the data is valid),
then tries the other county's row: refused, nothing stored."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from recruitment import services
from recruitment.models import (
    Event,
    EventParticipant,
    InternshipPlacement,
    InternshipPost,
    JobPosting,
    RecommendationOfficer,
    ServiceRecord,
)
from tests.factories import make_mobile, make_resident_id
from tests.recruitment.factories import GraduateFactory
from wage_arrears.models import Site
from xingtai_jobs.core.errors import DomainError


def _graduate(region, seq, name):
    return GraduateFactory(name=name, resident_id=make_resident_id(dt.date(2001, 3, 4), region.code, seq), phone=make_mobile(),
                           graduation_date=dt.date(2024, 6, 30), household_region=region)


def _event(region, title, status=Event.Status.DRAFT):
    start = timezone.now() + dt.timedelta(days=10)
    return Event.objects.create(title=title, kind=Event.Kind.ONSITE, region=region, starts_at=start,
                                ends_at=start + dt.timedelta(hours=4), capacity=100, status=status)


def _post(host, region):
    return InternshipPost.objects.create(host=host, title="行政见习岗", positions=5, duration_months=6, stipend=Decimal("1900.00"),
                                         region=region, status=InternshipPost.Status.APPROVED)


def _add(client, model, data):
    return client.post(reverse(f"admin:recruitment_{model}_add") if model != "site" else reverse("admin:wage_arrears_site_add"), data)


def test_service_record_on_another_countys_graduate_is_refused(login, county_officer, region_a, region_b):
    own, other = _graduate(region_a, 101, "襄都同学"), _graduate(region_b, 102, "信都同学")
    client = login(county_officer)
    data = {"kind": "guidance", "date": timezone.localdate().isoformat(), "channel": "", "note": "辅导"}
    assert _add(client, "servicerecord", {**data, "entry": own.pk}).status_code == 302
    response = _add(client, "servicerecord", {**data, "entry": other.pk})
    assert response.status_code == 200 and "entry" in response.context["adminform"].form.errors
    assert not ServiceRecord.objects.filter(entry=other).exists()
    # the raw-id label does not name the other county's graduate
    page = client.get(reverse("admin:recruitment_servicerecord_add") + f"?entry={other.pk}").content.decode()
    assert "信都同学" not in page
    page = client.get(reverse("admin:recruitment_servicerecord_add") + f"?entry={own.pk}").content.decode()
    assert "襄都同学" in page


def test_participant_on_another_countys_draft_event_is_refused_and_not_listed(login, county_officer, region_a, region_b,
                                                                               enterprise, other_enterprise):
    own, other = _event(region_a, "襄都春季招聘会"), _event(region_b, "信都内部筹备招聘会")
    client = login(county_officer)
    page = client.get(reverse("admin:recruitment_eventparticipant_add")).content.decode()
    assert "襄都春季招聘会" in page and "信都内部筹备招聘会" not in page
    assert other_enterprise.uscc not in page  # nor another county's enterprises with their full USCC
    assert _add(client, "eventparticipant", {"event": own.pk, "enterprise": enterprise.pk, "booth": "A1"}).status_code == 302
    response = _add(client, "eventparticipant", {"event": other.pk, "enterprise": enterprise.pk, "booth": "A2"})
    assert response.status_code == 200 and "event" in response.context["adminform"].form.errors
    assert not EventParticipant.objects.filter(event=other).exists()


def test_job_posting_for_another_countys_enterprise_or_event_is_refused(login, county_officer, region_a, region_b,
                                                                        enterprise, other_enterprise):
    own_event, other_event = _event(region_a, "襄都招聘会"), _event(region_b, "信都招聘会")
    client = login(county_officer)
    today = timezone.localdate()
    data = {"title": "操作工", "occupation": "操作工", "headcount": 3, "education": "any", "experience_years": 0, "pay_min": "3000",
            "pay_max": "4000", "region": region_a.pk, "description": "", "valid_from": today.isoformat(),
            "valid_to": (today + dt.timedelta(days=30)).isoformat(), "is_active": "on"}
    response = _add(client, "jobposting", {**data, "enterprise": enterprise.pk, "events": [own_event.pk]})
    assert response.status_code == 302, response.context["adminform"].form.errors
    for bad in ({"enterprise": other_enterprise.pk, "events": [own_event.pk]}, {"enterprise": enterprise.pk, "events": [other_event.pk]}):
        response = _add(client, "jobposting", {**data, **bad, "title": "越权岗位"})
        assert response.status_code == 200 and set(bad) & set(response.context["adminform"].form.errors)
    assert not JobPosting.objects.filter(title="越权岗位").exists()


def test_recommendation_officer_and_site_for_another_countys_enterprise_are_refused(login, county_officer, region_a,
                                                                                   enterprise, other_enterprise):
    client = login(county_officer)
    officer = {"name": "推荐官", "phone": make_mobile(), "position": "人事", "is_active": "on"}
    assert _add(client, "recommendationofficer", {**officer, "enterprise": enterprise.pk}).status_code == 302
    response = _add(client, "recommendationofficer", {**officer, "phone": make_mobile(), "enterprise": other_enterprise.pk})
    assert response.status_code == 200 and "enterprise" in response.context["adminform"].form.errors
    assert not RecommendationOfficer.objects.filter(enterprise=other_enterprise).exists()
    site = {"name": "工地", "address": "襄都区某路1号", "employer_name": "某建筑公司", "sector": "construction", "region": region_a.pk,
            "is_active": "on"}
    assert _add(client, "site", {**site, "enterprise": enterprise.pk}).status_code == 302
    response = _add(client, "site", {**site, "name": "越权工地", "enterprise": other_enterprise.pk})
    assert response.status_code == 200 and "enterprise" in response.context["adminform"].form.errors
    assert not Site.objects.filter(name="越权工地").exists()


def test_intern_placed_on_another_countys_post_is_refused(login, other_county_officer, region_a, region_b, enterprise, other_enterprise):
    post_a, post_b = _post(enterprise, region_a), _post(other_enterprise, region_b)
    client = login(other_county_officer)  # 信都区 staff
    data = {"name": "见习生", "phone": "", "start": timezone.localdate().isoformat()}
    response = _add(client, "internshipplacement", {**data, "post": post_b.pk,
                                                    "resident_id": make_resident_id(dt.date(2002, 1, 1), "130503", 201)})
    assert response.status_code == 302, response.context["adminform"].form.errors
    response = _add(client, "internshipplacement", {**data, "post": post_a.pk,
                                                    "resident_id": make_resident_id(dt.date(2002, 1, 1), "130503", 202)})
    assert response.status_code == 200 and "post" in response.context["adminform"].form.errors
    assert not InternshipPlacement.objects.filter(post=post_a).exists()


def test_services_check_the_actors_scope(county_officer, other_county_officer, region_a, region_b, enterprise, other_enterprise):
    other_graduate = _graduate(region_b, 103, "信都同学")
    with pytest.raises(DomainError) as refused:
        services.service_record_add(entry=other_graduate, kind="guidance", date=timezone.localdate(), actor=county_officer)
    assert refused.value.code == "forbidden"
    assert not ServiceRecord.objects.filter(entry=other_graduate).exists()
    post_a = _post(enterprise, region_a)
    with pytest.raises(DomainError) as refused:
        services.placement_create(post=post_a, actor=other_county_officer, name="见习生",
                                  resident_id=make_resident_id(dt.date(2002, 1, 1), "130503", 203), start=timezone.localdate())
    assert refused.value.code == "forbidden"
    assert not InternshipPlacement.objects.filter(post=post_a).exists()
    with pytest.raises(DomainError):
        services.internship_post_create(host=other_enterprise, actor=county_officer, title="越权", positions=1, duration_months=6,
                                        stipend=Decimal("1900"), region=region_a)
    with pytest.raises(DomainError):
        services.event_set_status(event=_event(region_b, "信都草稿"), status=Event.Status.PUBLISHED, actor=county_officer)
    # in scope, the same calls go through
    own = _graduate(region_a, 104, "襄都同学")
    services.service_record_add(entry=own, kind="guidance", date=timezone.localdate(), actor=county_officer)
    assert ServiceRecord.objects.filter(entry=own).count() == 1
