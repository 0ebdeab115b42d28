import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from cercle.audit.models import AuditEntry
from cercle.core.errors import DomainError
from cercle.organisations.enums import OrganisationKind
from cercle.outbox.models import Message
from cercle.outbox.services import send_due
from cercle.requests import services
from cercle.requests.enums import Status
from cercle.requests.models import Comment, Endorsement, Follow, StatusChange, Support
from tests.factories import OrganisationFactory, StaffFactory, UserFactory, agent_of, referent_of
from tests.requests.factories import draft, endorse_by_new_organisations, filed


def test_reference_is_year_and_sequence(db):
    first, second = draft(), draft()
    year = timezone.localdate().year
    assert (first.reference, second.reference) == (f"D-{year}-0001", f"D-{year}-0002")


def test_agent_can_file_for_own_organisation(db):
    organisation = OrganisationFactory()
    improvement = draft(organisation=organisation, author=agent_of(organisation))
    assert improvement.status == Status.DRAFT


def test_cannot_file_for_another_organisation(db):
    with pytest.raises(DomainError) as error:
        draft(organisation=OrganisationFactory(), author=agent_of(OrganisationFactory()))
    assert error.value.code == "not_member"


def test_submit_refuses_incomplete_request_naming_fields(db):
    improvement = draft(affected="", expected_benefit=" ")
    with pytest.raises(DomainError) as error:
        services.submit(improvement=improvement, actor=improvement.author)
    assert (error.value.code, error.value.fields) == (
        "incomplete",
        ["affected", "expected_benefit"],
    )


def test_submit_makes_filing_organisation_first_endorser(db):
    improvement = filed()
    assert improvement.status == Status.SUBMITTED
    assert list(improvement.endorsements.values_list("organisation", flat=True)) == [
        improvement.organisation_id
    ]
    assert improvement.endorsement_count == 1


def test_only_referents_endorse(db):
    improvement = filed()
    organisation = OrganisationFactory()
    with pytest.raises(DomainError) as error:
        services.endorse(
            improvement=improvement,
            organisation=organisation,
            person=agent_of(organisation),
            use_case="x",
        )
    assert error.value.code == "forbidden"


def test_referent_cannot_endorse_for_organisation_they_do_not_represent(db):
    improvement = filed()
    with pytest.raises(DomainError) as error:
        services.endorse(
            improvement=improvement,
            organisation=OrganisationFactory(),
            person=referent_of(OrganisationFactory()),
            use_case="x",
        )
    assert error.value.code == "forbidden"


def test_organisation_endorses_at_most_once(db):
    improvement = filed()
    organisation = OrganisationFactory()
    referent = referent_of(organisation)
    services.endorse(
        improvement=improvement, organisation=organisation, person=referent, use_case="a"
    )
    with pytest.raises(DomainError) as error:
        services.endorse(
            improvement=improvement, organisation=organisation, person=referent, use_case="b"
        )
    assert error.value.code == "already_endorsed"


def test_database_refuses_second_endorsement_row(db):
    improvement = filed()
    with pytest.raises(IntegrityError), transaction.atomic():
        Endorsement.objects.create(
            request=improvement, organisation=improvement.organisation, use_case="again"
        )


def test_endorsement_requires_use_case(db):
    improvement = filed()
    organisation = OrganisationFactory()
    with pytest.raises(DomainError) as error:
        services.endorse(
            improvement=improvement,
            organisation=organisation,
            person=referent_of(organisation),
            use_case="  ",
        )
    assert error.value.code == "use_case_required"


def test_draft_cannot_be_endorsed(db):
    improvement = draft()
    organisation = OrganisationFactory()
    with pytest.raises(DomainError) as error:
        services.endorse(
            improvement=improvement,
            organisation=organisation,
            person=referent_of(organisation),
            use_case="x",
        )
    assert error.value.code == "forbidden"


def test_becomes_eligible_at_three_organisations(db):
    improvement = filed()
    endorse_by_new_organisations(improvement, 1)
    assert improvement.status == Status.SUBMITTED
    endorse_by_new_organisations(improvement, 1)
    assert (improvement.status, improvement.endorsement_count) == (Status.ELIGIBLE, 3)
    assert improvement.eligible_at is not None


def test_threshold_is_a_setting(db, settings):
    settings.ENDORSEMENTS_REQUIRED = 2
    improvement = filed()
    endorse_by_new_organisations(improvement, 1)
    assert improvement.status == Status.ELIGIBLE


def test_withdrawal_makes_request_ineligible_again(db):
    improvement = filed()
    first, _second = endorse_by_new_organisations(improvement, 2)
    services.withdraw_endorsement(
        improvement=improvement, organisation=first, person=first.memberships.get().user
    )
    improvement.refresh_from_db()
    assert (improvement.status, improvement.endorsement_count) == (Status.SUBMITTED, 2)
    assert AuditEntry.objects.filter(action="request.endorsement_withdrawn").count() == 1


