from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    """The measure catalog (tiltakstyper) that regulations and assessments both draw on."""

    name = "measures"
    verbose_name = _("Tiltak")
