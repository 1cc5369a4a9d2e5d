from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Risikovurderinger")

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
                label="assessments.assessment",
                noun=_("Risikovurdering"),
                visible=selectors.assessments_for_user,
                parts=(("assessments.recommendedmeasure", _("Anbefalt tiltak")),),
            )
        )
        panel_register(
            Panel(
                name="assessments",
                template="assessments/_dashboard.html",
                order=10,
                context=selectors.dashboard_panel_context,
            )
        )
        frozen_kind_register(frozen_kind())
        preview_kind_register(previews.preview_kind())
