"""Internship posts and placements: 3–12 months, approval, intern eligibility, early hire, progress."""

import datetime as dt
from decimal import Decimal

import pytest

from recruitment import selectors, services
from recruitment.models import InternshipPlacement
from tests.factories import make_resident_id
from tests.recruitment.factories import GraduateFactory
from xingtai_jobs.core.errors import DomainError

pytestmark = pytest.mark.django_db
START = dt.date(2024, 7, 1)


@pytest.fixture
def post(enterprise, city_officer, region_a):
    p = services.internship_post_create(host=enterprise, actor=city_officer, title="行政见习", positions=3, duration_months=6,
                                        stipend=Decimal("1900"), region=region_a)
    return services.internship_post_decide(post=p, approve=True, actor=city_officer)


@pytest.mark.parametrize("months", [2, 13])
def test_an_internship_lasts_3_to_12_months(enterprise, city_officer, region_a, months):
    with pytest.raises(DomainError):
        services.internship_post_create(host=enterprise, actor=city_officer, title="x", positions=1, duration_months=months,
                                        stipend=Decimal("1900"), region=region_a)


def test_a_graduate_within_two_years_of_leaving_school_is_eligible(post, city_officer):
    graduate = GraduateFactory(resident_id=make_resident_id(dt.date(1996, 1, 1), seq=31), graduation_date=dt.date(2023, 6, 30))
    placement = services.placement_create(post=post, actor=city_officer, name=graduate.person.name, resident_id=graduate.person.resident_id, start=START)
    assert placement.ledger_entry == graduate and placement.planned_end == dt.date(2025, 1, 1)
    graduate.refresh_from_db()
    assert graduate.internships == 1


def test_unemployed_youth_aged_16_to_24_is_eligible(post, city_officer):
    placement = services.placement_create(post=post, actor=city_officer, name="青年", resident_id=make_resident_id(dt.date(2001, 8, 1), seq=32),
                                          start=START, unemployment_registered=True)
    assert "22" in placement.eligibility_basis


@pytest.mark.parametrize("birth,graduated,status,registered", [
    (dt.date(1990, 1, 1), dt.date(2021, 6, 30), "unemployed", True),   # 34 and graduated 3 years ago
    (dt.date(2003, 1, 1), None, None, False),                          # young but not registered unemployed
    (dt.date(2001, 1, 1), dt.date(2023, 6, 30), "employed", False),    # recent graduate already employed
    (dt.date(2009, 1, 1), None, None, True),                           # 15 years old
])
def test_ineligible_interns_are_refused_and_nothing_written(post, city_officer, birth, graduated, status, registered):
    rid = make_resident_id(birth, seq=40)
    if graduated:
        GraduateFactory(resident_id=rid, graduation_date=graduated, status=status)
    with pytest.raises(DomainError) as err:
        services.placement_create(post=post, actor=city_officer, name="某人", resident_id=rid, start=START, unemployment_registered=registered)
    assert err.value.code == "invalid" and err.value.field == "resident_id"
    assert not InternshipPlacement.objects.exists()


def test_pending_posts_take_no_interns_and_full_posts_refuse(enterprise, city_officer, region_a, post):
    pending = services.internship_post_create(host=enterprise, actor=city_officer, title="待审", positions=1, duration_months=3,
                                              stipend=Decimal("1900"), region=region_a)
    youth = make_resident_id(dt.date(2002, 1, 1), seq=50)
    with pytest.raises(DomainError):
        services.placement_create(post=pending, actor=city_officer, name="a", resident_id=youth, start=START, unemployment_registered=True)
    for n in range(3):
        services.placement_create(post=post, actor=city_officer, name=f"p{n}", resident_id=make_resident_id(dt.date(2002, 1, 1), seq=60 + n),
                                  start=START, unemployment_registered=True)
    with pytest.raises(DomainError):
        services.placement_create(post=post, actor=city_officer, name="p4", resident_id=youth, start=START, unemployment_registered=True)


def test_early_hire_is_recorded_with_the_months_served(post, city_officer):
    placement = services.placement_create(post=post, actor=city_officer, name="早签", resident_id=make_resident_id(dt.date(2002, 5, 5), seq=70),
                                          start=START, unemployment_registered=True)
    services.placement_end(placement=placement, actor=city_officer, actual_end=dt.date(2024, 10, 1), early_hire_date=dt.date(2024, 10, 1))
    placement.refresh_from_db()
    assert (placement.early_hire_date, placement.months_served) == (dt.date(2024, 10, 1), 3)
    with pytest.raises(DomainError):
        services.placement_end(placement=placement, actor=city_officer, actual_end=dt.date(2024, 11, 1))