def test_withdrawal_keeps_request_on_ballot(db):
    improvement = filed()
    first, _second = endorse_by_new_organisations(improvement, 2)
    services.change_status(
        improvement=improvement, actor=StaffFactory(), status=Status.ON_BALLOT, reason="Vote"
    )
    services.withdraw_endorsement(
        improvement=improvement, organisation=first, person=first.memberships.get().user
    )
    improvement.refresh_from_db()
    assert improvement.status == Status.ON_BALLOT


def test_filing_organisation_cannot_withdraw_its_own_endorsement(db):
    improvement = filed()
    with pytest.raises(DomainError) as error:
        services.withdraw_endorsement(
            improvement=improvement,
            organisation=improvement.organisation,
            person=improvement.author,
        )
    assert error.value.code == "forbidden"


def test_other_organisation_referent_cannot_withdraw_an_endorsement(db):
    improvement = filed()
    (endorser,) = endorse_by_new_organisations(improvement, 1)
    with pytest.raises(DomainError) as error:
        services.withdraw_endorsement(
            improvement=improvement,
            organisation=endorser,
            person=referent_of(OrganisationFactory()),
        )
    assert error.value.code == "forbidden"


def test_support_is_counted_apart_and_toggles(db):
    improvement = filed()
    person = UserFactory()
    assert services.toggle_support(improvement=improvement, person=person) is True
    improvement.refresh_from_db()
    assert (improvement.support_count, improvement.endorsement_count) == (1, 1)
    assert services.toggle_support(improvement=improvement, person=person) is False
    assert Support.objects.count() == 0


def test_staff_status_change_is_public_with_reason_and_notifies_followers(db):
    improvement = filed()
    staff = StaffFactory()
    services.change_status(
        improvement=improvement, actor=staff, status=Status.DECLINED, reason="Hors périmètre"
    )
    change = StatusChange.objects.filter(request=improvement).last()
    assert (change.to_status, change.reason, change.actor) == (
        Status.DECLINED,
        "Hors périmètre",
        staff,
    )
    send_due()
    assert [m.to for m in mail.outbox] == [[improvement.author.email]]
    assert "Hors périmètre" in mail.outbox[0].body


def test_status_change_requires_reason(db):
    with pytest.raises(DomainError) as error:
        services.change_status(
            improvement=filed(), actor=StaffFactory(), status=Status.DECLINED, reason=""
        )
    assert error.value.code == "reason_required"


def test_status_change_refused_to_referent(db):
    improvement = filed()
    with pytest.raises(DomainError) as error:
        services.change_status(
            improvement=improvement,
            actor=improvement.author,
            status=Status.DECLINED,
            reason="x",
        )
    assert error.value.code == "forbidden"


def test_ask_question_moves_to_needs_information_and_emails_author(db):
    improvement = filed()
    services.ask_question(improvement=improvement, actor=StaffFactory(), question="Combien ?")
    improvement.refresh_from_db()
    assert improvement.status == Status.NEEDS_INFO
    assert Comment.objects.get(request=improvement).is_question
    assert Message.objects.filter(to=improvement.author.email).count() == 2


def test_comment_notifies_followers_but_not_author_of_comment(db):
    improvement = filed()
    commenter = UserFactory()
    services.add_comment(improvement=improvement, author=commenter, body="Nous aussi")
    assert list(Message.objects.values_list("to", flat=True)) == [improvement.author.email]
    assert Follow.objects.filter(request=improvement, user=commenter, active=True).exists()


def test_unfollowed_person_gets_no_email_and_is_not_re_added(db):
    improvement = filed()
    author = improvement.author
    services.set_following(improvement=improvement, person=author, active=False)
    services.add_comment(improvement=improvement, author=author, body="Précision")
    services.add_comment(improvement=improvement, author=UserFactory(), body="Question")
    assert not Message.objects.filter(to=author.email).exists()


def test_merge_moves_everything_and_counts_shared_organisation_once(db):
    kept, duplicate = filed(), filed()
    shared = OrganisationFactory()
    referent = referent_of(shared)
    for improvement in (kept, duplicate):
        services.endorse(
            improvement=improvement, organisation=shared, person=referent, use_case="x"
        )
    (only_on_duplicate,) = endorse_by_new_organisations(duplicate, 1)
    supporter = UserFactory()
    for improvement in (kept, duplicate):
        services.toggle_support(improvement=improvement, person=supporter)
    services.add_comment(improvement=duplicate, author=UserFactory(), body="Voir aussi")

    result = services.merge(duplicate=duplicate, into=kept, actor=StaffFactory(), reason="")

    duplicate.refresh_from_db()
    organisations = set(result.endorsements.values_list("organisation", flat=True))
    assert organisations == {
        kept.organisation_id,
        shared.pk,
        only_on_duplicate.pk,
        duplicate.organisation_id,
    }
    assert (result.endorsement_count, result.support_count, result.comment_count) == (4, 1, 1)
    assert (duplicate.status, duplicate.merged_into) == (Status.DUPLICATE, result)
    assert result.status == Status.ELIGIBLE


