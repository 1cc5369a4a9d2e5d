from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    """The measure catalog (tiltakstyper) that regulations and assessments both draw on."""

    name = "measures"
    verbose_name = _("Tiltak")

    def ready(self):
        from audit.subjects import Reference, reference_register

        from .models import MeasureType

        # The measure catalog is reference data: named to everyone.
        reference_register(Reference(label="measures.measuretype", visible=lambda user: MeasureType.objects.all()))
