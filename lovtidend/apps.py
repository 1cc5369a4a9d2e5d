from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LovtidendConfig(AppConfig):
    name = "lovtidend"
    verbose_name = _("Kunngjøring i Norsk Lovtidend")

    def ready(self):
        from core.dashboard import Panel, panel_register

        from . import selectors

        panel_register(Panel(name="lovtidend", order=25, context=selectors.dashboard_panel_context))