def test_progress_against_5200_posts_counts_approved_positions(post, city_officer, enterprise, region_a):
    services.internship_post_create(host=enterprise, actor=city_officer, title="未批", positions=10, duration_months=3,
                                    stipend=Decimal("1900"), region=region_a)
    year = post.approved_at.year
    import datetime as dt

    from xingtai_jobs.core import policy  # the targets are policy figures of the measures register

    if policy.figures("measures.internship_posts")[0].in_force(dt.date(year, 12, 31)) is None:
        policy.add_period(key="measures.internship_posts", actor=city_officer, value=5200, valid_from=dt.date(year, 1, 1),
                          valid_to=dt.date(year, 12, 31), source="test", confirmed=True)
    progress = {p.code: p for p in selectors.target_progress(city_officer, year=year)}
    assert progress["internship_posts"].actual == 3 and progress["internship_posts"].target == policy.value("measures.internship_posts", on=dt.date(year, 12, 31))


def test_a_host_unit_publishes_a_post_for_approval_and_bad_durations_are_refused(login, enterprise_user, region_a):
    from django.urls import reverse

    from recruitment.models import InternshipPost

    client = login(enterprise_user)
    bad = client.post(reverse("recruitment:enterprise-internship-new"),
                      {"title": "前台见习", "positions": 2, "duration_months": 18, "stipend": "1900", "region": region_a.pk})
    assert bad.status_code == 400 and not InternshipPost.objects.exists()
    ok = client.post(reverse("recruitment:enterprise-internship-new"),
                     {"title": "前台见习", "positions": 2, "duration_months": 6, "stipend": "1900", "region": region_a.pk})
    assert ok.status_code == 302
    post = InternshipPost.objects.get()
    assert (post.host, post.status) == (enterprise_user.enterprise, "pending")


def test_staff_place_interns_in_the_admin_and_ineligible_people_are_refused(login, city_officer, post):
    from django.urls import reverse

    client = login(city_officer)
    url = reverse("admin:recruitment_internshipplacement_add")
    old = {"post": post.pk, "name": "超龄", "resident_id": make_resident_id(dt.date(1990, 1, 1), seq=80), "phone": "", "start": "2024-07-01"}
    response = client.post(url, old, follow=True)
    assert "不符合见习条件" in response.content.decode()
    assert not InternshipPlacement.objects.exists()
    young = old | {"name": "青年", "resident_id": make_resident_id(dt.date(2002, 1, 1), seq=81), "unemployment_registered": "on"}
    assert client.post(url, young).status_code == 302
    assert InternshipPlacement.objects.get().person.name == "青年"


def test_a_placement_keeps_who_the_intern_is_on_the_person(post, city_officer, region_b):
    from persons.models import Person

    # not yet registered: created from the placement, living in the county of the ID's area code
    new_rid = make_resident_id(dt.date(2001, 8, 1), "130503", seq=91)
    placement = services.placement_create(post=post, actor=city_officer, name="新人", resident_id=new_rid, phone="13800000091",
                                          start=START, unemployment_registered=True)
    person = Person.objects.get(resident_id=new_rid)
    assert placement.person == person and (person.name, person.phone, person.region) == ("新人", "13800000091", region_b)
    # registered: linked, its mobile kept when the placement gives none
    known = Person.objects.create(resident_id=make_resident_id(dt.date(2001, 9, 1), seq=92), name="老熟人", phone="13900000092",
                                  region=region_b)
    again = services.placement_create(post=post, actor=city_officer, name="老熟人", resident_id=known.resident_id, start=START,
                                      unemployment_registered=True)
    known.refresh_from_db()
    assert again.person == known and known.phone == "13900000092" and Person.objects.count() == 2


def test_a_registered_id_under_another_name_or_placed_twice_is_refused(post, city_officer, region_a):
    from persons.models import Person

    known = Person.objects.create(resident_id=make_resident_id(dt.date(2001, 9, 1), seq=93), name="本名", region=region_a)
    with pytest.raises(DomainError) as err:
        services.placement_create(post=post, actor=city_officer, name="别名", resident_id=known.resident_id, start=START,
                                  unemployment_registered=True)
    assert (err.value.field, err.value.code) == ("name", "conflict") and not InternshipPlacement.objects.exists()
    services.placement_create(post=post, actor=city_officer, name="本名", resident_id=known.resident_id, start=START,
                              unemployment_registered=True)
    with pytest.raises(DomainError) as err:
        services.placement_create(post=post, actor=city_officer, name="本名", resident_id=known.resident_id.lower(), start=START,
                                  unemployment_registered=True)
    assert err.value.code == "conflict" and InternshipPlacement.objects.count() == 1


def test_one_placement_per_post_and_person_is_a_database_rule(post, city_officer):
    from django.db import IntegrityError, transaction

    first = services.placement_create(post=post, actor=city_officer, name="青年", resident_id=make_resident_id(dt.date(2001, 8, 1), seq=94),
                                      start=START, unemployment_registered=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        InternshipPlacement.objects.create(post=post, person=first.person, eligibility_basis="x", start=START, planned_end=START)
