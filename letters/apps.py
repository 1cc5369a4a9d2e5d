from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Brev og saker")

    def ready(self):
        from core.frozen import frozen_kind_register
        from core.previews import preview_kind_register

        # Register the Celery tasks in every process (web too), so the outbox can queue them.
        from . import previews, tasks  # noqa: F401
        from .services.drafting import frozen_kind

        frozen_kind_register(frozen_kind())
        preview_kind_register(previews.preview_kind())
