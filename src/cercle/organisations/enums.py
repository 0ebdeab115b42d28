from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("Intercommunality (EPCI)")
    DEPARTEMENT = "departement", _("Département")
    REGION = "region", _("Région")
    SYNDICAT = "syndicat", _("Syndicate")
    OTHER_PUBLIC = "other_public", _("Other public body")
    VENDOR = "vendor", _("Vendor")
    INTEGRATOR = "integrator", _("Integrator")


class Role(models.TextChoices):
    REFERENT = "referent", _("Référent")
    AGENT = "agent", _("Agent")
