"""Calls for hosting candidacies, candidacies, the decision, the handover and its documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.core.errors import DomainError
from cercle.core.permissions import is_vendor_staff, staff_required
from cercle.hosting import permissions, services
from cercle.hosting.calendars import default_title
from cercle.hosting.enums import CallPhase
from cercle.hosting.forms import (
    CallForm,
    CandidacyForm,
    DecisionForm,
    DocumentForm,
    HandoverForm,
    VoteForm,
    add_domain_error,
)
from cercle.hosting.models import (
    Answer,
    Candidacy,
    CandidacyAttachment,
    Handover,
    HostingCall,
    WorkingDocument,
)
from cercle.meetings.models import Meeting
from cercle.meetings.permissions import can_view_meeting


def _call_or_404(pk) -> HostingCall:
    return get_object_or_404(
        HostingCall.objects.select_related("chosen__organisation", "campaign"), pk=pk
    )


def _deny(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def call_list(request):
    calls = HostingCall.objects.select_related("chosen__organisation").annotate(
        candidacy_count=Count("candidacies")
    )
    return render(
        request,
        "hosting/call_list.html",
        {"calls": calls, "can_manage": permissions.can_manage_calls(request.user)},
    )


@staff_required
def call_new(request):
    form = CallForm(request.POST or None, initial={"edition": services.next_edition()})
    if request.method == "POST" and form.is_valid():
        try:
            call = services.create_call(
                actor=request.user, edition=form.cleaned_data["edition"], **form.details()
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The call for candidacies has been created."))
            return redirect(call)
    return render(request, "hosting/call_form.html", {"form": form})


@staff_required
def call_edit(request, pk):
    call = _call_or_404(pk)
    if call.is_decided:
        return redirect(call)
    initial = {
        "edition": call.edition,
        "title": call.title,
        "description": call.description,
        "opens_at": call.opens_at,
        "closes_at": call.closes_at,
        "questions": "\n".join(call.questions.values_list("text", flat=True)),
        "decided_by_vote": call.decided_by_vote,
    }
    form = CallForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_call(call=call, actor=request.user, **form.details())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The call for candidacies has been changed."))
            return redirect(call)
    return render(request, "hosting/call_form.html", {"form": form, "call": call})


def call_detail(request, pk):
    call = _call_or_404(pk)
    user = request.user
    own_ids = permissions.host_referent_ids(user)
    own = list(call.candidacies.filter(organisation_id__in=own_ids).select_related("organisation"))
    applicable = permissions.candidate_organisations(user).exclude(
        pk__in=[candidacy.organisation_id for candidacy in own]
    )
    staff = is_vendor_staff(user)
    candidacies = []
    if staff:
        candidacies = list(
            call.candidacies.select_related("organisation", "submitted_by").annotate(
                file_count=Count("attachments")
            )
        )
    closed = call.phase() is CallPhase.CLOSED
    published, winner = services.vote_outcome(call) if call.campaign_id else (False, None)
    return render(
        request,
        "hosting/call_detail.html",
        {
            "call": call,
            "questions": list(call.questions.all()),
            "own": own,
            "can_apply": call.is_open and applicable.exists(),
            "staff": staff,
            "candidacies": candidacies,
            "vote_published": published,
            "vote_winner": winner,
            "vote_candidacies": list(services.ballot_candidacies(call)),
            "ballot_readable": permissions.can_read_ballot(user, call),
            "can_open_vote": staff and closed and call.vote_pending and bool(candidacies),
            "can_decide": staff
            and closed
            and bool(candidacies)
            and (not call.decided_by_vote or published),
        },
    )


@staff_required
def open_vote(request, pk):
    """Staff open the club vote on a closed call's candidacies."""
    call = _call_or_404(pk)
    if call.campaign_id is not None:
        return redirect(call.campaign)
    initial = {
        "title": _("Who hosts edition %(edition)s? The club's vote") % {"edition": call.edition},
        "method": "approval",
        "max_choices": 1,
    }
    form = VoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.open_vote(call=call, actor=request.user, data=form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The club vote is set up; it opens by itself at the time you chose."),
            )
            return redirect(campaign)
    return render(
        request,
        "hosting/open_vote.html",
        {"call": call, "form": form, "candidacies": list(services.vote_candidacies(call))},
        status=400 if form.errors else 200,
    )


