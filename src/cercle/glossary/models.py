from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

TERMS_CACHE_KEY = "glossary:terms:v1"


class Term(models.Model):
    """A product module's name and the functional word newcomers know it by (Combo = portail)."""

    name = models.CharField(_("module name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    synonym = models.CharField(_("functional synonym"), max_length=120)
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.synonym})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(TERMS_CACHE_KEY)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(TERMS_CACHE_KEY)
        return result
