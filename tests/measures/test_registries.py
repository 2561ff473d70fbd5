"""The registries: county scoping on pages, admin and imports; approval by city staff; audited
saves; all-or-nothing imports with a report of every bad row; public lists without personal data."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from measures import services
from measures.imports import RegistrySpec
from measures.models import Competition, Craftsman, ZeroEmploymentCount
from tests.measures.helpers import county, progress
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.imports import run_import_upload
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db
D = dt.date


def xlsx(rows) -> SimpleUploadedFile:
    import io

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("rows.xlsx", out.getvalue())


HEADER = ["region_code", "name", "level", "industry", "date", "organiser", "participants", "winners"]


def test_import_is_all_or_nothing_with_every_bad_row_reported(county_officer):
    upload = xlsx([HEADER,
                   ["130502", "邢台市焊工大赛", "city_1", "先进制造", "2024-05-10", "市人社局", "80", "10"],
                   ["130502", "邢台市电工大赛", "市级九类", "先进制造", "2024-05-11", "市人社局", "80", "10"],
                   ["130502", "邢台市育婴员大赛", "city_2", "康养", "2024-13-01", "市人社局", "-3", "10"],
                   ["130503", "信都区厨师赛", "county", "文旅", "2024-06-01", "信都区人社局", "30", "40"],
                   ["130502", "邢台市焊工大赛", "city_1", "先进制造", "2024-05-10", "市人社局", "80", "10"]])
    report = run_import_upload(RegistrySpec(Competition, actor=county_officer), upload, actor=county_officer)
    lines = sorted(e.line for e in report.errors)
    assert not report.ok and not Competition.objects.exists()
    # line 3 bad class; 4 bad date and negative participants; 5 another county and winners > participants; 6 duplicate
    assert lines.count(3) == 1 and lines.count(4) == 2 and lines.count(5) == 2 and lines.count(6) == 1 and 2 not in lines


def test_import_creates_rows_waiting_for_approval_and_reimport_updates(county_officer, city_officer):
    good = [HEADER, ["130502", "邢台市焊工大赛", "市级一类", "先进制造", "2024-05-10", "市人社局", "80", "10"]]
    report = run_import_upload(RegistrySpec(Competition, actor=county_officer), xlsx(good), actor=county_officer)
    assert report.ok and report.created == 1
    row = Competition.objects.get()
    assert (row.level, row.approved, row.region.code) == ("city_1", False, "130502")
    assert progress("city_competitions", as_of=D(2024, 9, 30))["status"] == "no_data"
    services.registry_approve(obj=row, actor=city_officer)
    assert progress("city_competitions", as_of=D(2024, 9, 30))["value"] == 1
    good[1][6] = "95"
    report = run_import_upload(RegistrySpec(Competition, actor=county_officer), xlsx(good), actor=county_officer)
    row.refresh_from_db()
    assert report.updated == 1 and row.participants == 95 and row.approved is False  # changed: approve again
    assert AuditEvent.objects.filter(action="measures.competition.imported").count() == 2


def test_county_staff_save_only_in_their_county_and_cannot_approve(county_officer, region_b, region_a, city_officer):
    with pytest.raises(DomainError):
        services.registry_save(obj=ZeroEmploymentCount(region=region_b, month=D(2024, 5, 1), families=0), actor=county_officer)
    mine = services.registry_save(obj=ZeroEmploymentCount(region=region_a, month=D(2024, 5, 1), families=0, approved=True),
                                  actor=county_officer)
    assert mine.approved is False  # a county cannot approve its own row
    with pytest.raises(DomainError):
        services.registry_approve(obj=mine, actor=county_officer)
    services.registry_approve(obj=mine, actor=city_officer)
    row = progress("zero_employment_cleared", as_of=D(2024, 5, 31), regions=True)
    assert row["value"] == 1 and county(row, "130502")["value"] == 1
    mine.region = region_b
    with pytest.raises(DomainError):
        services.registry_save(obj=mine, actor=county_officer)  # moving a row out of the county
    assert AuditEvent.objects.filter(action="measures.zeroemploymentcount.approved").count() == 1


def test_registry_pages_and_admin_are_scoped(login, county_officer, region_a, region_b, city_officer):
    ours = Craftsman.objects.create(region=region_a, name="本区工匠", employer="甲厂", occupation="焊工", achievements="x",
                                    publicity_date=D(2024, 5, 1))
    theirs = Craftsman.objects.create(region=region_b, name="外区工匠", employer="乙厂", occupation="电工", achievements="y",
                                      publicity_date=D(2024, 5, 1))
    client = login(county_officer)
    page = client.get(reverse("measures:staff-registry", args=["craftsman"])).content.decode()
    assert "本区工匠" in page and "外区工匠" not in page
    assert client.get(reverse("measures:staff-registry", args=["craftsman"]), {"edit": theirs.pk}).status_code == 404
    assert client.post(reverse("measures:staff-registry-approve", args=["craftsman", ours.pk])).status_code == 403
    ours.refresh_from_db()
    assert ours.approved is False  # refused: city staff approve
    admin_page = client.get(reverse("admin:measures_craftsman_changelist")).content.decode()
    assert "本区工匠" in admin_page and "外区工匠" not in admin_page
    assert client.get(reverse("admin:measures_craftsman_change", args=[theirs.pk])).status_code in (302, 404)
    city = login(city_officer)
    assert city.post(reverse("measures:staff-registry-approve", args=["craftsman", theirs.pk])).status_code == 302
    theirs.refresh_from_db()
    assert theirs.approved is True
    assert client.get(reverse("measures:staff-registry", args=["nosuch"])).status_code == 404


def test_public_craftsmen_show_only_what_was_published(client, region_a, city_officer):
    Craftsman.objects.create(region=region_a, name="李秀英", employer="晶龙集团", occupation="电工", achievements="带徒9名",
                             publicity_date=D(2024, 10, 20), approved=True)
    Craftsman.objects.create(region=region_a, name="未审核", employer="某厂", occupation="电工", achievements="-",
                             publicity_date=D(2024, 10, 20))
    html = client.get(reverse("measures:public-craftsmen"), {"year": 2024}).content.decode()
    assert "李秀英" in html and "晶龙集团" in html and "带徒9名" in html and "未审核" not in html
    assert "130502" not in html  # no county codes, ids or staff names on the public list
