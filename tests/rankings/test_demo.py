import io

import pytest

from rankings import demo
from rankings.models import JobDemand, KeyEnterpriseDesignation, Ranking
from tests.rankings.factories import three_enterprises

pytestmark = pytest.mark.django_db


def test_demo_seed_publishes_2024_and_is_idempotent(region_b):
    three_enterprises(2024, region_b)
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    ranking = Ranking.objects.get(year=2024)
    assert ranking.status == Ranking.Status.PUBLISHED and ranking.published_entries.count() == 3
    assert JobDemand.objects.count() == 3 and KeyEnterpriseDesignation.objects.count() == 1


def test_demo_seed_without_figures_does_nothing():
    out = io.StringIO()
    demo.seed(out)
    assert not Ranking.objects.exists() and "nothing" in out.getvalue()
