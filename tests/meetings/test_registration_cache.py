"""The registration page's form part is cached per person: never stale after a write that
concerns it, never holding a CSRF token or someone else's answers, a refused form never from
the cache, the same queries whatever the meeting's size."""

import pickle
import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercle.core.forms import FormRenderer
from cercle.meetings import services
from cercle.meetings.enums import Attendance, MeetingStatus
from cercle.meetings.forms import RegistrationForm
from cercle.meetings.models import Meeting, Registration, Session
from cercle.meetings.selectors import programme_sessions
from cercle.organisations.models import Membership, Organisation
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, agent_of
from tests.meetings.factories import (
    add_days,
    form_data,
    register,
    session,
    two_day_meeting,
    workshop,
)

TOKEN_IN_FORM = (
    r'class="registration-form">\s*<input type="hidden" name="csrfmiddlewaretoken" '
    r'value="([^"]+)"'
)


@pytest.fixture
def setting(transactional_db):
    """An open two-day meeting with a workshop, and a member of a club organisation."""
    meeting, days = two_day_meeting()
    organisation = OrganisationFactory(name="Ville de Quimper")
    person = agent_of(organisation, user=UserFactory(display_name="Camille Martin"))
    return meeting, days, organisation, person


def _url(meeting):
    return reverse("meetings:register", args=[meeting.slug])


def _page(client, meeting) -> str:
    response = client.get(_url(meeting))
    assert response.status_code == 200
    return response.content.decode()


def _signed_in(person) -> Client:
    client = Client()
    client.force_login(person)  # a write (last login): before the first page
    return client


def test_own_registration_created_updated_and_cancelled_shows_at_once(page_cache, setting):
    meeting, days, organisation, person = setting
    client = _signed_in(person)
    assert "<h1>S’inscrire à" in _page(client, meeting)
    assert "<h1>S’inscrire à" in _page(client, meeting)  # from the cache

    response = client.post(_url(meeting), form_data(organisation, days, badge_name="Cam M."))
    assert response.status_code == 302
    html = _page(client, meeting)
    assert "<h1>Modifier mon inscription</h1>" in html
    assert 'value="Cam M."' in html

    register(meeting, person, organisation, days, badge_name="Camille M.")
    assert 'value="Camille M."' in _page(client, meeting)

    services.cancel_registration(registration=Registration.objects.get(person=person), actor=person)
    html = _page(client, meeting)
    assert "<h1>S’inscrire à" in html
    assert 'value="Camille Martin"' in html  # the account's name again, for a new registration


def test_another_person_taking_the_last_seat_shows_at_once(page_cache, setting):
    meeting, days, organisation, person = setting
    workshop(days[0], "Atelier budget", capacity=1)
    client = _signed_in(person)
    assert "Atelier budget — sur place : 1 place restante" in _page(client, meeting)

    register(meeting, agent_of(organisation), organisation, days, workshops=[Session.objects.get()])

    assert "Atelier budget — sur place : complet : liste d’attente" in _page(client, meeting)


def test_sessions_and_days_added_or_changed_show_at_once(page_cache, setting):
    meeting, days, _organisation, person = setting
    atelier = workshop(days[0], "Atelier budget", capacity=3)
    client = _signed_in(person)
    assert "Atelier budget — sur place : 3 places restantes" in _page(client, meeting)

    workshop(days[1], "Atelier données", capacity=5)
    assert "Atelier données — sur place : 5 places restantes" in _page(client, meeting)

    Session.objects.filter(pk=atelier.pk).update(title="Atelier finances", capacity=7)
    html = _page(client, meeting)
    assert "Atelier finances — sur place : 7 places restantes" in html
    assert "Atelier budget" not in html

    add_days(meeting, date(2099, 6, 4))
    assert "<legend>Jeudi 4 juin 2099" in _page(client, meeting)


