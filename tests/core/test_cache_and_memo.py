"""The kernel's Redis cache backend (one client per pool, one-round-trip incr) and the per-process
reference memo of regions and other small tables."""

from __future__ import annotations

import os
import uuid

import pytest
from django.test import RequestFactory
from django_ratelimit.core import get_usage

from xingtai_jobs.core.cache import RedisCache
from xingtai_jobs.core.models import Region
from xingtai_jobs.core.reference import regions_by_code

REDIS = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_cache():
    cache = RedisCache(REDIS, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    try:
        cache.get("ping")
    except Exception as exc:  # pragma: no cover - only where no Redis runs
        pytest.skip(f"Redis is not reachable at {REDIS}: {exc}")
    yield cache
    cache.delete_many(["counter", "missing", "text"])


def test_incr_adds_to_an_existing_counter_and_refuses_a_missing_key(redis_cache):
    assert redis_cache.add("counter", 5, 60)
    assert redis_cache.incr("counter") == 6
    assert redis_cache.incr("counter", 10) == 16
    assert redis_cache.get("counter") == 16
    with pytest.raises(ValueError):
        redis_cache.incr("missing")
    assert redis_cache.get("missing") is None  # the failed incr created nothing


def test_the_rest_of_the_cache_api_is_unchanged(redis_cache):
    redis_cache.set("text", {"区": "襄都"}, 60)
    assert redis_cache.get("text") == {"区": "襄都"}
    assert not redis_cache.add("text", "other", 60)
    redis_cache.set("counter", 3, 60)
    assert redis_cache.decr("counter") == 2
    assert redis_cache.get("counter") == 2


def test_one_redis_client_serves_every_operation(redis_cache):
    client = redis_cache._cache.get_client("a", write=True)
    assert redis_cache._cache.get_client("b") is client


def test_django_ratelimit_counts_on_it(redis_cache, settings):
    # changing CACHES resets Django's cache handler (django.test.signals)
    settings.CACHES = {"default": {"BACKEND": "xingtai_jobs.core.cache.RedisCache", "LOCATION": REDIS,
                                   "KEY_PREFIX": f"rl-{uuid.uuid4().hex}"}}
    request = RequestFactory().post("/")
    seen = [get_usage(request, group="t", key=lambda _g, _r: "k", rate="3/h", increment=True) for _ in range(4)]
    assert [u["count"] for u in seen] == [1, 2, 3, 4]
    assert [u["should_limit"] for u in seen] == [False, False, False, True]


@pytest.mark.django_db
def test_regions_are_read_once_and_reloaded_when_one_is_saved(django_assert_num_queries):
    with django_assert_num_queries(1):
        first = regions_by_code()
    with django_assert_num_queries(0):
        assert regions_by_code() is first
    region = Region.objects.get(code="130502")
    region.hotline = "0319-9999999"
    region.save()
    with django_assert_num_queries(1):
        assert regions_by_code()["130502"].hotline == "0319-9999999"


@pytest.mark.django_db
def test_a_zero_time_to_live_reads_every_time(settings, django_assert_num_queries):
    settings.XT_REFCACHE_SECONDS = 0
    regions_by_code()
    with django_assert_num_queries(1):
        regions_by_code()
