from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    """The register of Norwegian counties and municipalities (kommuneregisteret): reference data
    that organizations and the rules in force point at by municipality number."""

    name = "register"
    verbose_name = _("Kommuneregister")
