from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cercle.core.markup import render_markdown
from cercle.core.uploads import named_by_mimetype
from cercle.glossary.models import Term
from cercle.organisations.models import Organisation
from cercle.requests.enums import HEADING_TO_VOTE, Status

# Markdown fields are capped: a long text costs more to render, and is rendered once, on save.
PROBLEM_MAX_LENGTH = 10_000
BENEFIT_MAX_LENGTH = 10_000
USE_CASE_MAX_LENGTH = 5_000
COMMENT_MAX_LENGTH = 5_000
MARKDOWN_LIMITS = {"problem": PROBLEM_MAX_LENGTH, "expected_benefit": BENEFIT_MAX_LENGTH}


def render_stored_markdown(instance, fields: dict[str, str], kwargs: dict) -> None:
    """Store the sanitised HTML of each Markdown field saved now (`fields`: source → HTML).

    Pages show the stored HTML: Markdown is rendered when a text is saved, never on a view.
    """
    update_fields = kwargs.get("update_fields")
    saved = [source for source in fields if update_fields is None or source in update_fields]
    for source in saved:
        setattr(instance, fields[source], str(render_markdown(getattr(instance, source))))
    if update_fields is not None and saved:
        kwargs["update_fields"] = {*update_fields, *(fields[source] for source in saved)}


class ImprovementRequest(models.Model):
    """A demande d'évolution: a problem, its use case, filed by an organisation all year round."""

    reference = models.CharField(_("reference"), max_length=16, unique=True)
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"), blank=True, max_length=PROBLEM_MAX_LENGTH)
    problem_html = models.TextField(blank=True, editable=False)
    affected = models.CharField(_("who is affected"), max_length=255, blank=True)
    frequency = models.CharField(_("how often"), max_length=255, blank=True)
    current_cost = models.CharField(_("what it costs today"), max_length=255, blank=True)
    expected_benefit = models.TextField(
        _("expected benefit"), blank=True, max_length=BENEFIT_MAX_LENGTH
    )
    expected_benefit_html = models.TextField(blank=True, editable=False)
    modules = models.ManyToManyField(Term, verbose_name=_("modules"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("filed on behalf of"),
        on_delete=models.PROTECT,
        related_name="filed_requests",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_requests",
    )
    # Counts kept by the services so lists sort and show them without aggregating.
    endorsement_count = models.PositiveIntegerField(default=0, db_index=True)
    support_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    # Normalised title + texts for the accent-insensitive search on SQLite and similarity.
    search_text = models.TextField(blank=True, editable=False)
    search_title = models.CharField(max_length=255, blank=True, editable=False)
    # The title's keywords (cercle.core.text.keywords), space-separated with a space at each
    # end, and how many: similar requests are scored in SQL on them.
    title_keywords = models.TextField(blank=True, editable=False)
    title_keyword_count = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    eligible_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("improvement request")
        verbose_name_plural = _("improvement requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="unique_request_number")
        ]
        indexes = [
            # Similar requests read every title's keywords: from this index alone, not the
            # table's rows with their long texts.
            models.Index(
                fields=[
                    "title_keywords",
                    "title_keyword_count",
                    "status",
                    "endorsement_count",
                    "reference",
                ],
                name="request_title_keywords",
            )
        ]

    MARKDOWN_FIELDS = {"problem": "problem_html", "expected_benefit": "expected_benefit_html"}

    def __str__(self):
        return f"{self.reference} {self.title}"

    def save(self, *args, **kwargs):
        render_stored_markdown(self, self.MARKDOWN_FIELDS, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("requests:detail", kwargs={"reference": self.reference})

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_heading_to_vote(self) -> bool:
        """Filed and not yet on a ballot: the endorsement threshold still matters."""
        return self.status in HEADING_TO_VOTE


class Endorsement(models.Model):
    """An organisation backs a request with its own use case. One per organisation."""

    request = models.ForeignKey(
        ImprovementRequest, on_delete=models.CASCADE, related_name="endorsements"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="endorsements"
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    use_case = models.TextField(_("your organisation's use case"), max_length=USE_CASE_MAX_LENGTH)
    use_case_html = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "organisation"], name="one_endorsement_per_organisation"
            )
        ]

    MARKDOWN_FIELDS = {"use_case": "use_case_html"}

    def __str__(self):
        return f"{self.organisation} → {self.request.reference}"

    def save(self, *args, **kwargs):
        render_stored_markdown(self, self.MARKDOWN_FIELDS, kwargs)
        super().save(*args, **kwargs)


class Support(models.Model):
    """A person's light +1, counted apart from organisations' endorsements."""

    request = models.ForeignKey(
        ImprovementRequest, on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="one_support_per_person")
        ]

    def __str__(self):
        return f"+1 {self.user_id} → {self.request_id}"


class Comment(models.Model):
    request = models.ForeignKey(
        ImprovementRequest, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    body_html = models.TextField(blank=True, editable=False)
    is_question = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    MARKDOWN_FIELDS = {"body": "body_html"}

    def __str__(self):
        return f"{self.request_id}: {self.body[:40]}"

    def save(self, *args, **kwargs):
        render_stored_markdown(self, self.MARKDOWN_FIELDS, kwargs)
        super().save(*args, **kwargs)


class StatusChange(models.Model):
    """The public history of a request: every status change with its reason."""

    request = models.ForeignKey(
        ImprovementRequest, on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set on the kept request's entry when a duplicate was merged into it.
    merged_from = models.ForeignKey(
        ImprovementRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.request_id}: {self.from_status} → {self.to_status}"


class Follow(models.Model):
    """Who is told about a request's news; unfollowing keeps the row so nobody re-adds them."""

    request = models.ForeignKey(
        ImprovementRequest, on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="one_follow_per_person")
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.request_id}"


def attachment_path(instance, filename):
    return f"requests/{instance.request.year}/{instance.request.reference}/{filename}"


class Attachment(models.Model):
    request = models.ForeignKey(
        ImprovementRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=255)
    mimetype = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name

    @property
    def download_name(self) -> str:
        """The name it is served under: its extension follows its detected type."""
        return named_by_mimetype(self.original_name, self.mimetype)
