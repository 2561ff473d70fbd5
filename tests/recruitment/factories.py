"""Recruitment factories: events, postings, ledger entries."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import factory
from django.utils import timezone

from recruitment.models import Event, EventParticipant, GraduateEntry, JobPosting
from tests.factories import EnterpriseFactory, make_mobile, make_resident_id
from xingtai_jobs.core.models import Region

_seq = itertools.count(1)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"邢台市春季招聘会{n}")
    kind = Event.Kind.ONSITE
    region = factory.LazyFunction(lambda: Region.objects.get(code="130502"))
    venue = "邢台市人力资源市场"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=4))
    capacity = 100
    status = Event.Status.PUBLISHED


class PostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobPosting

    enterprise = factory.SubFactory(EnterpriseFactory)
    title = factory.Sequence(lambda n: f"数控车工{n}")
    occupation = "数控车工"
    headcount = 5
    education = "senior"
    pay_min = Decimal("4000")
    pay_max = Decimal("6000")
    region = factory.LazyFunction(lambda: Region.objects.get(code="130502"))
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1))
    valid_to = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))


def participate(event, enterprise, *, postings=1):
    EventParticipant.objects.create(event=event, enterprise=enterprise, status=EventParticipant.Status.APPROVED)
    made = [PostingFactory(enterprise=enterprise, region=enterprise.region) for _ in range(postings)]
    for p in made:
        p.events.add(event)
    return made


class GraduateFactory(factory.django.DjangoModelFactory):
    """A ledger row; who the graduate is (name, resident_id, phone, school, degree, major,
    graduation_date, given like the import's columns) goes to the registry's person."""

    class Meta:
        model = GraduateEntry

    name = factory.Sequence(lambda n: f"毕业生{n}")
    resident_id = factory.LazyFunction(lambda: make_resident_id(dt.date(2002, 3, 4), "130502", next(_seq) % 1000))
    phone = factory.LazyFunction(lambda: make_mobile(next(_seq) + 50_000_000))
    school = "邢台学院"
    degree = GraduateEntry.Degree.BACHELOR
    major = "机械工程"
    graduation_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=120))
    household_region = factory.LazyFunction(lambda: Region.objects.get(code="130502"))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from persons.services import person_record
        from recruitment.models import EDUCATION_OF_DEGREE

        identity = {f: kwargs.pop(f) for f in ("name", "resident_id", "phone", "school", "degree", "major", "graduation_date")}
        identity["education"] = EDUCATION_OF_DEGREE[identity.pop("degree")]
        kwargs["person"] = person_record(region_id=kwargs["household_region"].pk, **identity)
        return super()._create(model_class, *args, **kwargs)
