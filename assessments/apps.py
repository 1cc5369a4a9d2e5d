from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Risikovurderinger")

    def ready(self):
        from audit.subjects import AuditSubject, Reference, reference_register, subject_register
        from cases.registry import LinkKind, link_kind_register
        from core.dashboard import Panel, panel_register
        from core.documents import document_kind_register

        # Register the Celery tasks in every process (web too), so the outbox can queue them.
        from . import documents, selectors, tasks  # noqa: F401
        from .models import ThresholdTable

        document_kind_register(documents.document_kind())
        subject_register(
            AuditSubject(
                label="assessments.assessment",
                noun=_("Risikovurdering"),
                visible=selectors.assessments_for_user,
                parts=(("assessments.recommendedmeasure", _("Anbefalt tiltak")),),
                url=lambda assessment: reverse("assessments:detail", args=[assessment.pk]),
                related=("municipality",),
            )
        )
        # Threshold tables are published reference data: named to everyone.
        reference_register(
            Reference(label="assessments.thresholdtable", visible=lambda user: ThresholdTable.objects.all())
        )
        link_kind_register(
            LinkKind(
                field="assessment",
                label=_("Risikovurdering"),
                visible=selectors.assessments_for_user,
                template="assessments/_case_link.html",
                related=("municipality",),
                order_by=("-date",),
                search=lambda assessments, text: assessments.filter(municipality__name__icontains=text),
            )
        )
        panel_register(Panel(name="assessments", order=10, context=selectors.dashboard_panel_context))
