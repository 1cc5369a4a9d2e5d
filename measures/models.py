"""The measure catalog: the kinds of measure (tiltakstyper) and the parameters each takes.

Regulations' measures and assessments' recommended measures point here; neither app owns it.
The tables keep the names they had when the catalog lived in `regulations`, so moving it
changed no data.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MeasureType(models.Model):
    """A row per kind of measure declared in `measures.schema` (its code, name and order), so that
    measures point at it; the parameters and their strictness are declared in code."""

    code = models.SlugField(_("kode"), max_length=50, unique=True)
    name = models.CharField(_("navn"), max_length=150)
    description = models.TextField(_("beskrivelse"), blank=True)
    parameter_schema = models.JSONField(
        _("parametre"),
        default=list,
        blank=True,
        help_text="Only the first catalog's rows: their parameters as the first release described them.",
    )
    order = models.PositiveIntegerField(default=0, verbose_name=_("rekkefølge"))
    legacy = models.BooleanField(
        _("fra første katalog"),
        default=False,
        help_text=_("Finnes i vedtatte tekster, men tilbys ikke for nye tiltak."),
    )

    history = HistoricalRecords(table_name="regulations_historicalmeasuretype")

    class Meta:
        db_table = "regulations_measuretype"
        ordering = ["order", "name"]
        verbose_name = _("tiltakstype")
        verbose_name_plural = _("tiltakstyper")

    def __str__(self) -> str:
        return self.name
