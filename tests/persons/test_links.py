"""The graduate ledger, event registrations and internship placements link to the registry's person
by resident ID, or failing that by a mobile number only one person has — at creation, and after a
persons import for records made before the person was known."""

import datetime as dt

import pytest

from enterprises.services import registry_import_file
from persons.imports import SPECS
from persons.models import Person
from persons.services import person_link_records
from recruitment import services as recruitment
from recruitment.models import GraduateEntry, Registration
from tests.enterprises.helpers import write_csv
from tests.factories import make_resident_id
from tests.recruitment.factories import EventFactory, GraduateFactory

pytestmark = pytest.mark.django_db

RID = make_resident_id(dt.date(2002, 2, 2), "130582", 61)  # born in 沙河市


def test_a_registration_links_by_id_or_by_a_unique_phone(region_a):
    person = Person.objects.create(resident_id=RID, name="赵六", phone="13912340000", region=region_a)
    event = EventFactory(capacity=10)
    by_id = recruitment.registration_create(event_id=event.pk, name="赵六", phone="13700000000", resident_id=RID,
                                            education="bachelor", wanted_occupation="会计")
    by_phone = recruitment.registration_create(event_id=event.pk, name="赵六", phone="13912340000", education="bachelor",
                                               wanted_occupation="会计")
    stranger = recruitment.registration_create(event_id=event.pk, name="路人", phone="13811110000", education="bachelor",
                                               wanted_occupation="会计")
    assert (by_id.person, by_phone.person, stranger.person) == (person, person, None)


def test_a_phone_shared_by_two_persons_links_nobody(region_a):
    Person.objects.create(resident_id=RID, name="甲", phone="13912340000", region=region_a)
    Person.objects.create(resident_id=make_resident_id(dt.date(1990, 1, 1), "130502", 62), name="乙", phone="13912340000",
                          region=region_a)
    event = EventFactory(capacity=10)
    registration = recruitment.registration_create(event_id=event.pk, name="甲", phone="13912340000", education="bachelor",
                                                   wanted_occupation="会计")
    assert registration.person is None
    assert person_link_records() == 0


def test_records_made_before_the_person_are_linked_by_the_persons_import(tmp_path, region_a):
    event = EventFactory(capacity=10)
    registration = recruitment.registration_create(event_id=event.pk, name="赵六", phone="13700000000", resident_id=RID,
                                                   education="bachelor", wanted_occupation="会计")
    assert registration.person is None
    headers = [c.name for c in SPECS["persons"].columns]
    row = {"resident_id": RID, "name": "赵六", "phone": "", "region_code": "130502", "education": "bachelor",
           "degree_type": "regular", "school": "", "major": "", "graduation_date": "", "retirement_base_age": ""}
    report = registry_import_file(kind="persons", path=write_csv(tmp_path / "p.csv", headers, [[row[h] for h in headers]]),
                                  specs=SPECS)
    assert report.ok, report.as_text()
    registration.refresh_from_db()
    assert registration.person == Person.objects.get(resident_id=RID)


def test_a_ledger_entry_is_its_person_created_from_the_entry_when_the_registry_lacks_it(region_a):
    entry = GraduateFactory(resident_id=RID, name="钱七", degree="college", school="邢台学院", major="会计")
    person = Person.objects.get(resident_id=RID)
    assert entry.person == person and entry.degree == "college"
    # sex and birth date from the ID, the residence from the household region, the education in the registry's words
    assert (person.birth_date, person.sex, person.region.code, person.education) == (dt.date(2002, 2, 2), "male", "130502",
                                                                                      "junior_college")
    assert (person.name, person.school, person.major) == ("钱七", "邢台学院", "会计")
    assert GraduateEntry.objects.filter(person=person).count() == 1