@login_required
def apply(request, pk):
    call = _call_or_404(pk)
    organisations = permissions.candidate_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    free = organisations.exclude(hosting_candidacies__call=call)
    if not free.exists():
        existing = call.candidacies.filter(organisation__in=organisations).first()
        return redirect(existing)
    form = CandidacyForm(request.POST or None, request.FILES or None, call=call, organisations=free)
    if request.method == "POST" and form.is_valid():
        try:
            candidacy = services.submit_candidacy(
                call=call,
                organisation=form.cleaned_data["organisation"],
                person=request.user,
                answers=form.answers(),
                upload=form.cleaned_data["attachment"],
            )
        except ValidationError as error:
            form.add_error("attachment", error)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The candidacy of %(organisation)s has been submitted.")
                % {"organisation": candidacy.organisation.name},
            )
            return redirect(candidacy)
    return render(request, "hosting/apply.html", {"call": call, "form": form})


def _candidacy_or_404(request, pk, candidacy_pk, *, check=True) -> Candidacy:
    candidacy = get_object_or_404(
        Candidacy.objects.select_related("call__campaign", "organisation"),
        pk=candidacy_pk,
        call_id=pk,
    )
    if check and not permissions.can_see_candidacy(request.user, candidacy):
        raise Http404
    return candidacy


def candidacy_detail(request, pk, candidacy):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    candidacy = _candidacy_or_404(request, pk, candidacy)
    call = candidacy.call
    editable = call.is_open and permissions.can_edit_candidacy(request.user, candidacy)
    answers = list(candidacy.answers.select_related("question"))
    form = None
    if editable:
        initial = {f"q_{answer.question_id}": answer.text for answer in answers}
        form = CandidacyForm(
            request.POST or None, request.FILES or None, call=call, initial=initial
        )
    if request.method == "POST":
        if form is None:
            form = CandidacyForm(request.POST, request.FILES or None, call=call)
            if permissions.can_edit_candidacy(request.user, candidacy):
                form.is_valid()
                add_domain_error(form, _closed_error(call))
            else:
                raise PermissionDenied
        elif form.is_valid():
            try:
                services.update_candidacy(
                    candidacy=candidacy,
                    person=request.user,
                    answers=form.answers(),
                    upload=form.cleaned_data["attachment"],
                )
            except ValidationError as error:
                form.add_error("attachment", error)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The candidacy has been updated."))
                return redirect(candidacy)
    return render(
        request,
        "hosting/candidacy.html",
        {
            "call": call,
            "candidacy": candidacy,
            "answers": answers,
            "attachments": list(candidacy.attachments.all()),
            "editable": editable,
            "form": form,
        },
    )


def _closed_error(call) -> DomainError:
    try:
        services.require_open(call)
    except DomainError as error:
        return error
    return DomainError("forbidden")


def attachment_download(request, pk, candidacy, attachment):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    # The service decides who may read the file (the same rule as the candidacy's page).
    candidacy = _candidacy_or_404(request, pk, candidacy, check=False)
    attachment = get_object_or_404(CandidacyAttachment, pk=attachment, candidacy=candidacy)
    attachment.candidacy = candidacy
    try:
        services.read_attachment(attachment=attachment, person=request.user)
    except DomainError as error:
        raise Http404 from error
    return _file_response(attachment)


@login_required
@require_POST
def attachment_delete(request, pk, candidacy, attachment):
    candidacy = _candidacy_or_404(request, pk, candidacy)
    attachment = get_object_or_404(CandidacyAttachment, pk=attachment, candidacy=candidacy)
    try:
        services.remove_attachment(attachment=attachment, person=request.user)
    except DomainError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("The file has been removed."))
    return redirect(candidacy)


