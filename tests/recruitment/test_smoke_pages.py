"""Every page answers, for the role it is meant for."""

import pytest
from django.urls import reverse

from tests.recruitment.factories import EventFactory, GraduateFactory, participate

pytestmark = pytest.mark.django_db


def test_public_pages_answer_without_login(client, enterprise):
    event = EventFactory()
    posting = participate(event, enterprise)[0]
    for url in [reverse("recruitment:event-list"), reverse("recruitment:event-detail", args=[event.pk]),
                reverse("recruitment:job-search"), reverse("recruitment:job-detail", args=[posting.pk]),
                "/api/v1/recruitment/events/", "/api/v1/recruitment/postings/"]:
        assert client.get(url).status_code == 200, url


def test_staff_pages_answer_for_city_staff(login, city_officer, enterprise):
    GraduateFactory()
    client = login(city_officer)
    for name in ["staff-results", "staff-ledger", "staff-ledger-import", "staff-officer-compliance"]:
        assert client.get(reverse(f"recruitment:{name}")).status_code == 200, name


def test_enterprise_pages_answer_for_enterprise_users(login, enterprise_user):
    client = login(enterprise_user)
    for name in ["enterprise-home", "enterprise-posting-new", "enterprise-officer-new"]:
        assert client.get(reverse(f"recruitment:{name}")).status_code == 200, name
