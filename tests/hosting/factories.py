import io
import zipfile
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cercle.hosting import services
from cercle.hosting.models import Candidacy, HostingCall, Question
from cercle.meetings.enums import MeetingStatus
from tests.factories import OrganisationFactory, referent_of
from tests.meetings.factories import MeetingFactory

CRITERIA = ["Capacité d’accueil", "Accessibilité", "Captation et diffusion"]


def pdf(name="dossier.pdf", size=0):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size + b"\n%%EOF", "application/pdf")


def odt(name="lettre.odt"):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", "<office:document-content/>")
    return SimpleUploadedFile(name, data.getvalue(), "application/vnd.oasis.opendocument.text")


def html(name="page.pdf"):
    return SimpleUploadedFile(name, b"<html><script>alert(1)</script></html>", "application/pdf")


def make_call(*, phase="open", edition=13, **kwargs) -> HostingCall:
    now = timezone.now()
    opens, closes = {
        "open": (now - timedelta(days=1), now + timedelta(days=10)),
        "upcoming": (now + timedelta(days=1), now + timedelta(days=10)),
        "closed": (now - timedelta(days=10), now - timedelta(hours=1)),
    }[phase]
    call = HostingCall.objects.create(
        edition=edition,
        title=kwargs.pop("title", f"Qui accueille la {edition}ᵉ rencontre ?"),
        opens_at=opens,
        closes_at=closes,
        **kwargs,
    )
    for index, text in enumerate(CRITERIA):
        Question.objects.create(call=call, position=index, text=text)
    return call


def answers_for(call, text="Oui"):
    return {question.pk: f"{text} {question.pk}" for question in call.questions.all()}


def post_answers(call, text="Oui", **extra):
    data = {f"q_{pk}": value for pk, value in answers_for(call, text).items()}
    data.update(extra)
    return data


def candidacy(call, organisation=None, *, referent=None) -> Candidacy:
    """A candidacy submitted while the call was open (dates moved back after if closed)."""
    organisation = organisation or OrganisationFactory()
    referent = referent or referent_of(organisation)
    closes = call.closes_at
    opens = call.opens_at
    now = timezone.now()
    HostingCall.objects.filter(pk=call.pk).update(
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1)
    )
    call.refresh_from_db()
    made = services.submit_candidacy(
        call=call, organisation=organisation, person=referent, answers=answers_for(call)
    )
    HostingCall.objects.filter(pk=call.pk).update(opens_at=opens, closes_at=closes)
    call.refresh_from_db()
    return made


def previous_meeting(edition=12, **kwargs):
    kwargs.setdefault("status", MeetingStatus.HELD)
    return MeetingFactory(edition=edition, **kwargs)


def vote_data(**fields) -> dict:
    """The club vote's settings as staff give them: opens in an hour, one approval each."""
    now = timezone.now()
    return {
        "title": "Qui accueille la 13ᵉ rencontre ? Le vote du club",
        "description": "",
        "opens_at": now + timedelta(hours=1),
        "closes_at": now + timedelta(days=7),
        "method": "approval",
        "max_choices": 1,
        "tie_rule": "draw",
        "results_visibility": "after_close",
        "ballot_privacy": "secret",
        **fields,
    }


def vote_call(*names, edition=13) -> tuple[HostingCall, list[Candidacy]]:
    """A closed call decided by a club vote, with a candidacy of an organisation per name."""
    call = make_call(phase="closed", edition=edition, decided_by_vote=True)
    candidacies = [candidacy(call, OrganisationFactory(name=name)) for name in names]
    return call, candidacies


def open_club_vote(call, staff, **fields):
    """Staff open the club vote, then the clock moves: it opened an hour ago."""
    from tests.votes.factories import open_now

    campaign = services.open_vote(call=call, actor=staff, data=vote_data(**fields))
    call.refresh_from_db()
    return open_now(campaign)


def cast_for(campaign, organisation, references, person=None):
    from cercle.votes import services as vote_services

    return vote_services.cast_ballot(
        campaign=campaign,
        organisation=organisation,
        person=person or referent_of(organisation),
        lines=references,
    )
