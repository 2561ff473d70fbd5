"""The graduate ledger keeps who the graduate is on the person only (issue 12).

Every entry is linked to the registry's person with its resident ID, created from the entry when the
registry has none (sex and birth date from the ID, residence = the household region). The entry's
school, education, major, graduation date and mobile fill what the person lacks; where both hold a
value the person's is kept (the registry's import is the authoritative copy). A link made earlier by
a shared mobile number to a person with another resident ID is replaced by the resident ID's person.
Then the copied columns go (0011; a migration of its own, so PostgreSQL's deferred foreign-key
checks of these writes have run before the tables are altered). Not reversible (the copies are gone)."""

import datetime as dt

from django.db import migrations

EDUCATION_OF_DEGREE = {"college": "junior_college", "bachelor": "bachelor", "master": "master", "doctor": "doctor"}
FILLED = ("phone", "school", "major", "graduation_date", "education")


def _birth_and_sex(resident_id):
    # GB 11643: birth date in digits 7-14, the 17th digit odd for men (as persons.models.Person.save)
    birth = dt.date(int(resident_id[6:10]), int(resident_id[10:12]), int(resident_id[12:14]))
    return birth, "male" if int(resident_id[16]) % 2 == 1 else "female"


def link_entries(apps, schema_editor):
    GraduateEntry = apps.get_model("recruitment", "GraduateEntry")
    Person = apps.get_model("persons", "Person")
    entries = list(GraduateEntry.objects.all().only(
        "pk", "resident_id", "name", "phone", "school", "degree", "major", "graduation_date", "household_region_id", "person_id"))
    for start in range(0, len(entries), 1000):
        chunk = entries[start:start + 1000]
        ids = {e.resident_id.strip().upper() for e in chunk}
        persons = {p.resident_id: p for p in Person.objects.filter(resident_id__in=ids)}
        new, changed = [], {}
        for e in chunk:
            rid = e.resident_id.strip().upper()
            facts = {"phone": e.phone, "school": e.school, "major": e.major, "graduation_date": e.graduation_date,
                     "education": EDUCATION_OF_DEGREE.get(e.degree, "")}
            person = persons.get(rid)
            if person is None:
                birth, sex = _birth_and_sex(rid)
                person = Person(resident_id=rid, name=e.name, region_id=e.household_region_id, birth_date=birth, sex=sex, **facts)
                persons[rid] = person
                new.append(person)
                continue
            for field in FILLED:
                if not getattr(person, field) and facts[field]:
                    setattr(person, field, facts[field])
                    changed[person.pk] = person
        Person.objects.bulk_create(new)
        if changed:
            Person.objects.bulk_update(list(changed.values()), list(FILLED))
        for e in chunk:
            e.person_id = persons[e.resident_id.strip().upper()].pk
        GraduateEntry.objects.bulk_update(chunk, ["person_id"])


class Migration(migrations.Migration):

    dependencies = [
        ("persons", "0005_contribution_enterprise_index"),
        ("recruitment", "0009_gram_indexes_without_pending_list"),
    ]

    operations = [
        migrations.RunPython(link_entries, elidable=False),
    ]
