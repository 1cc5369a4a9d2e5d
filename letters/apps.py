from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Brev og saker")

    def ready(self):
        from audit.subjects import AuditSubject, subject_register
        from cases.registry import FiledKind, filed_kind_register
        from core.dashboard import Panel, panel_register
        from core.documents import document_kind_register
        from core.recovery import stuck_jobs_register

        # Register the Celery tasks in every process (web too), so the outbox can queue them.
        from . import documents, selectors, services, tasks  # noqa: F401

        document_kind_register(documents.document_kind())
        stuck_jobs_register("letter copies", services.deliveries_requeue_stuck)
        subject_register(
            AuditSubject(
                label="letters.letter",
                noun=_("Brev"),
                visible=selectors.letters_for_user,
                url=lambda letter: reverse("letters:detail", args=[letter.pk]),
                related=("case",),
            )
        )
        # The outgoing letters are documents 1, 2, 3 … of their case, with the received ones.
        filed_kind_register(
            FiledKind(label="letters.letter", in_case=selectors.letters_in_case, template="letters/_case_document.html")
        )
        panel_register(Panel(name="letters", order=30, context=selectors.dashboard_panel_context))
