"""Django's Redis cache backend, keeping its client between operations.

Django's backend builds a new `redis.Redis` for every operation (about 0.1 ms of processor
time copying its response callbacks: more than the round trip of a GET). Every request reads
the session from Redis, a registration also reads and bumps data versions: this backend builds
the client once per connection pool and keeps it. The pools are Django's, unchanged; a
`redis.Redis` holds no per-command state and is safe to share between threads.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _KeptClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(index))
            self._clients[index] = client
        return client


class RedisCache(DjangoRedisCache):
    """`django.core.cache.backends.redis.RedisCache` with one client kept per pool."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _KeptClient
