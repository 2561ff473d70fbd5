"""The decision letter of a period item (one per enterprise and payout period): what it pays and, per
person, the months and amounts, names and resident IDs masked; read back with pdftotext."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from entitlements import services
from entitlements.services_payouts import group_lines
from persons.models import PersonContribution
from subsidies.models import Application
from tests.entitlements.conftest import approve_all, hardship_case, month
from tests.factories import UserFactory
from xingtai_jobs.core import clock
from xingtai_jobs.core.masking import mask_name, mask_resident_id
from xingtai_jobs.core.models import User

pytestmark = pytest.mark.django_db


def _text(content: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


@pytest.fixture
def item(region_a, employer, county_officer, monkeypatch):
    """Two persons approved in 2024-07, the first with his February row missing: the 2024 Q1 item
    pays him two months (01, 03) and her three."""
    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 7, 10))
    he = hardship_case(region_a, employer, birth=dt.date(1980, 5, 17))
    she = hardship_case(region_a, employer, birth=dt.date(1984, 2, 9))
    PersonContribution.objects.filter(person=he, month=month(2024, 2)).delete()
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=month(2024, 6))
    approve_all(county_officer)
    group_lines(round_=round_)
    return Application.objects.get(basis_key="period:2024-01"), he, she


def test_the_letter_lists_each_person_masked_with_months_and_amounts(item, login, employer, tmp_path):
    app, he, she = item
    user = UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=employer)
    response = login(user).get(f"/enterprise/subsidies/{app.pk}/letter.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content, tmp_path)
    assert "核准决定书" in text and "按人员明细" in text
    assert "2024-01起3个月" in text.replace(" ", "") and "3080.00 元" in text
    he_row = next(line for line in text.splitlines() if mask_resident_id(he.resident_id) in line)
    assert "2024-01、2024-03" in he_row and "1232.00" in he_row and mask_name(he.name) in he_row
    she_row = next(line for line in text.splitlines() if mask_resident_id(she.resident_id) in line)
    assert "2024-01—2024-03" in she_row and "1848.00" in she_row
    total = next(line for line in text.splitlines() if "合计" in line)
    assert "5" in total.split() and "3080.00" in total
    for p in (he, she):
        assert p.resident_id not in text and p.name not in text.replace(mask_name(p.name), "")
    assert employer.uscc not in text  # masked too


def test_staff_of_the_region_get_it_and_others_do_not(item, login, county_officer, other_county_officer, other_enterprise, tmp_path):
    app, he, _she = item
    response = login(county_officer).get(f"/staff/subsidies/items/{app.pk}/letter.pdf")
    assert response.status_code == 200 and mask_resident_id(he.resident_id) in _text(response.content, tmp_path)
    assert login(other_county_officer).get(f"/staff/subsidies/items/{app.pk}/letter.pdf").status_code == 404
    stranger = UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=other_enterprise)
    assert login(stranger).get(f"/enterprise/subsidies/{app.pk}/letter.pdf").status_code == 404
