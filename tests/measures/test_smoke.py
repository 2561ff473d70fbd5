import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_and_api_render(client, login, city_officer, county_officer):
    assert client.get("/measures/?year=2024&as_of=2024-09-30").status_code == 200
    assert client.get("/measures/12/?year=2024").status_code == 200
    assert client.get("/measures/10/").status_code == 200
    assert client.get("/measures/craftsmen/").status_code == 200
    r = client.get("/api/v1/measures/?year=2024&as_of=2024-09-30")
    assert r.status_code == 200, r.content
    staff = login(city_officer)
    assert staff.get(reverse("measures:staff-index")).status_code == 200
    assert staff.get(reverse("measures:staff-index") + "?format=xlsx").status_code == 200
    assert staff.get(reverse("measures:staff-reports")).status_code == 200
    for name in ("trainingclass", "craftsman", "zeroemploymentcount"):
        assert staff.get(reverse("measures:staff-registry", args=[name])).status_code == 200
        assert staff.get(reverse("measures:staff-registry-import", args=[name])).status_code == 200
    assert login(county_officer).get(reverse("measures:staff-index")).status_code == 200
