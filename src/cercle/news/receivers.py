"""Events of other apps that draft an announcement for staff to review (never published
automatically). The host-chosen and guide-updated events call `draft_from_event` too."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cercle.news.enums import SourceKind
from cercle.news.services import draft_from_event


def campaign_results(sender, campaign, **kwargs):
    if campaign.is_hosting:
        return  # the host's decision drafts its own announcement (``host_chosen``)
    retained = campaign.items.filter(retained=True).select_related("request").order_by("position")
    with translation.override(settings.LANGUAGE_CODE):
        lines = [f"- {item.request.reference} {item.request.title}" for item in retained]
        draft_from_event(
            SourceKind.RESULTS_PUBLISHED,
            _("Results of the vote “%(title)s”") % {"title": campaign.title},
            "\n".join(
                [_("The requests retained by the vote:"), "", *lines]
                if lines
                else [_("The results of the vote are published.")]
            ),
            link=campaign.get_absolute_url(),
        )


def programme_published(sender, meeting, **kwargs):
    if meeting.remote_only:
        return  # quarterly online sessions announce themselves through their own page
    with translation.override(settings.LANGUAGE_CODE):
        draft_from_event(
            SourceKind.PROGRAMME_PUBLISHED,
            _("The programme of the “%(title)s” is published") % {"title": meeting.title},
            _("The programme is online and registration is open."),
            link=meeting.get_absolute_url(),
        )


def host_chosen(sender, call, meeting, organisation, **kwargs):
    with translation.override(settings.LANGUAGE_CODE):
        draft_from_event(
            SourceKind.HOST_CHOSEN,
            _("%(organisation)s will host edition %(edition)s")
            % {"organisation": organisation.name, "edition": call.edition},
            _("The club chose the next host; the decision and its reasons are online."),
            link=reverse("hosting:decision", kwargs={"pk": call.pk}),
        )


def guide_updated(sender, task, change, **kwargs):
    """One draft a day however many tasks of the guide changed that day."""
    day = timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        draft_from_event(
            SourceKind.GUIDE_UPDATED,
            _("The organisers' guide was updated"),
            _("The guide for hosting a club meeting changed, for example: %(title)s.")
            % {"title": task.title},
            link=f"{reverse('guide:history')}#{day.isoformat()}",
        )


def connect() -> None:
    from cercle.guide.signals import guide_updated as guide_signal
    from cercle.hosting.signals import host_chosen as host_signal
    from cercle.meetings.signals import programme_published as programme_signal
    from cercle.votes.signals import results_published

    results_published.connect(campaign_results, dispatch_uid="news.campaign_results")
    programme_signal.connect(programme_published, dispatch_uid="news.programme_published")
    host_signal.connect(host_chosen, dispatch_uid="news.host_chosen")
    guide_signal.connect(guide_updated, dispatch_uid="news.guide_updated")
