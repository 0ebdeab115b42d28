from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.core.errors import DomainError
from cercle.meetings.forms import time_range
from cercle.meetings.models import Session
from cercle.onsite import services
from cercle.onsite.forms import DocumentForm
from cercle.onsite.models import Document
from cercle.onsite.permissions import can_see_document
from cercle.onsite.views.common import meeting_for


@login_required
def documents(request, slug, pk):
    meeting = meeting_for(request, slug, manage=True)
    session = get_object_or_404(Session, pk=pk, meeting=meeting)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_document(
                session=session,
                actor=request.user,
                title=data["title"],
                upload=data["file"],
                url=data["url"],
                visibility=data["visibility"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        except DomainError as error:
            form.add_error(error.fields[0] if error.fields else None, error.message)
        else:
            messages.success(request, _("The document has been added."))
            return redirect("onsite:documents", slug=slug, pk=pk)
    session.time_range = time_range(session)
    return render(
        request,
        "onsite/documents.html",
        {
            "meeting": meeting,
            "session": session,
            "form": form,
            "documents": list(session.documents.all()),
        },
    )


@login_required
@require_POST
def document_delete(request, slug, pk):
    meeting = meeting_for(request, slug, manage=True)
    document = get_object_or_404(
        Document.objects.select_related("session__meeting"), pk=pk, session__meeting=meeting
    )
    services.delete_document(document=document, actor=request.user)
    messages.success(request, _("The document “%(title)s” has been removed.") % {"title": document})
    return redirect("onsite:documents", slug=slug, pk=document.session_id)


def document_download(request, slug, pk):
    meeting = meeting_for(request, slug)
    document = get_object_or_404(
        Document.objects.select_related("session__meeting"), pk=pk, session__meeting=meeting
    )
    if not can_see_document(request.user, document):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    if document.is_link:
        return redirect(document.url)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.mimetype,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
