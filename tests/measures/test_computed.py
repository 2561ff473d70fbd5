"""Each computed indicator against a hand count on seeded data, as it stood on a date (the data's
own dates), and by county."""

import datetime as dt
from decimal import Decimal

import pytest

from recruitment.models import (
    Event,
    GraduateEntry,
    InternshipPost,
    LivestreamResult,
    RecommendationOfficer,
    Series,
    ServiceRecord,
)
from tests.factories import EnterpriseFactory, make_resident_id
from tests.measures.helpers import at, county, progress
from tests.recruitment.factories import EventFactory, GraduateFactory

pytestmark = pytest.mark.django_db
D = dt.date


def test_brand_and_graduate_events_count_held_events_by_their_start(region_a, region_b):
    brand = Series.objects.create(name="相遇太行泉城，职来不问归期", is_brand=True)
    EventFactory(series=brand, starts_at=at(2024, 3, 5), status=Event.Status.CLOSED)
    EventFactory(series=brand, starts_at=at(2024, 10, 5), status=Event.Status.RESULTS, region=region_b)
    EventFactory(series=brand, starts_at=at(2024, 4, 5), status=Event.Status.PUBLISHED)  # not held
    EventFactory(series=brand, starts_at=at(2023, 12, 30), status=Event.Status.CLOSED)  # another year
    EventFactory(kind=Event.Kind.GRADUATE, starts_at=at(2024, 6, 1), status=Event.Status.CLOSED)
    EventFactory(for_graduates=True, starts_at=at(2024, 6, 2), status=Event.Status.ONGOING)
    EventFactory(kind=Event.Kind.ONSITE, starts_at=at(2024, 6, 3), status=Event.Status.CLOSED)  # not for graduates
    assert progress("brand_events", as_of=D(2024, 9, 30))["value"] == 1
    row = progress("brand_events", as_of=D(2024, 12, 31), regions=True)
    assert row["value"] == 2 and county(row, "130503")["value"] == 1 and county(row, "130502")["value"] == 1
    assert progress("graduate_events", as_of=D(2024, 9, 30))["value"] == 2
    assert progress("graduate_events", as_of=D(2024, 6, 1))["value"] == 1


def test_livestream_visits_intentions_and_internship_posts(city_officer, region_a):
    live = EventFactory(kind=Event.Kind.LIVESTREAM, starts_at=at(2024, 5, 20), status=Event.Status.CLOSED)
    LivestreamResult.objects.create(event=live, platform="抖音", hosts="局长", views=1000, applications=30, intentions=45,
                                    enterprise_visits=3)
    live2 = EventFactory(kind=Event.Kind.LIVESTREAM, starts_at=at(2024, 11, 2), status=Event.Status.CLOSED)
    LivestreamResult.objects.create(event=live2, platform="快手", hosts="主播", views=800, applications=10, intentions=5,
                                    enterprise_visits=2)
    host = EnterpriseFactory(region=region_a)
    for positions, approved in ((10, at(2024, 2, 1)), (5, at(2024, 9, 30, 23)), (7, at(2024, 10, 1, 0))):
        InternshipPost.objects.create(host=host, title="见习", positions=positions, duration_months=6, stipend=Decimal("1900"),
                                      region=region_a, status=InternshipPost.Status.APPROVED, approved_at=approved)
    InternshipPost.objects.create(host=host, title="待审", positions=99, duration_months=6, stipend=Decimal("1900"), region=region_a)
    assert progress("livestream_visits", as_of=D(2024, 9, 30))["value"] == 3
    assert progress("livestream_visits", as_of=D(2024, 12, 31))["value"] == 5
    assert progress("intentions", as_of=D(2024, 12, 31))["value"] == 50
    row = progress("internship_posts", as_of=D(2024, 9, 30))
    # approved 2024-09-30 23:00 Beijing time counts on the 30th; 2024-10-01 00:00 does not
    assert row["value"] == 15 and row["target"] == 5200 and row["expected_share"] == "0.749" and row["status"] == "at_risk"
    assert [p["value"] for p in row["trend"]][:3] == [0, 10, 10] and row["trend"][-1] == {"date": "2024-09-30", "value": 15}


