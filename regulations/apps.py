from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "regulations"
    verbose_name = _("Forskrifter")

    def ready(self):
        from audit.subjects import AuditSubject, subject_register
        from core.archive import archive_kind_register
        from core.dashboard import Panel, panel_register
        from core.frozen import frozen_kind_register
        from core.previews import preview_kind_register

        # Register the Celery tasks in every process (web too), so the outbox can queue them.
        from . import previews, selectors, tasks  # noqa: F401
        from .services.archive import archive_kind, frozen_kind

        archive_kind_register(archive_kind())
        subject_register(
            AuditSubject(
                label="regulations.regulation",
                noun=_("Forskrift"),
                visible=selectors.regulations_for_user,
                part_labels=selectors.story_part_labels,
                parts=(
                    ("regulations.regulationversion", _("Forskriftsversjon")),
                    ("regulations.section", _("Paragraf")),
                    ("regulations.measure", _("Tiltak i forskrift")),
                ),
            )
        )
        panel_register(
            Panel(
                name="regulations",
                template="regulations/_dashboard.html",
                order=20,
                context=selectors.dashboard_panel_context,
            )
        )
        frozen_kind_register(frozen_kind())
        preview_kind_register(previews.preview_kind())
