from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cercle.core.forms import JinjaFormRenderer
from cercle.meetings import consent
from cercle.meetings.enums import Attendance, Audience, Experience
from cercle.meetings.formatting import day_label, time_range
from cercle.meetings.models import PARIS, Meeting, MeetingDay, Session, Track
from cercle.meetings.selectors import Availability

YES_NO = [("yes", _("Yes, I agree")), ("no", _("No, I do not agree"))]
MAX_DAYS = 7


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.ModelForm):
    first_day = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    last_day = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    online_url = forms.URLField(label=_("Online room"), required=False, assume_scheme="https")
    tracks = forms.CharField(
        label=_("Tracks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, for example “Newcomers” and “Experts”."),
    )

    class Meta:
        model = Meeting
        fields = [
            "edition",
            "title",
            "slug",
            "host",
            "status",
            "description",
            "venue",
            "address",
            "online_url",
            "registration_opens_at",
            "registration_closes_at",
            "onsite_capacity",
            "onsite_quota_per_organisation",
            "reminder_days",
        ]
        widgets = {
            "registration_opens_at": DateTimeLocalInput(),
            "registration_closes_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "address": forms.Textarea(attrs={"rows": 2}),
        }

    # Paths under /rencontres/ that a meeting's slug would shadow.
    RESERVED_SLUGS = frozenset({"archives", "nouvelle", "agenda"})

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in self.RESERVED_SLUGS:
            raise forms.ValidationError(
                _("“%(slug)s” is already used by the site: choose another address."),
                code="reserved_slug",
                params={"slug": slug},
            )
        return slug

    def __init__(self, *args, can_change_host: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_change_host:
            del self.fields["host"]
        if self.instance.remote_only:
            # An online-only meeting (a quarterly session) has no venue, no on-site places,
            # and an edition number outside the club meetings' range: nothing to type.
            for name in ("edition", "venue", "address", "onsite_capacity"):
                del self.fields[name]
            del self.fields["onsite_quota_per_organisation"]
        if self.instance.pk:
            dates = list(self.instance.days.values_list("date", flat=True))
            if dates:
                self.initial.setdefault("first_day", dates[0])
                self.initial.setdefault("last_day", dates[-1])
            self.initial.setdefault(
                "tracks", "\n".join(self.instance.tracks.values_list("name", flat=True))
            )

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last:
            if last < first:
                self.add_error("last_day", _("The last day cannot be before the first day."))
            elif (last - first).days >= MAX_DAYS:
                self.add_error("last_day", _("A meeting lasts at most a week."))
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        return data

    def days(self):
        first, last = self.cleaned_data["first_day"], self.cleaned_data["last_day"]
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def track_names(self):
        names = [line.strip() for line in self.cleaned_data["tracks"].splitlines()]
        return list(dict.fromkeys(name for name in names if name))


class SessionForm(forms.ModelForm):
    day = forms.ModelChoiceField(label=_("Day"), queryset=MeetingDay.objects.none())
    start = forms.TimeField(label=_("Start"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("End"), widget=forms.TimeInput(attrs={"type": "time"}))
    speakers = forms.CharField(
        label=_("Speakers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name, then a comma and the organisation."),
    )

    class Meta:
        model = Session
        fields = [
            "title",
            "kind",
            "room",
            "track",
            "audience",
            "objectives",
            "prerequisites",
            "capacity",
            "open_to_remote",
            "remote_capacity",
        ]
        widgets = {
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "prerequisites": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ["day", "start", "end", "title", "kind", "room", "track", "audience"]

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["day"].queryset = meeting.days.all()
        self.fields["day"].label_from_instance = day_label
        self.fields["track"].queryset = Track.objects.filter(meeting=meeting)
        self.fields["track"].empty_label = _("Everyone")
        if self.instance.pk:
            self.initial.update(
                day=self.instance.day_id,
                start=timezone.localtime(self.instance.starts_at, PARIS).time(),
                end=timezone.localtime(self.instance.ends_at, PARIS).time(),
                speakers="\n".join(
                    ", ".join(filter(None, [s.name, s.organisation_name]))
                    for s in self.instance.speakers.all()
                ),
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The session must end after it starts."))
        if data.get("open_to_remote") and data.get("capacity") is None:
            self.add_error(
                "open_to_remote",
                _("Only a session that needs sign-up (with on-site seats) takes remote seats."),
            )
        if data.get("remote_capacity") is not None and not data.get("open_to_remote"):
            self.add_error(
                "remote_capacity",
                _("Tick “open to remote participants” to offer remote seats, or leave empty."),
            )
        return data

    def save(self, commit=False):
        session = super().save(commit=False)
        day = self.cleaned_data["day"]
        session.meeting = self.meeting
        session.day = day
        session.starts_at = datetime.combine(day.date, self.cleaned_data["start"], tzinfo=PARIS)
        session.ends_at = datetime.combine(day.date, self.cleaned_data["end"], tzinfo=PARIS)
        return session

    def speaker_list(self) -> list[tuple[str, str]]:
        speakers = []
        for line in self.cleaned_data["speakers"].splitlines():
            name, _sep, organisation = line.partition(",")
            if name.strip():
                speakers.append((name.strip()[:150], organisation.strip()[:200]))
        return speakers


class ProgrammeFilterForm(forms.Form):
    track = forms.ChoiceField(label=_("Track"), required=False)
    audience = forms.ChoiceField(
        label=_("Audience profile"),
        required=False,
        choices=[("", _("All profiles")), *Audience.choices],
    )

    def __init__(self, *args, tracks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].choices = [("", _("All tracks"))] + [
            (str(track.pk), track.name) for track in tracks
        ]


class ConsentForm(forms.Form):
    image_consent = forms.ChoiceField(
        label=_("Image rights"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer the image-rights question: yes or no.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image_consent"].help_text = consent.current_text()

    def answer(self) -> bool:
        return self.cleaned_data["image_consent"] == "yes"


class RegistrationForm(ConsentForm):
    """One attendance choice per day, the workshops, the badge, needs and image rights."""

    # A radio group per day and a checkbox per workshop: rendered with Jinja2, same markup.
    default_renderer = JinjaFormRenderer()

    organisation = forms.ChoiceField(label=_("On behalf of"))
    badge_name = forms.CharField(label=_("Name on the badge"), max_length=150)
    badge_organisation = forms.CharField(label=_("Organisation on the badge"), max_length=200)
    experience = forms.ChoiceField(
        label=_("Have you already attended a club meeting?"),
        choices=[
            (Experience.NEWCOMER, _("No, this is my first one (newcomer)")),
            (Experience.REGULAR, _("Yes (regular)")),
        ],
        widget=forms.RadioSelect,
    )
    workshops = forms.MultipleChoiceField(
        label=_("Workshops"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Workshops have a limited number of seats. When one is full you join its "
            "waiting list and get an email if a seat frees up."
        ),
    )
    dietary_needs = forms.CharField(
        label=_("Dietary needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the organisers see this."),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the organisers see this."),
    )

    def __init__(self, *args, days, workshops, memberships, remote_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.day_fields = []
        modes = [c for c in Attendance.choices if not remote_only or c[0] != Attendance.ON_SITE]
        labels = {day.pk: day_label(day) for day in days}
        for day in days:
            name = f"day_{day.pk}"
            self.fields[name] = forms.ChoiceField(
                label=labels[day.pk],
                choices=modes,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose how you will attend on %(day)s.")
                    % {"day": labels[day.pk]}
                },
            )
            self.day_fields.append(name)
        self.sessions = {str(session.pk): session for session in workshops}
        grouped = {}
        for session in workshops:
            label = labels.get(session.day_id) or day_label(session.day)
            grouped.setdefault(label, []).append((str(session.pk), _lazy_workshop_label(session)))
        self.fields["workshops"].choices = list(grouped.items())
        self.fields["organisation"].choices = [
            (str(m.organisation_id), m.organisation.name) for m in memberships
        ]
        self.order_fields(
            [*self.day_fields, "workshops", "organisation", "badge_name", "badge_organisation"]
        )

    def day_choices(self) -> dict[int, str]:
        return {int(name[4:]): self.cleaned_data[name] for name in self.day_fields}

    def chosen_workshops(self) -> list[Session]:
        return [self.sessions[pk] for pk in self.cleaned_data["workshops"]]


def _seats_left(left: int) -> str:
    if left:
        return ngettext("%(n)d seat left", "%(n)d seats left", left) % {"n": left}
    return str(_("full: waiting list"))


def _workshop_label(session: Session) -> str:
    return workshop_label(session, session.availability)


# Read when the form is shown, not when it is built: a submitted form that is not shown again
# never counts the seats (`programme_sessions(..., seats=False)`, then `count_seats`).
_lazy_workshop_label = lazy(_workshop_label, str)


def workshop_label(session: Session, seats: Availability) -> str:
    """The workshop's checkbox: when, what, and the seats left in each mode."""
    track = f" ({session.track.name})" if session.track else ""
    parts = [_("on site: %(seats)s") % {"seats": _seats_left(seats.onsite_left)}]
    if not seats.remote_open:
        parts.append(str(_("on site only")))
    elif seats.remote_left is None:
        parts.append(str(_("remote: no seat limit")))
    else:
        parts.append(_("remote: %(seats)s") % {"seats": _seats_left(seats.remote_left)})
    return f"{time_range(session)} · {session.title}{track} — {'; '.join(parts)}"
