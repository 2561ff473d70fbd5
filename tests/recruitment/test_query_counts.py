"""Staff dashboards and the enterprise page stay at a fixed number of queries as data grows."""

import itertools

import pytest
from django.urls import reverse

from recruitment import services
from tests.recruitment.factories import EventFactory, GraduateFactory, participate

pytestmark = pytest.mark.django_db
_phones = itertools.count(1)


def grow(n, enterprise, county_officer):
    for _ in range(n):
        entry = GraduateFactory(caseworker=county_officer)
        services.service_record_add(entry=entry, kind="briefing", date=entry.person.graduation_date, actor=None)
        event = EventFactory()
        posting = participate(event, enterprise)[0]
        services.job_application_create(posting_id=posting.pk, name="求职者", phone=f"1391234{next(_phones):04d}",
                                        education="bachelor", consent=True)


def test_the_ledger_dashboard_query_count_does_not_grow(login, city_officer, county_officer, enterprise, django_assert_num_queries):
    client = login(city_officer)
    grow(3, enterprise, county_officer)
    client.get(reverse("recruitment:staff-ledger"))
    # session, user, totals, by region, by caseworker, incomplete count + page, work queue (the 4 figures
    # of the 1131 package come from the policy memo)
    with django_assert_num_queries(8):
        client.get(reverse("recruitment:staff-ledger"))
    grow(6, enterprise, county_officer)
    with django_assert_num_queries(8):
        client.get(reverse("recruitment:staff-ledger"))


def test_the_results_page_query_count_does_not_grow(login, city_officer, county_officer, enterprise, django_assert_num_queries):
    client = login(city_officer)
    grow(3, enterprise, county_officer)
    client.get(reverse("recruitment:staff-results"))
    # 11: the yearly targets come from the policy-figure memo of the measures register (was a query)
    with django_assert_num_queries(11):
        client.get(reverse("recruitment:staff-results"))
    grow(6, enterprise, county_officer)
    with django_assert_num_queries(11):
        client.get(reverse("recruitment:staff-results"))


def test_the_enterprise_page_query_count_does_not_grow(login, enterprise_user, enterprise, county_officer, django_assert_num_queries):
    client = login(enterprise_user)
    grow(3, enterprise, county_officer)
    client.get(reverse("recruitment:enterprise-home"))
    with django_assert_num_queries(9):  # the ninth: the job seekers who left their contact
        client.get(reverse("recruitment:enterprise-home"))
    grow(6, enterprise, county_officer)
    with django_assert_num_queries(9):
        client.get(reverse("recruitment:enterprise-home"))
