"""Counties (fylker) and municipalities (kommuner) with the period each number is valid for.

Municipalities merge and split (1 January 2020 and 1 January 2024 changed many numbers), so
each row carries its validity period and a number is unique for all time: it is never reused
for another place. A place that keeps its number into a later edition keeps its row and
gets a later `valid_until`.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class County(models.Model):
    number = models.CharField(_("fylkesnummer"), max_length=2, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    valid_from = models.DateField(_("gyldig fra"))
    valid_until = models.DateField(_("gyldig til og med"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")
        constraints = [
            models.CheckConstraint(condition=Q(number__regex=r"^[0-9]{2}$"), name="county_number_two_digits"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="county_valid_until_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    number = models.CharField(_("kommunenummer"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("fylke"))
    org_number = models.CharField(_("organisasjonsnummer"), max_length=9, blank=True)
    population = models.PositiveIntegerField(_("innbyggertall"), null=True, blank=True)
    valid_from = models.DateField(_("gyldig fra"))
    valid_until = models.DateField(_("gyldig til og med"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        constraints = [
            models.CheckConstraint(condition=Q(number__regex=r"^[0-9]{4}$"), name="municipality_number_four_digits"),
            models.CheckConstraint(
                condition=Q(org_number="") | Q(org_number__regex=r"^[0-9]{9}$"),
                name="municipality_org_number_nine_digits",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="municipality_valid_until_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"
