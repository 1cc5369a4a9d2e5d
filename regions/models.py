"""Commuting regions (bo- og arbeidsmarkedsregioner): named groups of municipalities whose
people live in one and work in another, kept by the directorate to compare their rules.

Members are municipality numbers, as the rules resolver and the register's history know
places (a number belongs to one place for all time); the service checks each against the
register. Stored in the order the directorate gave them: that is the matrix's column order.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Organization, OrganizationKind, Role
from core.selectors import organizations_for_user

EDITOR_ROLES = (Role.CASE_OFFICER, Role.APPROVER)


class CommutingRegion(models.Model):
    name = models.CharField(_("navn"), max_length=200, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    municipality_numbers = models.JSONField(_("kommuner (kommunenumre)"), default=list)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("forvaltes av")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("bo- og arbeidsmarkedsregion")
        verbose_name_plural = _("bo- og arbeidsmarkedsregioner")

    def __str__(self) -> str:
        return self.name


class RegionLetter(models.Model):
    """A draft letter started from the region's comparison at one instant («Lag brevutkast»),
    so that a second click soon after finds the same draft instead of making another."""

    region = models.ForeignKey(
        CommutingRegion, on_delete=models.PROTECT, related_name="letters", verbose_name=_("region")
    )
    at = models.DateTimeField(_("sammenlignet tidspunkt"))
    letter = models.OneToOneField("letters.Letter", on_delete=models.PROTECT, related_name="+", verbose_name=_("brev"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opprettet av")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("opprettet"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("brevutkast fra regionsammenligning")
        verbose_name_plural = _("brevutkast fra regionsammenligninger")
        indexes = [models.Index(fields=["region", "at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.region} {self.at:%Y-%m-%d %H:%M}"


def region_editor_organizations(user):
    """The directorates where `user` may create and edit regions (case officer or approver)."""
    return organizations_for_user(user, *EDITOR_ROLES).filter(kind=OrganizationKind.DIRECTORATE)


def may_edit_regions(user) -> bool:
    return region_editor_organizations(user).exists()


def letter_organizations(user):
    """The directorates where `user` may start a letter from a comparison (case officer)."""
    return organizations_for_user(user, Role.CASE_OFFICER).filter(kind=OrganizationKind.DIRECTORATE)


def may_draft_region_letter(user) -> bool:
    return letter_organizations(user).exists()
