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