def test_merge_refused_to_non_staff(db):
    kept, duplicate = filed(), filed()
    with pytest.raises(DomainError) as error:
        services.merge(duplicate=duplicate, into=kept, actor=kept.author)
    assert error.value.code == "forbidden"


def test_merge_into_itself_refused(db):
    improvement = filed()
    with pytest.raises(DomainError) as error:
        services.merge(duplicate=improvement, into=improvement, actor=StaffFactory())
    assert error.value.code == "merge_into_itself"


# Only member organisations count towards the threshold


def _endorse(improvement, organisation):
    services.endorse(
        improvement=improvement,
        organisation=organisation,
        person=referent_of(organisation),
        use_case="Même besoin chez nous.",
    )
    improvement.refresh_from_db()


def test_vendor_endorsement_does_not_count_towards_threshold(db, settings):
    settings.ENDORSEMENTS_REQUIRED = 2
    improvement = filed()
    _endorse(improvement, OrganisationFactory(kind=OrganisationKind.VENDOR))
    assert (improvement.endorsement_count, improvement.status) == (1, Status.SUBMITTED)
    assert improvement.endorsements.count() == 2


def test_former_member_endorsement_does_not_count(db, settings):
    settings.ENDORSEMENTS_REQUIRED = 2
    improvement = filed()
    _endorse(improvement, OrganisationFactory(kind=OrganisationKind.INTEGRATOR, is_active=False))
    assert (improvement.endorsement_count, improvement.status) == (1, Status.SUBMITTED)


def test_member_integrator_endorsement_counts(db, settings):
    settings.ENDORSEMENTS_REQUIRED = 2
    improvement = filed()
    _endorse(improvement, OrganisationFactory(kind=OrganisationKind.INTEGRATOR))
    assert (improvement.endorsement_count, improvement.status) == (2, Status.ELIGIBLE)


def test_request_filed_by_the_vendor_needs_k_members(db, settings):
    settings.ENDORSEMENTS_REQUIRED = 1
    improvement = filed(organisation=OrganisationFactory(kind=OrganisationKind.VENDOR))
    assert (improvement.endorsement_count, improvement.status) == (0, Status.SUBMITTED)
    _endorse(improvement, OrganisationFactory())
    assert (improvement.endorsement_count, improvement.status) == (1, Status.ELIGIBLE)


# Markdown texts: capped, rendered once when saved


def test_comment_over_the_limit_refused(db):
    improvement = filed()
    with pytest.raises(DomainError) as error:
        services.add_comment(improvement=improvement, author=improvement.author, body="a" * 5001)
    assert (error.value.code, error.value.fields) == ("too_long", ["body"])


def test_problem_over_the_limit_refused(db):
    with pytest.raises(DomainError) as error:
        draft(problem="a" * 10_001)
    assert (error.value.code, error.value.fields) == ("too_long", ["problem"])


def test_use_case_over_the_limit_refused(db):
    improvement = filed()
    organisation = OrganisationFactory()
    with pytest.raises(DomainError) as error:
        services.endorse(
            improvement=improvement,
            organisation=organisation,
            person=referent_of(organisation),
            use_case="a" * 5001,
        )
    assert (error.value.code, error.value.fields) == ("too_long", ["use_case"])


def test_markdown_rendered_and_stored_when_saved(db):
    improvement = draft(problem="**urgent** <script>x</script>")
    comment = services.add_comment(
        improvement=services.submit(improvement=improvement, actor=improvement.author),
        author=improvement.author,
        body="[lien](https://example.org)",
    )
    improvement.refresh_from_db()
    assert improvement.problem_html == "<p><strong>urgent</strong> </p>"
    assert 'href="https://example.org"' in comment.body_html
    endorsement = improvement.endorsements.get()
    assert endorsement.use_case_html.startswith("<p>")


def test_edit_renders_the_stored_html_again(db):
    improvement = draft(problem="avant")
    services.update_request(
        improvement=improvement, actor=improvement.author, data={"problem": "*après*"}
    )
    improvement.refresh_from_db()
    assert improvement.problem_html == "<p><em>après</em></p>"


def test_notification_in_recipient_language(db):
    improvement = filed()
    follower = UserFactory(language="en")
    services.set_following(improvement=improvement, person=follower, active=True)
    services.add_comment(improvement=improvement, author=improvement.author, body="Merci l'équipe")
    message = Message.objects.get(to=follower.email)
    assert message.subject == f"{improvement.reference}: new comment"
    assert "Merci l'équipe" in message.body_text
