from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Felles")

    def ready(self):
        # Register the Celery tasks in every process (web too), so the outbox can queue them.
        import sys

        from config.celery import warn_if_in_process

        from . import tasks  # noqa: F401
        from .dashboard import Panel, panel_register
        from .operations import operations_panel_context

        panel_register(
            Panel(name="operations", template="core/_operations_panel.html", order=5, context=operations_panel_context)
        )

        if "runserver" in sys.argv or "gunicorn" in sys.argv[0]:
            warn_if_in_process()
