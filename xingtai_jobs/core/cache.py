"""Django's Redis cache backend with two costs of the hot public paths removed.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` object (and its table of response
callbacks) for every cache operation, and ``incr`` takes two round trips (EXISTS, then INCRBY).
The rate limits of the public intake (django-ratelimit: ``add`` then ``incr``) run on every
submission, so here the client keeps one ``redis.Redis`` per connection pool (thread-safe; the pool
re-creates its connections after a fork) and ``incr`` is one server-side script: the same
semantics (``ValueError`` for a missing key), one round trip.

    CACHES = {"default": {"BACKEND": "xingtai_jobs.core.cache.RedisCache", "LOCATION": REDIS_URL}}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient

# Increment only an existing key; nil (None in Python) when the key is missing.
INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return false
"""


class RedisCacheClient(DjangoRedisCacheClient):
    # Set by Django's RedisCacheClient.__init__ (not in its type stubs).
    _pools: dict[int, Any]
    _pool_class: Any
    _pool_options: dict[str, Any]
    _servers: list[str]
    _client: Callable[..., Any]
    _get_connection_pool_index: Callable[[bool], int]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}
        self._incr_scripts: dict[int, Any] = {}

    def _index_and_pool(self, write: bool):
        index = self._get_connection_pool_index(write)
        if index not in self._pools:
            self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
        return index, self._pools[index]

    def get_client(self, key=None, *, write=False):
        index, pool = self._index_and_pool(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients.setdefault(index, self._client(connection_pool=pool))
        return client

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        script = self._incr_scripts.get(id(client))
        if script is None:
            script = self._incr_scripts.setdefault(id(client), client.register_script(INCR_EXISTING))
        value = script(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
