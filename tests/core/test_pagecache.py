"""Fragments cached on the version of the data they show: every committed write moves it on."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cercle.core import pagecache
from cercle.core.models import DataVersion
from cercle.organisations.models import Organisation
from tests.factories import OrganisationFactory


@pytest.mark.parametrize(
    ("sql", "topic"),
    [
        ('INSERT INTO "requests_improvementrequest" ("title") VALUES (%s)', "requests"),
        ('UPDATE "meetings_session" SET "title" = %s', "meetings"),
        ('DELETE FROM "votes_ballotline" WHERE "id" = 1', "votes"),
        ("  insert or ignore into onsite_chapter (id) values (1)", "onsite"),
        ('SELECT * FROM "requests_improvementrequest"', None),
        ('UPDATE "django_session" SET "session_data" = %s', None),
        ('INSERT INTO "outbox_message" ("to") VALUES (%s)', None),
        ('UPDATE "core_dataversion" SET "version" = 2', None),
    ],
)
def test_writes_are_told_apart_from_reads_and_named_by_their_domain(sql, topic):
    assert pagecache._topic_of(sql) == topic


def _rendered(calls):
    def render():
        calls.append(1)
        return f"<p>{Organisation.objects.count()} organisations</p>"

    return render


def test_a_fragment_is_rendered_once_then_served_from_the_cache(page_cache):
    calls = []
    first = pagecache.fragment("t", topics=["organisations"], render=_rendered(calls))
    again = pagecache.fragment("t", topics=["organisations"], render=_rendered(calls))
    assert first == again == "<p>0 organisations</p>"
    assert len(calls) == 1


def test_what_a_fragment_varies_on_gets_its_own_entry(page_cache):
    calls = []
    pagecache.fragment("t", topics=["organisations"], vary=("fr",), render=_rendered(calls))
    pagecache.fragment("t", topics=["organisations"], vary=("en",), render=_rendered(calls))
    assert len(calls) == 2


def test_a_value_is_computed_once_then_served_until_its_data_changes(page_cache):
    calls = []

    def compute():
        calls.append(1)
        return {"count": Organisation.objects.count(), "names": ["a"]}

    first = pagecache.value("v", topics=["organisations"], vary=(1,), compute=compute)
    again = pagecache.value("v", topics=["organisations"], vary=(1,), compute=compute)
    assert first == again == {"count": 0, "names": ["a"]} and len(calls) == 1
    OrganisationFactory()
    assert pagecache.value("v", topics=["organisations"], vary=(1,), compute=compute) == {
        "count": 1,
        "names": ["a"],
    }
    assert len(calls) == 2


def test_a_fragment_on_many_topics_at_large_versions_keeps_a_short_key(page_cache):
    """Redis's versions are 62-bit numbers: a page on a dozen topics still gets a key every
    cache backend takes (Django warns past 250 characters; the tests make warnings errors)."""
    topics = [f"topic{i}" for i in range(12)]
    read = {topic: 2**62 - i for i, topic in enumerate(topics)}
    html = pagecache.fragment("t" * 40, topics=topics, read=read, render=lambda: "<p>x</p>")
    assert html == "<p>x</p>"


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda: OrganisationFactory(), id="save"),
        pytest.param(lambda: Organisation.objects.update(name="Renommée"), id="queryset update"),
        pytest.param(
            lambda: Organisation.objects.bulk_create([Organisation(name="B", slug="b")]),
            id="bulk create",
        ),
        pytest.param(lambda: Organisation.objects.all().delete(), id="delete"),
    ],
)
def test_any_committed_write_to_the_domain_renders_the_fragment_again(page_cache, write):
    OrganisationFactory(name="A")
    calls = []
    pagecache.fragment("t", topics=["organisations"], render=_rendered(calls))

    with transaction.atomic():
        write()
    pagecache.fragment("t", topics=["organisations"], render=_rendered(calls))

    assert len(calls) == 2


def test_fragments_looked_up_under_one_reading_of_the_versions(page_cache):
    calls = []
    for name in ("a", "b"):
        pagecache.fragment(name, topics=["organisations"], render=_rendered(calls))
    with CaptureQueriesContext(connection) as queries:
        read = pagecache.snapshot(["organisations", "glossary"])
        for name in ("a", "b"):
            pagecache.fragment(name, topics=["organisations"], render=_rendered(calls), read=read)
    assert len(queries) == 1  # the versions, once for both
    assert len(calls) == 2

    with transaction.atomic():
        OrganisationFactory()
    # The reading before the write finds what was cached then; the next reading, the new data.
    before = pagecache.fragment("a", topics=["organisations"], render=_rendered(calls), read=read)
    after = pagecache.fragment("a", topics=["organisations"], render=_rendered(calls))
    assert before == "<p>0 organisations</p>"
    assert after == "<p>1 organisations</p>"


def test_a_write_to_another_domain_keeps_the_fragment(page_cache):
    calls = []
    pagecache.fragment("t", topics=["organisations"], render=_rendered(calls))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE glossary_term SET name = name")
    pagecache.fragment("t", topics=["organisations"], render=_rendered(calls))
    assert len(calls) == 1


def test_writes_declared_unseen_keep_the_fragment_and_later_writes_do_not(page_cache):
    organisation = OrganisationFactory(name="A")
    calls = []
    pagecache.fragment("t", topics=["organisations"], render=_rendered(calls))

    with transaction.atomic(), pagecache.unseen():
        Organisation.objects.filter(pk=organisation.pk).update(name="A")
    pagecache.fragment("t", topics=["organisations"], render=_rendered(calls))
    assert len(calls) == 1

    with transaction.atomic():
        Organisation.objects.filter(pk=organisation.pk).update(name="B")
    pagecache.fragment("t", topics=["organisations"], render=_rendered(calls))
    assert len(calls) == 2


def test_unseen_blocks_nest_and_restore_what_was_there(page_cache):
    before = pagecache.versions(["organisations"])
    with pagecache.unseen():
        with pagecache.unseen():
            OrganisationFactory()
        OrganisationFactory()
    assert pagecache.versions(["organisations"]) == before
    with transaction.atomic():
        OrganisationFactory()
    assert pagecache.versions(["organisations"]) != before


def test_the_version_moves_after_the_commit_not_before(page_cache):
    before = pagecache.versions(["organisations"])
    with transaction.atomic():
        OrganisationFactory()
        # Not yet: a reader caching now reads the old data, under the old version.
        assert pagecache.versions(["organisations"]) == before
    assert pagecache.versions(["organisations"]) != before
    assert DataVersion.objects.get(topic="organisations").version >= 1


def test_writes_in_autocommit_mode_move_the_version_when_the_request_finishes(page_cache):
    from django.core.signals import request_finished

    def version():
        row = DataVersion.objects.filter(topic="organisations").first()
        return row.version if row else 0

    pagecache.versions(["organisations"])  # nothing left pending from before
    before = version()
    OrganisationFactory()  # autocommit: no transaction to wait for
    assert version() == before

    request_finished.send(sender=None)

    assert version() == before + 1


def test_with_redis_the_versions_live_next_to_the_fragments(redis_pages):
    calls = []
    pagecache.fragment("t", topics=["organisations"], render=_rendered(calls))
    pagecache.fragment("t", topics=["organisations"], render=_rendered(calls))
    assert len(calls) == 1
    rows_before = DataVersion.objects.count()

    with transaction.atomic():
        OrganisationFactory()
    pagecache.fragment("t", topics=["organisations"], render=_rendered(calls))

    assert len(calls) == 2
    assert DataVersion.objects.count() == rows_before  # no database row written per change


def test_with_redis_a_lost_version_never_comes_back_as_an_old_one(redis_pages):
    first = pagecache.versions(["organisations"])
    redis_pages.delete("version:organisations")  # evicted, or Redis restarted
    again = pagecache.versions(["organisations"])
    assert again != first
    assert again == pagecache.versions(["organisations"])
