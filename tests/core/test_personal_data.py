"""Personal data (resident IDs, mobile numbers, bank accounts): masked unless needed, every full
view audited, no full ID or phone number in a URL.

The walk over the admin registry covers every model admin of every app, so a new admin that
lists, searches or shows a personal field in full without the kernel mixin fails here."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from recruitment import services
from recruitment.models import RecommendationOfficer
from tests.recruitment.factories import EventFactory, GraduateFactory, participate
from xingtai_jobs.core.admin_personal import PersonalDataAdminMixin, personal_field_names
from xingtai_jobs.core.models import AuditEvent, User

pytestmark = pytest.mark.django_db
VIEWED = "core.personal_data.viewed"


def _registered():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items() if personal_field_names(model)]


def test_the_walk_finds_the_personal_fields_of_the_portal():
    found = {model._meta.label: personal_field_names(model) for model, _ in _registered()}
    assert "recruitment.GraduateEntry" not in found  # who the graduate is lives on the person (its admin audits the full view)
    assert found["persons.Person"] == {"resident_id", "phone"}
    assert found["wage_arrears.Complaint"] == {"complainant_phone", "complainant_id_number"}
    assert found["recruitment.RecommendationOfficer"] == {"phone"}
    assert "core.Department" not in found  # an office phone is not personal


def test_no_admin_search_puts_a_personal_value_in_the_url():
    offenders = []
    for model, model_admin in _registered():
        personal = personal_field_names(model)
        for path in model_admin.search_fields:
            last = path.lstrip("^=@").split("__")[-1]
            if last in personal or (path.count("__") and last in {"phone", "resident_id", "id_number"}):
                offenders.append(f"{model._meta.label}: {path}")
    assert offenders == []


def test_no_admin_list_shows_a_personal_field_in_full():
    offenders = [f"{model._meta.label}: {column}" for model, model_admin in _registered()
                 for column in model_admin.list_display if isinstance(column, str) and column in personal_field_names(model)]
    assert offenders == []


def test_every_admin_change_form_that_shows_a_personal_field_audits_it(city_officer):
    request = RequestFactory().get("/admin/")
    request.user = User.objects.create_superuser("walker", password="pass-word-123")
    offenders = []
    for model, model_admin in _registered():
        shown = set(model_admin.get_fields(request, obj=model())) & personal_field_names(model)
        declared = set(getattr(model_admin, "personal_data_fields", ()))
        if shown and not (isinstance(model_admin, PersonalDataAdminMixin) and shown <= declared):
            offenders.append(f"{model._meta.label}: {sorted(shown - declared)}")
    assert offenders == []


def test_the_officer_change_page_is_audited_and_the_list_is_masked(login, city_officer, enterprise):
    officer = RecommendationOfficer.objects.create(enterprise=enterprise, name="王芳", phone="13912345678", position="HR")
    client = login(city_officer)
    listing = client.get(reverse("admin:recruitment_recommendationofficer_changelist")).content.decode()
    assert "139****5678" in listing and "13912345678" not in listing
    assert not AuditEvent.objects.filter(action=VIEWED).exists()
    page = client.get(reverse("admin:recruitment_recommendationofficer_change", args=[officer.pk]))
    assert page.status_code == 200 and "13912345678" in page.content.decode()
    seen = AuditEvent.objects.get(action=VIEWED)
    assert (seen.actor, seen.object_id, seen.after["fields"]) == (city_officer, str(officer.pk), ["phone"])


def test_a_graduate_is_looked_up_by_id_through_post_and_the_id_never_reaches_a_url(login, city_officer):
    wanted, other = GraduateFactory(name="要找的"), GraduateFactory(name="别的")
    client = login(city_officer)
    changelist = reverse("admin:recruitment_graduateentry_changelist")
    # the GET search box does not search IDs or phones (its query would be in every log)
    by_get = client.get(changelist, {"q": wanted.person.resident_id}).content.decode()
    assert "要找的" not in by_get
    response = client.post(changelist, {"_personal_search": wanted.person.resident_id.lower()})
    assert response.status_code == 302
    assert wanted.person.resident_id not in response["Location"] and wanted.person.resident_id.lower() not in response["Location"]
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "要找的" in text and "别的" not in text
    assert wanted.person.resident_id not in text  # the list shows the masked ID
    by_phone = client.get(client.post(changelist, {"_personal_search": other.person.phone})["Location"]).content.decode()
    assert "别的" in by_phone and "要找的" not in by_phone
    # a look-up key of another session finds nothing
    key = response["Location"].split("pd=")[1]
    client.logout()
    other_client = login(User.objects.create_superuser("other", password="pass-word-123"))
    assert "要找的" not in other_client.get(changelist, {"pd": key}).content.decode()


def test_the_graduate_change_page_is_audited(login, city_officer):
    entry = GraduateFactory()
    login(city_officer).get(reverse("admin:recruitment_graduateentry_change", args=[entry.pk]))
    seen = AuditEvent.objects.get(action=VIEWED)
    assert set(seen.after["fields"]) == {"person__resident_id", "person__phone"} and seen.object_id == str(entry.pk)


def _employer_with_intention(enterprise, enterprise_user):
    event = EventFactory(capacity=5)
    posting = participate(event, enterprise)[0]
    ticket = services.registration_create(event_id=event.pk, name="张三", phone="13912345678", education="bachelor",
                                          wanted_occupation="车工")
    return event, posting, ticket


def test_the_employer_sees_the_full_phone_only_after_an_intention_and_each_view_is_audited(login, enterprise, enterprise_user):
    event, posting, ticket = _employer_with_intention(enterprise, enterprise_user)
    client = login(enterprise_user)
    url = reverse("recruitment:ticket", args=[ticket.token])
    assert "13912345678" not in client.get(url).content.decode()
    assert not AuditEvent.objects.filter(action=VIEWED).exists()
    client.post(url, {"posting": posting.pk, "note": ""})
    assert "13912345678" in client.get(url).content.decode()
    seen = AuditEvent.objects.filter(action=VIEWED).get()
    assert (seen.actor, seen.object_id, seen.after["fields"]) == (enterprise_user, str(ticket.pk), ["phone"])
    # the enterprise's own list of intentions shows the phone masked, with the ticket one click away
    home = client.get(reverse("recruitment:enterprise-home")).content.decode()
    assert "139****5678" in home and "13912345678" not in home and ticket.token in home
    assert AuditEvent.objects.filter(action=VIEWED).count() == 1
