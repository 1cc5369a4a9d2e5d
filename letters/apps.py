from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Brev og saker")

    def ready(self):
        from audit.subjects import AuditSubject, subject_register
        from core.documents import document_kind_register

        # Register the Celery tasks in every process (web too), so the outbox can queue them.
        from . import documents, selectors, tasks  # noqa: F401

        document_kind_register(documents.document_kind())
        subject_register(AuditSubject(label="letters.letter", noun=_("Brev"), visible=selectors.letters_for_user))
        # A case (sak) groups its documents' events in the trail; it has no story page of its own.
        subject_register(AuditSubject(label="core.case", noun=_("Sak")))
