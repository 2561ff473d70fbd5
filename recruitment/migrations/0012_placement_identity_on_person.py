"""Internship placements keep who the intern is on the person only (issue 12).

Every placement is linked to the registry's person with its resident ID (a link made earlier by a
shared mobile to a person with another ID is replaced); a person the registry lacks is created from
the placement (sex and birth date from the ID; residence: the ledger row's household region, else
the portal county of the ID's area code, else the post's county), and the placement's mobile fills
a person's blank one. The columns go in 0013. Not reversible."""

import datetime as dt

from django.db import migrations


def _birth_and_sex(resident_id):
    # GB 11643: birth date in digits 7-14, the 17th digit odd for men (as persons.models.Person.save)
    birth = dt.date(int(resident_id[6:10]), int(resident_id[10:12]), int(resident_id[12:14]))
    return birth, "male" if int(resident_id[16]) % 2 == 1 else "female"


def link_placements(apps, schema_editor):
    Placement = apps.get_model("recruitment", "InternshipPlacement")
    Person = apps.get_model("persons", "Person")
    Region = apps.get_model("core", "Region")
    regions = dict(Region.objects.values_list("code", "pk"))
    placements = list(Placement.objects.select_related("post", "ledger_entry").order_by("pk"))
    for start in range(0, len(placements), 1000):
        chunk = placements[start:start + 1000]
        persons = {p.resident_id: p for p in Person.objects.filter(resident_id__in={pl.resident_id.strip().upper() for pl in chunk})}
        new, changed = [], {}
        for pl in chunk:
            rid = pl.resident_id.strip().upper()
            person = persons.get(rid)
            if person is None:
                birth, sex = _birth_and_sex(rid)
                region = pl.ledger_entry.household_region_id if pl.ledger_entry_id else regions.get(rid[:6], pl.post.region_id)
                person = Person(resident_id=rid, name=pl.name, phone=pl.phone, region_id=region, birth_date=birth, sex=sex)
                persons[rid] = person
                new.append(person)
            elif not person.phone and pl.phone:
                person.phone = pl.phone
                changed[person.pk] = person
        Person.objects.bulk_create(new)
        if changed:
            Person.objects.bulk_update(list(changed.values()), ["phone"])
        for pl in chunk:
            pl.person_id = persons[pl.resident_id.strip().upper()].pk
        Placement.objects.bulk_update(chunk, ["person_id"])


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
        ("recruitment", "0011_graduate_copies_removed"),
    ]

    operations = [
        migrations.RunPython(link_placements, elidable=False),
    ]
