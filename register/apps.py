from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    """The register of Norwegian counties and municipalities (kommuneregisteret): reference data
    that organizations and the rules in force point at by municipality number."""

    name = "register"
    verbose_name = _("Kommuneregister")

    def ready(self):
        from audit.subjects import Reference, reference_register

        from .models import County

        # Counties and municipalities are public reference data: named to everyone.
        reference_register(Reference(label="register.county", visible=lambda user: County.objects.all()))
