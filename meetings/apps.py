from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Møter")

    def ready(self):
        from audit.models import action_labels_register
        from audit.subjects import AuditSubject, subject_register
        from core.dashboard import Panel, panel_register
        from core.documents import document_kind_register

        # Register the Celery tasks in every process (web too), so the outbox can queue them.
        from . import documents, selectors, tasks  # noqa: F401

        document_kind_register(documents.document_kind())
        document_kind_register(documents.presentation_kind())
        subject_register(
            AuditSubject(
                label="meetings.meeting",
                noun=_("Møte"),
                visible=selectors.meetings_for_user,
                url=lambda meeting: reverse("meetings:detail", args=[meeting.pk]),
                related=("municipality",),
                parts=(
                    ("meetings.agendaitem", _("Sak i møtet")),
                    ("meetings.attendance", _("Frammøte")),
                    ("meetings.disqualification", _("Inhabilitet")),
                    ("meetings.amendment", _("Endringsforslag")),
                    ("meetings.vote", _("Stemme")),
                ),
            )
        )
        action_labels_register(
            {
                "meeting_created": _("møte opprettet"),
                "agenda_item_added": _("sak satt på sakslisten"),
                "agenda_item_imported": _("sak hentet inn på sakslisten"),
                "presentation_updated": _("saksframlegg endret"),
                "presentation_frozen": _("saksframlegg låst ved innkallingen"),
                "attendance_set": _("frammøte registrert"),
                "disqualification_declared": _("inhabilitet erklært"),
                "amendment_recorded": _("endringsforslag registrert"),
                "vote_opened": _("avstemning åpnet"),
                "vote_closed": _("avstemning avsluttet"),
                "vote_cast": _("stemme avgitt"),
                "meeting_item_decided": _("sak avgjort"),
                "meeting_item_postponed": _("sak utsatt"),
            }
        )
        panel_register(
            Panel(
                name="meetings",
                template="meetings/_dashboard.html",
                order=15,
                context=selectors.dashboard_panel_context,
            )
        )
