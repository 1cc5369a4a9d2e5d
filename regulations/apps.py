from django.apps import AppConfig
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "regulations"
    verbose_name = _("Forskrifter")

    def ready(self):
        from audit.subjects import AuditSubject, Reference, reference_register, subject_register
        from cases.registry import LinkKind, link_kind_register
        from core.dashboard import Panel, panel_register
        from core.documents import document_kind_register

        # Register the Celery tasks in every process (web too), so the outbox can queue them.
        from . import documents, selectors, tasks  # noqa: F401

        document_kind_register(documents.document_kind())
        subject_register(
            AuditSubject(
                label="regulations.regulation",
                noun=_("Forskrift"),
                visible=selectors.regulations_for_user,
                part_labels=selectors.story_part_labels,
                url=lambda regulation: reverse("regulations:detail", args=[regulation.pk]),
                parts=(
                    ("regulations.regulationversion", _("Forskriftsversjon")),
                    ("regulations.section", _("Paragraf")),
                    ("regulations.measure", _("Tiltak i forskrift")),
                    ("regulations.riskpictureresponse", _("Svar på endret risikobilde")),
                ),
            )
        )
        reference_register(
            Reference(
                label="regulations.regulationversion",
                visible=selectors.versions_for_user,
                url=lambda version: reverse("regulations:version_detail", args=[version.pk]),
                related=("regulation",),
            )
        )
        link_kind_register(
            LinkKind(
                field="regulation",
                label=_("Forskrift"),
                visible=selectors.regulations_for_user,
                template="regulations/_case_link.html",
                choice_label=lambda regulation: f"{regulation.title} ({regulation.municipality.name})",
                related=("municipality",),
                order_by=("title",),
                search=lambda regulations, text: regulations.filter(
                    Q(title__icontains=text) | Q(short_title__icontains=text) | Q(municipality__name__icontains=text)
                ),
            )
        )
        panel_register(Panel(name="regulations", order=20, context=selectors.dashboard_panel_context))
