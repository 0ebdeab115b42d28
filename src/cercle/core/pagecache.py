"""Page fragments cached on the version of the data they show, never stale after a write.

Each domain app is a *topic* (its tables start with ``<app label>_``). A database wrapper,
installed on every connection, notes the topics an INSERT, UPDATE or DELETE touched; when the
transaction commits (at once in autocommit mode) their `DataVersion` rows are bumped in a short
transaction of their own. Every write is seen, including ``QuerySet.update()``, bulk operations
and raw SQL, without a signal to remember.

A view asks for a fragment with the topics it depends on::

    body = pagecache.fragment(
        "requests:list", vary=(language, query_string), topics=("requests", "organisations"),
        render=lambda: render_to_string("requests/_list.html", build_context()),
    )

One query reads the versions; the fragment is looked up under a key made of its name, what it
varies on and those versions, and rendered only on a miss. A reader that read the old version
before a commit stores what it rendered under the old key, which nobody asks for once the
version moved on. Fragments never hold anything personal (CSRF tokens, the person's name):
those parts of the page stay outside. The cache is ``CACHES["pages"]`` (Redis when configured,
shared by every app server; local memory otherwise), and entries expire after
``PAGE_CACHE_SECONDS`` in any case.
"""

import functools
import hashlib
import re
import secrets
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

WRITE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?([a-z]+)_',
    re.IGNORECASE,
)
# Tables no cached fragment shows: sessions, the outbox, the audit log, the versions themselves.
IGNORED_TOPICS = frozenset({"django", "outbox", "audit", "core"})
_state = threading.local()


def _topic_of(sql: str) -> str | None:
    match = WRITE.match(sql)
    if match is None:
        return None
    topic = match.group(1).lower()
    return None if topic in IGNORED_TOPICS else topic


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _shared() -> bool:
    """Redis holds the fragments of every app server: the versions live next to them."""
    return "redis" in settings.CACHES[settings.PAGE_CACHE_ALIAS]["BACKEND"].lower()


def versions_in_cache() -> bool:
    """Reading versions costs a cache read, no query (Redis): worth it to spare a query."""
    return _shared()


def _fresh_version() -> int:
    # A version key that vanished (Redis restarted, or evicted it) comes back as a number no
    # fragment was ever stored under, never as 0 again.
    return secrets.randbits(62)


def bump(topics: Iterable[str], *, using: str = "default") -> None:
    """Move the given topics to a new version: in Redis when the fragments are there (an atomic
    INCR), in the database otherwise (each topic in its own short transaction)."""
    from cercle.core.models import DataVersion

    for topic in sorted(set(topics)):
        if _shared():
            key = f"version:{topic}"
            try:
                _cache().incr(key)
            except ValueError:
                _cache().add(key, _fresh_version(), timeout=None)
            continue
        with transaction.atomic(using=using):
            versions = DataVersion.objects.using(using)
            if not versions.filter(topic=topic).update(version=F("version") + 1):
                versions.bulk_create([DataVersion(topic=topic, version=1)], ignore_conflicts=True)


def flush(alias: str = "default") -> None:
    """Bump the topics this thread wrote to, unless a transaction is still open (its commit
    does it). Called after each commit, at the end of each request, before reading versions
    and after each worker job."""
    if getattr(_state, "migrating", False) or connections[alias].in_atomic_block:
        return
    pending = getattr(_state, "pending", {}).pop(alias, set())
    if pending:
        bump(pending, using=alias)


@contextmanager
def unseen():
    """Writes in this block change nothing any page shows (bookkeeping such as "this email has
    been queued"): they move no version, so they do not empty the fragments of every page of
    their app. Only around such writes, each proven unseen by a test."""
    previous = getattr(_state, "unseen", False)
    _state.unseen = True
    try:
        yield
    finally:
        _state.unseen = previous


def _note_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if getattr(_state, "migrating", False):
        return result  # the versions table may not exist yet; nothing is cached then anyway
    if getattr(_state, "unseen", False):
        return result
    topic = _topic_of(sql) if isinstance(sql, str) else None
    if topic is None:
        return result
    connection = context["connection"]
    pending = getattr(_state, "pending", None)
    if pending is None:
        pending = _state.pending = {}
    pending.setdefault(connection.alias, set()).add(topic)
    # Never here and now: the statement may still be open (INSERT ... RETURNING). In a
    # transaction, right after its commit (a rollback drops the callback; its topics are then
    # bumped with the next flush, harmlessly); in autocommit mode, at the next flush.
    if connection.in_atomic_block:
        alias = connection.alias
        transaction.on_commit(lambda: flush(alias), using=alias)
    return result


def install(sender, connection, **kwargs) -> None:
    if _note_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_note_writes)


