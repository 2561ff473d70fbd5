"""``audit.audit_many``: many entries in one INSERT, each what ``audit`` writes for its object
(region, object, before/after, actor), and the audit trail's listeners (page caches) told of each."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.models import InsuranceMonth
from tests.factories import EnterpriseFactory, make_uscc
from xingtai_jobs.core import pagecache
from xingtai_jobs.core.audit import Entry, audit, audit_many
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db

FIELDS = ("action", "actor_id", "actor_repr", "content_type_id", "object_id", "object_repr", "region_id", "before", "after", "message", "ip")


def test_many_entries_in_one_insert_each_as_audit_writes_it(region_a, region_b, county_officer):
    enterprises = [EnterpriseFactory(uscc=make_uscc(8100 + i), region=region_a if i % 2 else region_b) for i in range(5)]
    month = InsuranceMonth.objects.create(enterprise=enterprises[1], month=dt.date(2024, 5, 1), insured_count=4,
                                          ui_premium_due=0, ui_premium_paid=0)
    ContentType.objects.get_for_models(InsuranceMonth, type(enterprises[0]))
    single = [audit("core.test.one", e, actor=county_officer, before={"n": Decimal("1.50")}, after={"on": dt.date(2024, 5, 1)},
                    message="m") for e in enterprises]
    single.append(audit("core.test.one", month, actor=county_officer, message="owner's region"))
    with CaptureQueriesContext(connection) as ctx:
        many = audit_many([Entry("core.test.one", e, before={"n": Decimal("1.50")}, after={"on": dt.date(2024, 5, 1)}, message="m")
                           for e in enterprises] + [Entry("core.test.one", month, message="owner's region")], actor=county_officer)
    inserts = [q for q in ctx.captured_queries if q["sql"].startswith('INSERT INTO "core_auditevent"')]
    assert len(inserts) == 1 and len(many) == 6
    stored = list(AuditEvent.objects.filter(pk__in=[e.pk for e in many]).order_by("pk"))
    assert [[getattr(e, f) for f in FIELDS] for e in stored] == [[getattr(e, f) for f in FIELDS] for e in single]
    assert stored[-1].region_id == enterprises[1].region_id  # a row without a region: its owner's
    assert stored[0].before == {"n": "1.50"} and stored[0].after == {"on": "2024-05-01"}


def test_an_explicit_region_the_system_actor_and_nothing(region_b):
    enterprise = EnterpriseFactory(uscc=make_uscc(8200))
    [entry] = audit_many([Entry("core.test.two", enterprise, region=region_b.pk)])
    assert entry.region_id == region_b.pk and entry.actor is None and entry.actor_repr == "system"
    assert audit_many([]) == []


def test_bulk_entries_bump_the_caches_that_follow_them(django_capture_on_commit_callbacks, city_officer):
    cache = pagecache.PageCache("test-audit-many", seconds=60, bump_on_audit=("core.test.bump.",))
    cache.set("k", "v")
    with django_capture_on_commit_callbacks(execute=True):
        audit_many([Entry("core.other.thing", city_officer)], actor=city_officer)
    assert cache.get("k") == "v"
    with django_capture_on_commit_callbacks(execute=True):
        audit_many([Entry("core.other.thing", city_officer), Entry("core.test.bump.done", city_officer)], actor=city_officer)
    assert cache.get("k") is None
