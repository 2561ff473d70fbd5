"""Graduate ledger: 1131 completeness, contact rate, import all-or-nothing, the 30-day work queue,
and county staff seeing only their region."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from recruitment import selectors, services
from recruitment.models import GraduateEntry, WorkQueueItem
from recruitment.tasks import queue_stale_contacts
from tests.factories import make_resident_id
from tests.recruitment.factories import GraduateFactory
from xingtai_jobs.core.models import AuditEvent, Region

pytestmark = pytest.mark.django_db
TODAY = dt.date(2024, 9, 2)


def serve(entry, *kinds, actor=None, date=None):
    for kind in kinds:
        services.service_record_add(entry=entry, kind=kind, date=date or timezone.localdate(), actor=actor,
                                    channel="phone" if kind == "contact" else "")


def test_1131_needs_one_briefing_one_guidance_three_referrals_and_training_or_internship(city_officer):
    package = services.package_1131()
    done = GraduateFactory()
    serve(done, "briefing", "guidance", "referral", "referral", "referral", "internship")
    almost = GraduateFactory()
    serve(almost, "briefing", "guidance", "referral", "referral", "training")
    totals = selectors.ledger_totals(city_officer, package=package)
    assert (totals["total"], totals["complete"]) == (2, 1)
    almost.refresh_from_db()
    assert services.service_1131_missing(almost, package) == ["岗位推介 ×1"]


def test_contact_rate_counts_graduates_reached_at_least_once(city_officer, county_officer, region_b):
    reached = GraduateFactory(caseworker=county_officer)
    serve(reached, "contact")
    unreachable = GraduateFactory(caseworker=county_officer)
    services.service_record_add(entry=unreachable, kind="contact", date=timezone.localdate(), actor=None, channel="phone", reached=False)
    GraduateFactory(household_region=region_b)
    GraduateFactory(household_region=region_b)
    package = services.package_1131()
    totals = selectors.ledger_totals(city_officer, package=package)
    assert (totals["total"], totals["reached"], totals["contact_rate"]) == (4, 1, 25)
    by_region = {r["key"]: r for r in selectors.ledger_dashboard(city_officer, package=package, by="region")}
    assert by_region["130502"]["contact_rate"] == 50 and by_region["130503"]["contact_rate"] == 0
    by_worker = {r["key"]: r for r in selectors.ledger_dashboard(city_officer, package=package, by="caseworker")}
    assert by_worker["county_a"]["total"] == 2 and by_worker["county_a"]["reached"] == 1


def test_county_staff_see_only_their_regions_ledger_in_pages_api_and_admin(login, county_officer, other_county_officer, region_b):
    mine = GraduateFactory(name="本区毕业生")
    theirs = GraduateFactory(name="外区毕业生", household_region=region_b)
    client = login(county_officer)
    page = client.get(reverse("recruitment:staff-ledger")).content.decode()
    assert "本区毕业生" in page and "外区毕业生" not in page
    api = client.get("/api/v1/recruitment/ledger/").json()
    assert [row["id"] for row in api["results"]] == [mine.pk]
    assert api["results"][0]["resident_id"].count("*") == 10
    assert client.get(reverse("admin:recruitment_graduateentry_change", args=[theirs.pk])).status_code in (302, 404)
    admin_list = client.get(reverse("admin:recruitment_graduateentry_changelist")).content.decode()
    assert "本区毕业生" in admin_list and "外区毕业生" not in admin_list
    assert mine.person.resident_id not in admin_list


def test_a_staff_view_of_the_full_record_is_audited(login, county_officer):
    entry = GraduateFactory()
    login(county_officer).get(reverse("admin:recruitment_graduateentry_change", args=[entry.pk]))
    assert AuditEvent.objects.filter(action="core.personal_data.viewed", object_id=str(entry.pk)).exists()


def test_enterprise_users_and_anonymous_users_see_no_ledger(login, enterprise_user, client):
    GraduateFactory()
    assert client.get("/api/v1/recruitment/ledger/").status_code in (401, 403)
    assert login(enterprise_user).get("/api/v1/recruitment/ledger/").status_code == 403
    assert selectors.ledger_for(enterprise_user).count() == 0


def xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "手机号", "毕业院校", "学历", "专业", "毕业时间", "户籍地区划代码", "责任人账号"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("ledger.xlsx", out.getvalue())


def test_an_import_with_a_bad_row_imports_nothing_and_names_the_line(login, city_officer, county_officer):
    good = ["张三", make_resident_id(dt.date(2002, 1, 2), seq=11), "13800000011", "邢台学院", "bachelor", "会计", "2024-06-30", "130502", "county_a"]
    valid = make_resident_id(dt.date(2002, 1, 2), seq=16)
    bad = ["李四", valid[:-1] + ("1" if valid[-1] != "1" else "2"), "13800000012", "河北大学", "本科", "法学", "2024-06-30", "130502", ""]
    response = login(city_officer).post(reverse("recruitment:staff-ledger-import"), {"file": xlsx([good, bad])})
    assert response.status_code == 200
    body = response.content.decode()
    assert "身份证号" in body and "3" in body and not GraduateEntry.objects.exists()
    ok = login(city_officer).post(reverse("recruitment:staff-ledger-import"), {"file": xlsx([good])})
    assert ok.status_code == 302
    entry = GraduateEntry.objects.get()
    assert (entry.caseworker, entry.household_region.code) == (county_officer, "130502")


def test_county_staff_cannot_import_another_regions_graduates(login, county_officer):
    row = ["王五", make_resident_id(dt.date(2002, 1, 2), "130503", seq=12), "13800000013", "邢台学院", "bachelor", "", "2024-06-30", "130503", ""]
    response = login(county_officer).post(reverse("recruitment:staff-ledger-import"), {"file": xlsx([row])})
    assert response.status_code == 200 and not GraduateEntry.objects.exists()


def test_county_staff_cannot_take_over_a_graduate_of_another_regions_ledger_by_import(login, county_officer, region_b):
    """The row names the importer's own region, but the resident ID is already in 信都区's ledger:
    refused with the line's reason, the other county's row and its person unchanged."""
    theirs = GraduateFactory(household_region=region_b, name="冯十一", phone="13800000031")
    row = ["冯十一", theirs.person.resident_id, "13800000039", "邢台学院", "bachelor", "", "2024-06-30", "130502", ""]
    response = login(county_officer).post(reverse("recruitment:staff-ledger-import"), {"file": xlsx([row])})
    assert response.status_code == 200 and "该毕业生已在其他县（市、区）的台账中" in response.content.decode()
    theirs.refresh_from_db()
    theirs.person.refresh_from_db()
    assert (theirs.household_region, theirs.person.phone, GraduateEntry.objects.count()) == (region_b, "13800000031", 1)


def test_graduates_not_contacted_for_30_days_go_to_the_caseworkers_queue_once(county_officer, monkeypatch):
    old = GraduateFactory(caseworker=county_officer)
    serve(old, "contact", date=TODAY - dt.timedelta(days=31))
    recent = GraduateFactory(caseworker=county_officer)
    serve(recent, "contact", date=TODAY - dt.timedelta(days=5))
    GraduateEntry.objects.filter(pk=recent.pk).update(created_at=timezone.now() - dt.timedelta(days=90))
    employed = GraduateFactory(status="employed")
    GraduateEntry.objects.filter(pk=employed.pk).update(created_at=timezone.now() - dt.timedelta(days=90))
    assert services.stale_contacts_queue(today=TODAY) == 1
    assert services.stale_contacts_queue(today=TODAY) == 0  # idempotent: still open in the queue
    item = WorkQueueItem.objects.get()
    assert (item.entry, item.caseworker) == (old, county_officer)
    serve(old, "contact", date=TODAY)
    assert WorkQueueItem.objects.get().done_at is not None
    # the Celery task runs the same service (eagerly here)
    assert queue_stale_contacts.delay().get() >= 0


def test_the_daily_job_is_declared_in_the_beat_schedule():
    from django.apps import apps

    schedule = apps.get_app_config("recruitment").beat_schedule
    assert schedule["recruitment-stale-contacts"]["task"] == "recruitment.queue_stale_contacts"


def test_manual_entry_validates_the_resident_id(city_officer):
    from xingtai_jobs.core.errors import DomainError

    valid = make_resident_id(dt.date(2002, 1, 2), seq=15)
    wrong_check = valid[:-1] + ("1" if valid[-1] != "1" else "2")
    data = {"name": "赵六", "resident_id": wrong_check, "phone": "13800000014", "school": "邢台学院", "degree": "bachelor",
            "graduation_date": dt.date(2024, 6, 30), "household_region": Region.objects.get(code="130502")}
    with pytest.raises(DomainError) as err:
        services.graduate_save(actor=city_officer, data=data)
    assert err.value.field == "resident_id" and not GraduateEntry.objects.exists()


# --- who the graduate is lives on the registry's person ------------------------------------------

def test_the_import_keeps_who_the_graduate_is_on_the_person_and_a_re_import_updates_it(login, city_officer, region_b):
    from persons.models import Person

    rid = make_resident_id(dt.date(2002, 1, 2), seq=21)
    known_rid = make_resident_id(dt.date(2001, 5, 6), "130503", seq=22)
    known = Person.objects.create(resident_id=known_rid, name="孙八", phone="", region=region_b, degree_type="regular")
    rows = [["周九", rid, "13800000021", "邢台学院", "college", "会计", "2024-06-30", "130502", ""],
            ["孙八", known_rid, "13800000022", "河北大学", "master", "法学", "2024-06-30", "130502", ""]]
    assert login(city_officer).post(reverse("recruitment:staff-ledger-import"), {"file": xlsx(rows)}).status_code == 302
    new = Person.objects.get(resident_id=rid)
    assert (new.name, new.phone, new.school, new.education, new.major, new.graduation_date, new.region.code) == (
        "周九", "13800000021", "邢台学院", "junior_college", "会计", dt.date(2024, 6, 30), "130502")
    known.refresh_from_db()
    # the registry's person is linked, takes the ledger's facts and keeps its own residence and degree type
    assert (known.phone, known.school, known.education, known.region, known.degree_type) == (
        "13800000022", "河北大学", "master", region_b, "regular")
    assert {e.person for e in GraduateEntry.objects.all()} == {new, known}
    rows[0][2] = "13800000029"
    assert login(city_officer).post(reverse("recruitment:staff-ledger-import"), {"file": xlsx(rows)}).status_code == 302
    assert (GraduateEntry.objects.count(), Person.objects.count()) == (2, 2)
    assert Person.objects.get(resident_id=rid).phone == "13800000029"


def test_an_import_row_naming_a_registered_person_otherwise_is_refused_and_nothing_is_written(login, city_officer, region_a):
    from persons.models import Person

    rid = make_resident_id(dt.date(2002, 1, 2), seq=23)
    Person.objects.create(resident_id=rid, name="吴十", phone="13900000023", region=region_a)
    good = ["郑一", make_resident_id(dt.date(2002, 1, 2), seq=24), "13800000024", "邢台学院", "bachelor", "", "2024-06-30", "130502", ""]
    other_name = ["吴拾", rid, "13800000023", "邢台学院", "bachelor", "", "2024-06-30", "130502", ""]
    response = login(city_officer).post(reverse("recruitment:staff-ledger-import"), {"file": xlsx([good, other_name])})
    assert response.status_code == 200 and "人员库中该身份证号登记的是另一个姓名" in response.content.decode()
    assert not GraduateEntry.objects.exists() and Person.objects.count() == 1
    assert Person.objects.get(resident_id=rid).phone == "13900000023"


def test_manual_entry_writes_the_person_and_refuses_another_name(city_officer, region_a):
    from persons.models import Person
    from xingtai_jobs.core.errors import DomainError

    rid = make_resident_id(dt.date(2002, 1, 2), seq=25)
    Person.objects.create(resident_id=rid, name="王二", region=region_a)
    data = {"name": "王贰", "resident_id": rid, "phone": "13800000025", "school": "邢台学院", "degree": "bachelor", "major": "",
            "graduation_date": dt.date(2024, 6, 30), "household_region": region_a}
    with pytest.raises(DomainError) as err:
        services.graduate_save(actor=city_officer, data=data)
    assert (err.value.field, err.value.code) == ("name", "conflict") and not GraduateEntry.objects.exists()
    entry = services.graduate_save(actor=city_officer, data={**data, "name": "王二"})
    assert entry.person == Person.objects.get(resident_id=rid) and entry.person.phone == "13800000025"
    # an edit of the row's own person renames it; its mobile changes on the person, the one copy
    entry = services.graduate_save(actor=city_officer, data={**data, "name": "王贰", "phone": "13800000026"}, entry=entry)
    person = Person.objects.get(resident_id=rid)
    assert (person.name, person.phone, Person.objects.count()) == ("王贰", "13800000026", 1)


def test_the_admin_change_form_shows_and_writes_the_person(login, city_officer):
    entry = GraduateFactory(name="冯三", major="机械工程")
    client = login(city_officer)
    url = reverse("admin:recruitment_graduateentry_change", args=[entry.pk])
    form = client.get(url).context["adminform"].form
    assert (form.initial["name"], form.initial["resident_id"], form.initial["degree"]) == ("冯三", entry.person.resident_id, "bachelor")
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(household_region=entry.household_region_id, graduation_date=entry.person.graduation_date.isoformat(),
                major="数控技术", status="employed", hardship="none",
                **{f"services-{k}": v for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}.items()})
    data.pop("caseworker", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry.refresh_from_db()
    assert (entry.status, entry.person.major) == ("employed", "数控技术")


def test_staff_add_a_graduate_in_the_admin(login, city_officer):
    from persons.models import Person

    rid = make_resident_id(dt.date(2002, 1, 2), seq=27)
    data = {"name": "褚四", "resident_id": rid, "phone": "13800000027", "school": "邢台学院", "degree": "master", "major": "",
            "graduation_date": "2024-06-30", "household_region": Region.objects.get(code="130502").pk, "hardship": "none",
            "status": "unemployed", "job_intent": "",
            **{f"services-{k}": v for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}.items()}}
    response = login(city_officer).post(reverse("admin:recruitment_graduateentry_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = GraduateEntry.objects.get()
    assert entry.person == Person.objects.get(resident_id=rid) and entry.person.education == "master"
