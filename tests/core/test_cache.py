"""The Redis cache backend keeps its client: same behaviour, no client built per operation."""

import redis

from cercle.core import pagecache


def test_the_redis_backend_builds_its_client_once(redis_pages, monkeypatch):
    redis_pages.set("a", 1)
    built = []
    original = redis.Redis.__init__

    def counting(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting)

    redis_pages.set("b", {"x": [1, 2]})
    assert redis_pages.get("a") == 1
    assert redis_pages.get_many(["a", "b", "c"]) == {"a": 1, "b": {"x": [1, 2]}}
    assert redis_pages.incr("a") == 2
    assert redis_pages.add("a", 5) is False
    redis_pages.delete("b")
    assert redis_pages.get("b") is None

    assert built == []


def test_the_page_cache_sees_it_as_redis(redis_pages):
    assert pagecache.versions_in_cache()