def _file_response(stored):
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.mimetype,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required
def decide(request, pk):
    call = _call_or_404(pk)
    if call.is_decided:
        return redirect("hosting:decision", pk=call.pk)
    published, winner = services.vote_outcome(call) if call.campaign_id else (False, None)
    form = DecisionForm(
        request.POST or None, call=call, initial={"candidacy": winner} if winner else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(
                call=call,
                candidacy=form.cleaned_data["candidacy"],
                reasons=form.cleaned_data["reasons"],
                actor=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The decision has been published."))
            return redirect("hosting:decision", pk=call.pk)
    candidacies = call.candidacies.select_related("organisation").prefetch_related(
        Prefetch("answers", queryset=Answer.objects.select_related("question"))
    )
    return render(
        request,
        "hosting/decide.html",
        {
            "call": call,
            "form": form,
            "candidacies": candidacies,
            "vote_published": published,
            "vote_winner": winner,
        },
    )


def decision(request, pk):
    call = _call_or_404(pk)
    if not call.is_decided:
        raise Http404
    handover = (
        Handover.objects.filter(meeting_id=call.meeting_id)
        .select_related("meeting", "previous_meeting")
        .first()
    )
    if handover is not None and not permissions.can_handle_handover(request.user, handover):
        handover = None
    return render(request, "hosting/decision.html", {"call": call, "handover": handover})


def _handover_or_404(request, slug) -> Handover:
    handover = get_object_or_404(
        Handover.objects.select_related("meeting__host", "previous_meeting__host"),
        meeting__slug=slug,
    )
    if not permissions.can_handle_handover(request.user, handover):
        raise Http404
    return handover


def _initial(handover) -> dict:
    return {
        "title": handover.title or default_title(handover),
        "starts_at": handover.starts_at,
        "ends_at": handover.ends_at,
        "place": handover.place,
        "online_url": handover.online_url,
        "notes": handover.notes,
    }


@login_required
def handover(request, slug):
    handover = _handover_or_404(request, slug)
    form = None
    if handover.held_at is None:
        form = HandoverForm(request.POST or None, initial=_initial(handover))
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This handover has already been held."))
            return redirect(handover)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.schedule_handover(
                    handover=handover,
                    actor=request.user,
                    title=data["title"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    place=data["place"],
                    online_url=data["online_url"],
                    notes=data["notes"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    _("The handover session is scheduled; the invitations are on their way."),
                )
                return redirect(handover)
    return render(request, "hosting/handover.html", {"handover": handover, "form": form})


@login_required
@require_POST
def handover_held(request, slug):
    handover = _handover_or_404(request, slug)
    try:
        services.mark_handover_held(handover=handover, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The handover is recorded as held."))
    return redirect(handover)


def _meeting_or_404(request, slug):
    meeting = get_object_or_404(Meeting.objects.select_related("host"), slug=slug)
    readers = permissions.document_readers(meeting)
    visible = can_view_meeting(request.user, meeting) or bool(
        permissions.host_referent_ids(request.user) & readers
    )
    if not visible:
        raise Http404
    return meeting, readers


def documents(request, slug):
    meeting, readers = _meeting_or_404(request, slug)
    can_add = permissions.can_add_documents(request.user, meeting)
    form = DocumentForm(request.POST or None, request.FILES or None) if can_add else None
    if request.method == "POST":
        if form is None:
            return _deny(request)
        if form.is_valid():
            try:
                services.add_document(
                    meeting=meeting,
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                    visibility=form.cleaned_data["visibility"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The document has been added."))
                return redirect("hosting:documents", slug=meeting.slug)
    own_ids = permissions.host_referent_ids(request.user)
    rows = [
        document
        for document in meeting.working_documents.all()
        if permissions.can_see_document(request.user, document, readers=readers, own_ids=own_ids)
    ]
    return render(
        request,
        "hosting/documents.html",
        {"meeting": meeting, "documents": rows, "form": form, "can_add": can_add},
    )


def document_download(request, slug, pk):
    meeting, readers = _meeting_or_404(request, slug)
    document = get_object_or_404(WorkingDocument, pk=pk, meeting=meeting)
    if not permissions.can_see_document(request.user, document, readers=readers):
        return _deny(request)
    return _file_response(document)


@login_required
@require_POST
def document_delete(request, slug, pk):
    meeting, _readers = _meeting_or_404(request, slug)
    document = get_object_or_404(WorkingDocument, pk=pk, meeting=meeting)
    try:
        services.delete_document(document=document, actor=request.user)
    except DomainError as error:
        raise PermissionDenied from error
    messages.success(request, _("The document has been removed."))
    return redirect("hosting:documents", slug=meeting.slug)