def test_a_linked_registration_keeps_no_copy_and_who_reads_the_person(region_a):
    person = Person.objects.create(resident_id=RID, name="赵六", phone="13912340000", region=region_a)
    event = EventFactory(capacity=10)
    by_id = recruitment.registration_create(event_id=event.pk, name="赵六", phone="13700000000", resident_id=RID.lower(),
                                            education="bachelor", wanted_occupation="会计")
    by_id.refresh_from_db()
    assert (by_id.person, by_id.name, by_id.resident_id, by_id.phone) == (person, "", "", "13700000000")
    assert by_id.who() == ("赵六", RID, "13700000000")  # the ticket's number is the one given
    Person.objects.filter(pk=person.pk).update(name="赵陆")  # corrected in the registry: every reader follows
    by_id.refresh_from_db()
    assert by_id.who().name == "赵陆"
    stranger = recruitment.registration_create(event_id=event.pk, name="路人", phone="13811110000", education="bachelor",
                                               wanted_occupation="会计")
    assert stranger.who() == ("路人", "", "13811110000") and stranger.name == "路人"


def test_someone_elses_id_a_shared_family_phone_or_an_unknown_id_links_nobody(region_a):
    Person.objects.create(resident_id=RID, name="赵六", phone="13912340000", region=region_a)
    event = EventFactory(capacity=10)
    other_id = recruitment.registration_create(event_id=event.pk, name="钱七", phone="13700000001", resident_id=RID,
                                               education="bachelor", wanted_occupation="会计")
    family = recruitment.registration_create(event_id=event.pk, name="赵小六", phone="13912340000", education="bachelor",
                                             wanted_occupation="会计")
    unknown_id = make_resident_id(dt.date(2003, 3, 3), "130502", 63)
    typo = recruitment.registration_create(event_id=event.pk, name="赵六", phone="13700000002", resident_id=unknown_id,
                                           education="bachelor", wanted_occupation="会计")
    for registration in (other_id, family, typo):
        registration.refresh_from_db()
        assert registration.person is None and registration.name != ""
    assert (other_id.resident_id, typo.resident_id) == (RID, unknown_id)
    assert person_link_records() == 0


def test_one_registration_per_phone_still_holds_for_a_linked_registration(region_a):
    from xingtai_jobs.core.errors import DomainError

    Person.objects.create(resident_id=RID, name="赵六", phone="13912340000", region=region_a)
    event = EventFactory(capacity=10)
    first = recruitment.registration_create(event_id=event.pk, name="赵六", phone="13912340000", education="bachelor",
                                            wanted_occupation="会计")
    assert first.person is not None
    with pytest.raises(DomainError) as err:
        recruitment.registration_create(event_id=event.pk, name="别人", phone="13912340000", education="bachelor", wanted_occupation="会计")
    assert err.value.code == "conflict" and Registration.objects.count() == 1


def test_the_ticket_of_a_linked_registration_is_found_with_what_was_given(region_a):
    from recruitment.selectors import tickets_by_holder

    Person.objects.create(resident_id=RID, name="赵六", phone="13912340000", region=region_a)
    event, other_event = EventFactory(capacity=10), EventFactory(capacity=10)
    with_id = recruitment.registration_create(event_id=event.pk, name="赵六", phone="13700000003", resident_id=RID,
                                              education="bachelor", wanted_occupation="会计")
    by_phone = recruitment.registration_create(event_id=other_event.pk, name="赵六", phone="13912340000", education="bachelor",
                                               wanted_occupation="会计")
    assert tickets_by_holder(phone="13700000003", proof=RID[-4:]) == [with_id]
    assert tickets_by_holder(phone="13700000003", proof="赵六") == []  # an ID was given: its last 4 are the proof
    assert tickets_by_holder(phone="13912340000", proof="赵六") == [by_phone]
    assert tickets_by_holder(phone="13912340000", proof=RID[-4:]) == []


def test_the_persons_import_links_a_registration_and_drops_its_copy(tmp_path, region_a):
    event = EventFactory(capacity=10)
    wrong_name = recruitment.registration_create(event_id=event.pk, name="冒名", phone="13700000004", resident_id=RID,
                                                 education="bachelor", wanted_occupation="会计")
    right = recruitment.registration_create(event_id=EventFactory(capacity=10).pk, name="赵六", phone="13700000005", resident_id=RID,
                                            education="bachelor", wanted_occupation="会计")
    Person.objects.create(resident_id=RID, name="赵六", region=region_a)
    assert person_link_records() == 1
    right.refresh_from_db()
    wrong_name.refresh_from_db()
    assert (right.person.resident_id, right.name, right.resident_id, right.id_given) == (RID, "", "", True)
    assert (wrong_name.person, wrong_name.name, wrong_name.resident_id) == (None, "冒名", RID)