def test_memberships_organisations_and_names_show_at_once(page_cache, setting):
    meeting, _days, organisation, person = setting
    client = _signed_in(person)
    assert 'value="Camille Martin"' in _page(client, meeting)

    person.display_name = "Camille Martin-Durand"
    person.save()
    client = _signed_in(person)
    assert 'value="Camille Martin-Durand"' in _page(client, meeting)

    Organisation.objects.filter(pk=organisation.pk).update(name="Quimper Bretagne")
    assert ">Quimper Bretagne</option>" in _page(client, meeting)

    MembershipFactory(user=person, organisation=OrganisationFactory(name="Agglo de Quimper"))
    assert ">Agglo de Quimper</option>" in _page(client, meeting)

    Membership.objects.filter(user=person).delete()
    html = _page(client, meeting)
    assert "Seuls les membres d’une organisation du club peuvent s’inscrire." in html
    assert "registration-form" not in html


def test_the_meetings_status_and_mode_show_at_once(page_cache, setting):
    meeting, _days, _organisation, person = setting
    client = _signed_in(person)
    assert "registration-form" in _page(client, meeting)

    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CLOSED)
    assert "Les inscriptions à cette rencontre ne sont pas ouvertes." in _page(client, meeting)

    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.OPEN, remote_only=True)
    html = _page(client, meeting)
    assert 'value="remote"' in html
    assert 'value="on_site"' not in html


def test_past_attendance_elsewhere_shows_at_once(page_cache, setting):
    meeting, _days, organisation, person = setting
    client = _signed_in(person)
    assert 'value="newcomer" required id="id_experience_0" checked' in _page(client, meeting)

    earlier, earlier_days = two_day_meeting(edition=meeting.edition - 50)
    register(earlier, person, organisation, earlier_days)

    assert 'value="regular" required id="id_experience_1" checked' in _page(client, meeting)


def test_each_person_sees_their_own_form_and_token_and_none_is_cached(page_cache, setting):
    meeting, days, quimper, camille = setting
    # Namesakes, both registered: only who they are tells their forms apart.
    brest = OrganisationFactory(name="Agglo de Brest")
    namesake = agent_of(brest, user=UserFactory(display_name="Camille Martin"))
    register(meeting, camille, quimper, days, dietary_needs="Sans gluten")
    register(meeting, namesake, brest, days, dietary_needs="Végétarien")
    clients = [Client(enforce_csrf_checks=True) for _ in range(4)]
    for client, person in zip(clients, [camille, namesake, camille, namesake], strict=True):
        client.force_login(person)
    # Nothing written from here: the second page of each person comes from the cache.
    pages = [_page(client, meeting) for client in clients]
    for html in pages[0::2]:
        assert "Sans gluten</textarea>" in html
        assert ">Ville de Quimper</option>" in html
        assert "Brest" not in html
        assert "Végétarien" not in html
    for html in pages[1::2]:
        assert "Végétarien</textarea>" in html
        assert ">Agglo de Brest</option>" in html
        assert "Quimper" not in html
        assert "Sans gluten" not in html
    tokens = [re.search(TOKEN_IN_FORM, html).group(1) for html in pages]
    assert len(set(tokens)) == len(tokens)
    # Each token is the person's own: their form goes through the CSRF check, not another's.
    changes = form_data(brest, days, dietary_needs="Végétalien")
    refused = clients[3].post(_url(meeting), {"csrfmiddlewaretoken": tokens[2], **changes})
    assert refused.status_code == 403
    response = clients[3].post(_url(meeting), {"csrfmiddlewaretoken": tokens[3], **changes})
    assert response.status_code == 302
    stored = [pickle.loads(value) for value in page_cache._cache.values()]  # noqa: S301 - our own cache
    forms = [value for value in stored if isinstance(value, str) and "registration-form" in value]
    assert len(forms) == 2  # one per person
    assert not any("csrfmiddlewaretoken" in value for value in forms)