def test_officer_compliance_is_the_share_of_above_scale_enterprises_with_two_active_officers(region_a, region_b):
    a = EnterpriseFactory(region=region_a, above_scale=True)
    b = EnterpriseFactory(region=region_b, above_scale=True)
    EnterpriseFactory(region=region_b, above_scale=False)  # not counted at all
    for n, ent in enumerate([a, a, b]):
        RecommendationOfficer.objects.create(enterprise=ent, name=f"官{n}", phone=f"1390000000{n}", position="HR")
    RecommendationOfficer.objects.create(enterprise=b, name="离职", phone="13900000009", position="HR", is_active=False)
    row = progress("officer_compliance", as_of=dt.date.today(), year=dt.date.today().year, regions=True)
    assert row["value"] == "50.0" and county(row, "130502")["value"] == "100.0" and county(row, "130503")["value"] == "0.0"


def test_graduate_contact_rate_counts_a_reached_service_of_the_year(region_a, city_officer):
    entries = [GraduateFactory(name=f"毕{i}", resident_id=make_resident_id(dt.date(2001, 1, 1), seq=100 + i), phone=f"1380000010{i}",
                               school="河北大学", graduation_date=dt.date(2024, 6, 30), household_region=region_a) for i in range(4)]
    GraduateEntry.objects.filter(pk__in=[e.pk for e in entries]).update(created_at=at(2024, 7, 1))
    ServiceRecord.objects.create(entry=entries[0], kind="briefing", date=D(2024, 7, 10), reached=True)
    ServiceRecord.objects.create(entry=entries[1], kind="briefing", date=D(2024, 10, 10), reached=True)
    ServiceRecord.objects.create(entry=entries[2], kind="briefing", date=D(2024, 8, 10), reached=False)  # not reached
    assert progress("graduate_contact_rate", as_of=D(2024, 9, 30))["value"] == "25.0"
    assert progress("graduate_contact_rate", as_of=D(2024, 12, 31))["value"] == "50.0"
    assert progress("graduate_contact_rate", as_of=D(2024, 6, 30))["value"] is None  # nobody on the books yet: no data
    assert progress("graduate_contact_rate", as_of=D(2024, 6, 30))["status"] == "no_data"


def test_ranking_published_counts_on_its_publication_day():
    from rankings.models import Ranking

    Ranking.objects.create(year=2023, status=Ranking.Status.PUBLISHED, published_at=at(2024, 4, 10), method_version=1, weights={},
                           top_n=100, correction_window_days=5)
    assert progress("ranking_published", as_of=D(2024, 4, 9))["value"] == 0
    assert progress("ranking_published", as_of=D(2024, 4, 10))["status"] == "met"


