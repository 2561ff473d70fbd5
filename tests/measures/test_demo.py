"""The demo data (seed_demo) gives every one of the 23 measures believable 2024 progress, from the
portal's own data where the indicator is computed, and a second run adds nothing."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from measures import demo, selectors
from measures.models import Report
from recruitment.models import Event, InternshipPost, RecommendationOfficer
from wage_arrears.models import Complaint, ReceptionSession

pytestmark = pytest.mark.django_db


def _counts() -> dict:
    return {model.__name__: model.objects.count()
            for model in (Report, Event, InternshipPost, RecommendationOfficer, Complaint, ReceptionSession)}


def test_seed_demo_fills_every_measure_and_runs_twice_without_adding_rows():
    call_command("seed_demo", stdout=io.StringIO())
    register = selectors.register_progress(year=2024, as_of=dt.date(2024, 12, 31), trend=False)
    assert len(register) == 23
    for measure in register:
        for ind in measure["indicators"]:
            assert ind["status"] != "no_data" and ind["value"] not in (None, 0, "0.0", "0.00"), (measure["number"], ind["code"])
    statuses = {ind["status"] for m in register for ind in m["indicators"]}
    assert "met" in statuses and statuses & {"on_track", "behind"}  # believable: not everything met
    computed = {ind["code"]: ind["value"] for m in register for ind in m["indicators"] if ind["source"] == "computed"}
    assert computed["internship_posts"] > 5000 and computed["brand_events"] > 150 and computed["reception_fridays"] >= 50
    mid_year = {ind["code"]: ind["value"] for m in selectors.register_progress(year=2024, as_of=dt.date(2024, 6, 30), trend=False)
                for ind in m["indicators"]}
    assert 0 < mid_year["internship_posts"] < computed["internship_posts"]  # dated through the year, not all at once
    before = _counts()
    demo.seed(io.StringIO())
    assert _counts() == before