def _flush_all(**kwargs) -> None:
    for alias in list(getattr(_state, "pending", {})):
        flush(alias)


def _migrating(sender, **kwargs) -> None:
    _state.migrating = True


def _migrated(sender, **kwargs) -> None:
    _state.migrating = False


def connect() -> None:
    """Called by CoreConfig.ready(): watch every connection, the open ones too."""
    pre_migrate.connect(_migrating, dispatch_uid="cercle.core.pagecache.pre")
    post_migrate.connect(_migrated, dispatch_uid="cercle.core.pagecache.post")
    connection_created.connect(install, dispatch_uid="cercle.core.pagecache")
    request_finished.connect(_flush_all, dispatch_uid="cercle.core.pagecache.request")
    for connection in connections.all(initialized_only=True):
        install(None, connection)


def snapshot(topics: Iterable[str]) -> dict[str, int]:
    """The versions of the given topics, read at once. Several fragments of a page may be looked
    up under the same reading: what they read to render comes after it, so they may share it."""
    from cercle.core.models import DataVersion

    flush()
    topics = sorted(set(topics))
    if _shared():
        keys = {topic: f"version:{topic}" for topic in topics}
        known = _cache().get_many(list(keys.values()))
        for key in keys.values():
            if key not in known:
                _cache().add(key, _fresh_version(), timeout=None)
                known[key] = _cache().get(key)
        return {topic: known[key] for topic, key in keys.items()}
    known = dict(DataVersion.objects.filter(topic__in=topics).values_list("topic", "version"))
    return {topic: known.get(topic, 0) for topic in topics}


def versions(topics: Iterable[str], read: dict[str, int] | None = None) -> str:
    """The versions of the given topics, as they stand or as `read` by `snapshot`."""
    topics = sorted(set(topics))
    if read is None:
        read = snapshot(topics)
    return ".".join(f"{topic}{read[topic]}" for topic in topics)


def fragment(
    name: str,
    *,
    topics: Iterable[str],
    vary: tuple = (),
    render: Callable[[], str],
    read: dict[str, int] | None = None,
) -> SafeString:
    """The HTML of a fragment, from the cache when the data it shows has not changed; `read`:
    the versions read once for several fragments (`snapshot`, with every topic of this one)."""
    html = value(name, topics=topics, vary=vary, compute=lambda: str(render()), read=read)
    return mark_safe(html)  # noqa: S308 - rendered by our own autoescaping templates


def value(
    name: str,
    *,
    topics: Iterable[str],
    vary: tuple = (),
    compute: Callable[[], object],
    read: dict[str, int] | None = None,
):
    """What `compute` returns (anything the cache can pickle, never None), from the cache when
    the data it was computed from has not changed: `fragment`'s rules, for something else than
    HTML (a request's fields, a person's rendered parts)."""
    # Hashed: a dozen topics at Redis's 62-bit versions would pass memcached's 250 characters,
    # which Django's cache backends warn about.
    varying = hashlib.blake2b(repr(vary).encode(), digest_size=12).hexdigest()
    version = hashlib.blake2b(versions(topics, read).encode(), digest_size=12).hexdigest()
    key = f"fragment:{name}:{varying}:{version}"
    cache = _cache()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, settings.PAGE_CACHE_SECONDS)
    return found


# Personal parts of a shared fragment. The fragment holds a marker where each goes (with what a
# visitor sees there, if anything); the view fills the markers for the person viewing the page.
# The token (from the secret key) keeps text typed by someone from ever passing for a marker.
@functools.cache
def _slot_token() -> str:
    return salted_hmac("cercle.core.pagecache.slot", "slot").hexdigest()[:16]


@functools.cache
def _slot_pattern() -> re.Pattern:
    token = _slot_token()
    return re.compile(
        rf"<!--slot:{token}:(\w+):([\w-]*)-->(.*?)<!--endslot:{token}:\1:\2-->", re.DOTALL
    )


def slot(name: str, key="", default: str = "") -> SafeString:
    """A marker for a personal part of a fragment; `default` is what a visitor sees there."""
    token = _slot_token()
    return mark_safe(  # noqa: S308 - our markers around our own rendered HTML
        f"<!--slot:{token}:{name}:{key}-->{default}<!--endslot:{token}:{name}:{key}-->"
    )


def fill(html: str, part: Callable[[str, str], str | None]) -> SafeString:
    """The fragment with each marker replaced by `part(name, key)`, or by its default when
    that returns None (the slots within either filled in turn)."""
    pattern = _slot_pattern()

    def replace(match: re.Match) -> str:
        filled = part(match.group(1), match.group(2))
        return pattern.sub(replace, match.group(3) if filled is None else str(filled))

    return mark_safe(pattern.sub(replace, html))  # noqa: S308 - our own rendered HTML