def test_si_subsidy_is_the_approved_reports_until_the_portal_pays_the_scheme(county_officer, region_a, city_officer,
                                                                              second_city_officer):
    from measures import services
    from measures.models import Indicator
    from subsidies.models import Scheme

    row = progress("si_subsidy_paid", as_of=D(2024, 9, 30))
    assert row["value"] is None and row["status"] == "no_data" and row["target"] == "10000000.00"
    indicator = Indicator.objects.get(code="si_subsidy_paid")
    city = services.report_submit(indicator=indicator, region=None, actor=city_officer, period_start=D(2024, 1, 1),
                                  period_end=D(2024, 3, 31), value=Decimal("2136400.50"), evidence_link="https://example.org/si")
    county_report = services.report_submit(indicator=indicator, region=region_a, actor=county_officer, period_start=D(2024, 4, 1),
                                           period_end=D(2024, 6, 30), value=Decimal("500000"), evidence_link="https://example.org/si2")
    assert progress("si_subsidy_paid", as_of=D(2024, 9, 30))["status"] == "no_data"  # submitted is not approved
    services.report_approve(report=city, actor=second_city_officer)
    services.report_approve(report=county_report, actor=city_officer)
    assert progress("si_subsidy_paid", as_of=D(2024, 6, 29))["value"] == "2136400.50"  # dated by the period's end
    row = progress("si_subsidy_paid", as_of=D(2024, 9, 30), regions=True)
    # 2,636,400.50 of 10 million by 2024-09-30 (expected 274/366): below 70 % of the expected share
    assert row["value"] == "2636400.50" and county(row, "130502")["value"] == "500000.00" and row["status"] == "at_risk"
    Scheme.objects.create(code="social_insurance_subsidy", name="社保补贴", clause="第3条")
    row = progress("si_subsidy_paid", as_of=D(2024, 9, 30))
    assert row["value"] == "0.00"  # the portal pays it now: its payouts count, the reports no longer


def test_complaints_assigned_and_cleared_are_shares_of_the_accepted_complaints(region_a, region_b):
    from wage_arrears.models import Complaint, Status
    from xingtai_jobs.core.models import Department

    department = Department.objects.order_by("id").first()
    codes = iter(range(10000000, 10000100))

    def complaint(region, received, status, assigned=None, resolved=None, closed=None):
        return Complaint.objects.create(
            tracking_code=str(next(codes)), complainant_name="工人", complainant_phone="13900000000", employer_name="某公司",
            employer_name_normalized="某公司", region=region, sector="construction", department=department,
            period_start=D(2024, 1, 1), period_end=D(2024, 2, 1), amount_owed=Decimal("9000"), received_on=received,
            accept_due=received, status=status, assigned_on=assigned, resolved_on=resolved, closed_on=closed)

    complaint(region_a, D(2024, 3, 1), Status.CLOSED, D(2024, 3, 2), D(2024, 3, 20), D(2024, 3, 25))
    complaint(region_a, D(2024, 3, 5), Status.CLOSED, D(2024, 3, 6), None, D(2024, 4, 10))  # closed without payment
    complaint(region_b, D(2024, 6, 1), Status.ASSIGNED, D(2024, 6, 3))
    complaint(region_b, D(2024, 6, 2), Status.ACCEPTED)
    complaint(region_b, D(2024, 6, 2), Status.NOT_ACCEPTED)  # not counted: not accepted
    complaint(region_b, D(2024, 6, 2), Status.SUBMITTED)  # not counted: not accepted yet
    complaint(region_a, D(2023, 12, 30), Status.CLOSED, D(2024, 1, 2), D(2024, 1, 5))  # another year
    assert progress("complaints_assigned", as_of=D(2024, 2, 29))["value"] is None  # nothing received yet: no data
    assert progress("complaints_assigned", as_of=D(2024, 3, 5))["value"] == "50.0"  # 1 of 2 by the 5th
    row = progress("complaints_assigned", as_of=D(2024, 12, 31), regions=True)
    assert row["value"] == "75.0" and county(row, "130502")["value"] == "100.0" and county(row, "130503")["value"] == "50.0"
    assert progress("complaints_cleared", as_of=D(2024, 3, 31))["value"] == "50.0"
    row = progress("complaints_cleared", as_of=D(2024, 12, 31), regions=True)
    assert row["value"] == "50.0" and county(row, "130502")["value"] == "100.0" and county(row, "130503")["value"] == "0.0"


def test_reception_fridays_count_fridays_with_a_session_held(region_a, region_b):
    from wage_arrears.models import ReceptionSession

    for region, day, held in ((region_a, D(2024, 3, 1), True), (region_b, D(2024, 3, 1), True), (region_a, D(2024, 3, 8), True),
                              (region_a, D(2024, 3, 15), False), (region_a, D(2024, 3, 14), True)):  # 03-14 is a Thursday
        ReceptionSession.objects.create(region=region, date=day, start_time=dt.time(14, 30), held=held)
    row = progress("reception_fridays", as_of=D(2024, 12, 31), regions=True)
    assert row["value"] == 2 and county(row, "130503")["value"] == 1


