"""The announcement (kunngjøring) of a decided regulation version in Norsk Lovtidend.

A regulation must be announced (forvaltningsloven § 38 første ledd bokstav c); one that has
not been announced cannot generally be enforced against anyone (§ 39). Norsk Lovtidend has
two departments: avd. I, laws and central regulations, and avd. II, regional and local
regulations ("I Norsk Lovtidend avd. II kunngjøres regionale og lokale forskrifter",
Lovdata, https://lovdata.no/artikkel/regionale_og_lokale_forskrifter/1026). A
municipality's local regulation is therefore announced in avd. II; the national covid-19
regulation and its regional measure levels, issued by the ministry, in avd. I.
"""

import re

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Lovdata's datokode of a regulation: FOR-<date of the decision>-<the number Lovdata gives it>.
LOVDATA_ID_PATTERN = r"FOR-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]+"
LOVDATA_ID_RE = re.compile(rf"^{LOVDATA_ID_PATTERN}$")


class Department(models.TextChoices):
    AVD_I = "avd_i", _("Norsk Lovtidend avd. I (lover og sentrale forskrifter)")
    AVD_II = "avd_ii", _("Norsk Lovtidend avd. II (regionale og lokale forskrifter)")


class Announcement(models.Model):
    """When, where and under which Lovdata number one decided version was announced."""

    version = models.OneToOneField(
        "regulations.RegulationVersion",
        on_delete=models.PROTECT,
        related_name="announcement",
        verbose_name=_("forskriftsversjon"),
    )
    announced_on = models.DateField(_("kunngjort"))
    department = models.CharField(_("kunngjort i"), max_length=10, choices=Department.choices)
    lovdata_id = models.CharField(
        _("Lovdata-ID"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                LOVDATA_ID_RE, _("Lovdata-ID skrives som FOR-ÅÅÅÅ-MM-DD-nummer, for eksempel FOR-2021-03-03-521.")
            )
        ],
    )
    recorded_at = models.DateTimeField(_("registrert"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrert av")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kunngjøring i Norsk Lovtidend")
        verbose_name_plural = _("kunngjøringer i Norsk Lovtidend")
        constraints = [
            models.CheckConstraint(
                condition=Q(lovdata_id__regex=rf"^{LOVDATA_ID_PATTERN}$"), name="announcement_lovdata_id_format"
            ),
        ]

    def __str__(self) -> str:
        return self.lovdata_id