def test_a_refused_form_is_never_from_the_cache_and_keeps_what_was_typed(page_cache, setting):
    meeting, days, organisation, person = setting
    client = _signed_in(person)
    _page(client, meeting)  # the blank form, now cached
    data = form_data(organisation, days, badge_name="Badge <tapé>", consent=None)
    del data[f"day_{days[1].pk}"]

    response = client.post(_url(meeting), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Badge &lt;tapé&gt;"' in html
    assert 'aria-describedby="id_image_consent_helptext id_image_consent_error"' in html
    assert f'<fieldset aria-describedby="id_day_{days[1].pk}_error">' in html
    # The next visit shows the blank form again, not the refused one.
    html = _page(client, meeting)
    assert 'value="Camille Martin"' in html
    assert "tapé" not in html
    assert "form-errors" not in html


def test_a_refusal_by_the_rules_is_shown_on_its_field_never_from_the_cache(page_cache, setting):
    meeting, days, organisation, person = setting
    first = workshop(days[0], "Atelier A", start=(14, 0), end=(16, 0))
    second = workshop(days[0], "Atelier B", start=(15, 0), end=(17, 0))
    client = _signed_in(person)
    _page(client, meeting)  # the blank form, now cached
    data = form_data(organisation, days, workshops=[first, second], badge_name="Cam <M>")

    html = client.post(_url(meeting), data).content.decode()

    assert '<fieldset aria-describedby="id_workshops_helptext id_workshops_error">' in html
    assert "Les ateliers « Atelier A » et « Atelier B » ont lieu en même temps" in html
    for ticked in (first, second):
        assert re.search(rf'name="workshops" value="{ticked.pk}"[^>]* checked>', html)
    assert 'value="Cam &lt;M&gt;"' in html
    assert "en même temps" not in _page(client, meeting)
    assert not Registration.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in_and_non_members_told_why(page_cache, setting):
    meeting, _days, _organisation, _person = setting
    response = Client().get(_url(meeting))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

    html = _page(_signed_in(UserFactory()), meeting)
    assert "Seuls les membres d’une organisation du club peuvent s’inscrire." in html


def test_the_page_reads_the_same_queries_whatever_the_meetings_size(page_cache):
    def counts(workshops, registrants):
        meeting, days = two_day_meeting()
        organisation = OrganisationFactory()
        for n in range(workshops):
            workshop(days[n % 2], f"Atelier {n}", capacity=2, start=(8 + n, 0), end=(8 + n, 30))
            session(days[n % 2], f"Plénière {n}", start=(8 + n, 30), end=(9 + n, 0))
        for _ in range(registrants):
            register(meeting, agent_of(organisation), organisation, days)
        person = agent_of(organisation)
        register(
            meeting,
            person,
            organisation,
            days,
            workshops=Session.objects.filter(meeting=meeting, capacity__isnull=False)[:1],
        )
        client = _signed_in(person)
        page_cache.clear()
        with CaptureQueriesContext(connection) as cold:
            _page(client, meeting)
        with CaptureQueriesContext(connection) as served:
            _page(client, meeting)
        return len(cold), len(served)

    small, large = counts(1, 1), counts(8, 12)
    assert small == large
    # From the cache: the session, the person, the meeting, whether they are registered, and
    # the data versions (once for the preview and the form).
    assert large[1] == 5


@pytest.mark.parametrize("registered", [False, True])
@pytest.mark.parametrize("remote_only", [False, True])
def test_the_form_renders_the_same_html_as_with_django_templates(db, registered, remote_only):
    meeting, days = two_day_meeting(remote_only=remote_only)
    workshop(days[0], "Atelier « budget » d'été", capacity=1, open_to_remote=True)
    organisation = OrganisationFactory(name="Ville d'Aix & <Lès>")
    person = agent_of(organisation)
    mode = Attendance.REMOTE
    if registered:
        register(meeting, person, organisation, days, modes=[mode, mode], dietary_needs="<b>")
    data = None if registered else {"badge_name": "O'Neil <b>", f"day_{days[0].pk}": "nope"}
    memberships = list(Membership.objects.filter(user=person).select_related("organisation"))

    def form(renderer=None):
        return RegistrationForm(
            data,
            days=days,
            workshops=programme_sessions(meeting, signup_only=True),
            memberships=memberships,
            remote_only=remote_only,
            renderer=renderer,
        )

    jinja, django = form(), form(FormRenderer())
    for field in jinja:
        assert str(field.as_field_group()) == str(django[field.name].as_field_group())