def test_reemployment_and_hard_to_employ_from_the_person_layer(region_a, region_b, enterprise, county_officer, city_officer):
    from measures import services
    from measures.models import Indicator
    from persons.models import (
        HardshipCategory,
        HardshipCertification,
        LabourContract,
        Person,
        PersonContribution,
        UnemploymentRegistration,
    )

    zero = dict.fromkeys(("pension_unit", "pension_personal", "medical_unit", "medical_personal", "ui_unit", "ui_personal", "injury_unit"), 0)

    def person(seq, region):
        return Person.objects.create(resident_id=make_resident_id(dt.date(1985, 3, 3), seq=seq), name=f"人{seq}", region=region)

    p1, p2, p3, p4 = person(201, region_a), person(202, region_a), person(203, region_a), person(204, region_a)
    for p in (p1, p2, p3):
        UnemploymentRegistration.objects.create(person=p, region=region_a, registered_on=D(2024, 1, 10), ended_on=D(2024, 4, 30))
    LabourContract.objects.create(person=p1, enterprise=enterprise, starts_on=D(2024, 4, 1), kind="fixed")
    PersonContribution.objects.create(person=p1, enterprise=enterprise, month=D(2024, 4, 1), **zero)
    LabourContract.objects.create(person=p1, enterprise=enterprise, starts_on=D(2024, 4, 20), kind="fixed")  # once a year
    LabourContract.objects.create(person=p2, enterprise=enterprise, starts_on=D(2024, 4, 1), kind="fixed")
    PersonContribution.objects.create(person=p2, enterprise=enterprise, month=D(2024, 5, 1), in_arrears=True, **zero)  # not paid
    LabourContract.objects.create(person=p3, enterprise=enterprise, starts_on=D(2024, 6, 1), kind="fixed")  # after registration
    PersonContribution.objects.create(person=p3, enterprise=enterprise, month=D(2024, 6, 1), **zero)
    category = HardshipCategory.objects.first() or HardshipCategory.objects.create(code="test", name="测试")
    HardshipCertification.objects.create(person=p4, category=category, certified_on=D(2024, 2, 1), region=region_a)
    LabourContract.objects.create(person=p4, enterprise=enterprise, starts_on=D(2024, 8, 10), kind="fixed")
    PersonContribution.objects.create(person=p4, enterprise=enterprise, month=D(2024, 9, 1), **zero)
    # a county the person layer does not cover reports instead; a report of a covered county is not added
    indicator = Indicator.objects.get(code="reemployed_unemployed")
    for region, user in ((region_b, None), (region_a, county_officer)):
        actor = user or city_officer
        report = services.report_submit(indicator=indicator, region=region, actor=actor, period_start=D(2024, 1, 1),
                                        period_end=D(2024, 3, 31), value=Decimal(40), evidence_link="https://example.org/a")
        services.report_approve(report=report, actor=city_officer if user else _other_city())
    row = progress("reemployed_unemployed", as_of=D(2024, 9, 30), regions=True)
    assert county(row, "130502")["value"] == 1 and county(row, "130503")["value"] == 40 and row["value"] == 41
    assert progress("reemployed_unemployed", as_of=D(2024, 3, 31))["value"] == 40
    assert progress("hard_to_employ_employed", as_of=D(2024, 8, 31))["value"] is None  # paid month not yet: no data
    assert progress("hard_to_employ_employed", as_of=D(2024, 9, 1))["value"] == 1


def _other_city():
    from tests.factories import UserFactory
    from xingtai_jobs.core.models import User

    return UserFactory(username="city_two", role=User.Role.CITY_STAFF)
