from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Erasure(models.Model):
    """A person's account was anonymised at their request; one row per person, kept as proof."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("former member"),
        on_delete=models.PROTECT,
        related_name="erasure",
    )
    erased_at = models.DateTimeField(_("erased at"), auto_now_add=True)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-erased_at"]

    def __str__(self):
        return f"{self.person_id} {self.erased_at:%Y-%m-%d}"
