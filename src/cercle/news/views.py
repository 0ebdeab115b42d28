"""Club news pages: the public list and detail, staff editing and publishing, the
person's weekly-digest choice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.core.errors import DomainError
from cercle.core.permissions import is_vendor_staff, staff_required
from cercle.news import services
from cercle.news.enums import AnnouncementStatus
from cercle.news.forms import AnnouncementForm, DigestForm
from cercle.news.models import Announcement

PAGE_SIZE = 20


def announcement_list(request):
    page = Paginator(services.published(), PAGE_SIZE).get_page(request.GET.get("page"))
    is_staff = is_vendor_staff(request.user)
    drafts = (
        Announcement.objects.filter(status=AnnouncementStatus.DRAFT).order_by("-created_at")
        if is_staff
        else []
    )
    return render(
        request,
        "news/list.html",
        {"page": page, "drafts": drafts, "is_staff": is_staff},
    )


def detail(request, pk):
    announcement = get_object_or_404(Announcement, pk=pk)
    is_staff = is_vendor_staff(request.user)
    if not announcement.is_published and not is_staff:
        raise Http404
    return render(request, "news/detail.html", {"announcement": announcement, "is_staff": is_staff})


@staff_required
def announcement_form(request, pk=None):
    announcement = get_object_or_404(Announcement, pk=pk) if pk else Announcement()
    form = AnnouncementForm(request.POST or None, instance=announcement)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_announcement(
                announcement=form.save(commit=False), actor=request.user
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The announcement is saved."))
            return redirect(saved)
    return render(
        request, "news/form.html", {"form": form, "announcement": announcement if pk else None}
    )


@require_POST
@staff_required
def publish(request, pk):
    announcement = get_object_or_404(Announcement, pk=pk)
    try:
        services.publish(announcement=announcement, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The announcement is published."))
    return redirect(announcement)


@require_POST
@staff_required
def unpublish(request, pk):
    announcement = get_object_or_404(Announcement, pk=pk)
    services.unpublish(announcement=announcement, actor=request.user)
    messages.success(request, _("The announcement is back to draft."))
    return redirect(announcement)


@login_required
def preferences(request):
    preference = services.preference_for(request.user)
    form = DigestForm(request.POST if request.method == "POST" else None, instance=preference)
    if request.method == "POST" and form.is_valid():
        services.set_digest(user=request.user, weekly_digest=form.cleaned_data["weekly_digest"])
        messages.success(request, _("Your news preferences are saved."))
        return redirect("news:preferences")
    return render(request, "news/preferences.html", {"form": form})
