from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Brev og saker")

    def ready(self):
        # Register the Celery tasks in every process (web too), so the outbox can queue them.
        from . import tasks  # noqa: F401
