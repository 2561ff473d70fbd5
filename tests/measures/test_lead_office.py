"""The policy text names no lead office: every measure's office is loaded as provisional and the
public pages say so until staff confirm it."""

import pytest
from django.urls import reverse

from measures.catalogue import MEASURES
from measures.models import Measure

pytestmark = pytest.mark.django_db
MARK = "暂定：政策未明确牵头科室"


def test_the_catalogue_loads_every_lead_office_as_provisional():
    assert Measure.objects.count() == len(MEASURES) == 23
    assert not Measure.objects.filter(lead_office_confirmed=True).exists()


def test_the_pages_mark_a_provisional_office_and_not_a_confirmed_one(client):
    Measure.objects.filter(number=12).update(lead_office="就业促进科（已确认）", lead_office_confirmed=True)
    index = client.get(reverse("measures:public-index"), {"year": 2024, "as_of": "2024-09-30"}).content.decode()
    assert index.count(MARK) == 22 and "就业促进科（已确认）" in index
    confirmed = client.get(reverse("measures:public-detail", args=[12]), {"year": 2024}).content.decode()
    assert "就业促进科（已确认）" in confirmed and MARK not in confirmed
    provisional = client.get(reverse("measures:public-detail", args=[13]), {"year": 2024}).content.decode()
    assert MARK in provisional
