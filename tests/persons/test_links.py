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
from recruitment.models import GraduateEntry
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
