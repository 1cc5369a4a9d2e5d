from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """The case records (saksarkiv): cases, the documents filed in them, what they concern."""

    name = "cases"
    verbose_name = _("Saksarkiv")

    def ready(self):
        from django.urls import reverse

        from audit.subjects import AuditSubject, Reference, reference_register, subject_register

        from . import selectors
        from .registry import FiledKind, filed_kind_register

        filed_kind_register(
            FiledKind(
                label="cases.incomingdocument",
                in_case=selectors.incoming_documents_in_case,
                template="cases/_incoming_document.html",
            )
        )
        # A case (sak) groups its documents' events in the trail (the received documents, the
        # links, its numbering); it has no story page of its own, but the timeline's filter
        # offers it and its received documents. Events recorded while cases lived in core
        # carry the label core.case (not offered: «Sak» is offered once, as cases.case).
        subject_register(
            AuditSubject(
                label="cases.case",
                noun=_("Sak"),
                parts=(
                    ("cases.incomingdocument", _("Inngående dokument")),
                    ("cases.caselink", _("Sakskobling")),
                ),
            )
        )
        subject_register(AuditSubject(label="core.case", noun=_("Sak"), listed=False))
        reference_register(
            Reference(
                label="cases.case",
                visible=selectors.cases_for_user,
                url=lambda case: reverse("cases:detail", args=[case.pk]),
            )
        )
