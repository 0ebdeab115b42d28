from datetime import timedelta

import pytest
from django.utils import timezone

from cercle.funding.models import Pledge
from cercle.meetings.models import Speaker
from cercle.onsite.enums import CheckInMethod
from cercle.onsite.models import CheckIn
from cercle.organisations.enums import Role
from cercle.organisations.models import Invitation, Membership
from cercle.organisations.services import change_role
from cercle.outbox.models import Message
from cercle.questions.enums import Gender
from cercle.questions.models import Declaration, Question
from cercle.questions.models import Support as QuestionSupport
from cercle.requests.models import Comment, Follow
from cercle.requests.models import Support as RequestSupport
from cercle.requests.services.endorsements import endorse
from cercle.votes.services import cast_ballot
from tests.contributions.factories import open_call, propose
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.funding.factories import costed_item
from tests.meetings.factories import register, session, two_day_meeting
from tests.requests.factories import filed
from tests.votes.factories import close_now, eligible, open_campaign


def person(name, email, organisation, role):
    user = UserFactory(display_name=name, email=email)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


class World:
    """Two people of one organisation, each with records in every app.

    Everything Bruno writes carries the word "Bruno", so a leak into Alice's export shows.
    """

    def __init__(self):
        self.org = OrganisationFactory(name="Ville de Villejuif")
        self.alice = person("Alice Aubert", "alice@example.test", self.org, Role.REFERENT)
        self.bruno = person("Bruno Bernard", "bruno@example.test", self.org, Role.AGENT)
        # Alice appoints Bruno as a second référent: an audit entry naming Bruno, by Alice.
        change_role(
            membership=Membership.objects.get(user=self.bruno),
            role=Role.REFERENT,
            actor=self.alice,
        )
        Invitation.objects.create(
            organisation=self.org,
            email="alice@example.test",
            token_hash="a" * 64,
            invited_by=self.bruno,
            expires_at=timezone.now() + timedelta(days=7),
            accepted_at=timezone.now(),
            accepted_by=self.alice,
        )
        self.request = filed(organisation=self.org, author=self.alice, title="Demande d'Alice")
        self.other_request = filed(title="Demande d'ailleurs")
        Comment.objects.create(request=self.request, author=self.alice, body="Avis d'Alice")
        Comment.objects.create(request=self.request, author=self.bruno, body="Avis de Bruno")
        endorse(
            improvement=self.other_request,
            organisation=self.org,
            person=self.alice,
            use_case="Cas d'usage d'Alice",
        )
        for user in (self.alice, self.bruno):
            RequestSupport.objects.create(request=self.other_request, user=user)
            Follow.objects.get_or_create(request=self.other_request, user=user)
        self._vote()
        self._meeting()
        item = costed_item()
        Pledge.objects.create(
            item=item, organisation=self.org, amount_cents=123_400, created_by=self.alice
        )
        Message.objects.create(
            to="alice@example.test", subject="Bienvenue Alice", body_text="Bonjour Alice"
        )
        Message.objects.create(
            to="bruno@example.test", subject="Bienvenue Bruno", body_text="Bonjour Bruno"
        )

    def _vote(self):
        first, second = eligible(title="Candidate une"), eligible(title="Candidate deux")
        self.campaign = open_campaign(requests=[first, second])
        cast_ballot(
            campaign=self.campaign,
            organisation=self.org,
            person=self.alice,
            lines=[first.reference],
        )
        other = OrganisationFactory()
        voter = person("Votant Autre", "voter@example.test", other, Role.REFERENT)
        cast_ballot(
            campaign=self.campaign,
            organisation=other,
            person=voter,
            lines=[first.reference, second.reference],
        )
        self.campaign = close_now(self.campaign)

    def _meeting(self):
        self.meeting, self.days = two_day_meeting(host=OrganisationFactory())
        self.registration = register(
            self.meeting,
            self.alice,
            self.org,
            self.days,
            badge_name="Alice A.",
            dietary_needs="Sans gluten",
            accessibility_needs="Boucle magnétique",
        )
        self.bruno_registration = register(
            self.meeting,
            self.bruno,
            self.org,
            self.days,
            badge_name="Bruno B.",
            dietary_needs="Végétarien Bruno",
            accessibility_needs="Rampe Bruno",
        )
        CheckIn.objects.create(
            registration=self.registration,
            day=self.days[0],
            checked_in_at=timezone.now() - timedelta(hours=1),
            method=CheckInMethod.SCAN,
        )
        plenary = session(self.days[0])
        Speaker.objects.create(session=plenary, person=self.alice, name="Alice Aubert")
        self.question = Question.objects.create(
            session=plenary, author=self.alice, text="Question d'Alice", gender=Gender.WOMAN
        )
        bruno_question = Question.objects.create(
            session=plenary, author=self.bruno, text="Question de Bruno", gender=Gender.MAN
        )
        QuestionSupport.objects.create(question=bruno_question, person=self.alice)
        Declaration.objects.create(meeting=self.meeting, person=self.alice, gender=Gender.WOMAN)
        Declaration.objects.create(meeting=self.meeting, person=self.bruno, gender=Gender.MAN)
        call = open_call(self.meeting)
        propose(call, self.alice, self.org, title="Proposition d'Alice")
        propose(call, self.bruno, self.org, title="Proposition de Bruno")


@pytest.fixture
def world(db):
    return World()
