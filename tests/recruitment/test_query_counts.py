"""Staff dashboards and the enterprise page stay at a fixed number of queries as data grows."""

import pytest
from django.urls import reverse

from recruitment import services
from tests.recruitment.factories import EventFactory, GraduateFactory, participate

pytestmark = pytest.mark.django_db


def grow(n, enterprise, county_officer):
    for _ in range(n):
        entry = GraduateFactory(caseworker=county_officer)
        services.service_record_add(entry=entry, kind="briefing", date=entry.graduation_date, actor=None)
        event = EventFactory()
        participate(event, enterprise)


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
    with django_assert_num_queries(8):
        client.get(reverse("recruitment:enterprise-home"))
    grow(6, enterprise, county_officer)
    with django_assert_num_queries(8):
        client.get(reverse("recruitment:enterprise-home"))
