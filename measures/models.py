"""The measure catalog: the kinds of measure (tiltakstyper) and the parameters each takes.

Regulations' measures and assessments' recommended measures point here; neither app owns it.
The tables keep the names they had when the catalog lived in `regulations`, so moving it
changed no data.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MeasureType(models.Model):
    """Reference data: one kind of measure and the parameters it takes (a JSON schema-lite)."""

    code = models.SlugField(_("kode"), max_length=50, unique=True)
    name = models.CharField(_("navn"), max_length=150)
    description = models.TextField(_("beskrivelse"), blank=True)
    parameter_schema = models.JSONField(
        _("parametre"),
        default=list,
        help_text="[{'key': 'max_guests', 'label': 'Maks gjester', 'kind': 'int|bool|text|choice|multichoice', 'choices': [...]}]",
    )
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(table_name="regulations_historicalmeasuretype")

    class Meta:
        db_table = "regulations_measuretype"
        ordering = ["order", "name"]
        verbose_name = _("tiltakstype")
        verbose_name_plural = _("tiltakstyper")

    def __str__(self) -> str:
        return self.name
