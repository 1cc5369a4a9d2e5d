"""Context for the print templates of the protocol and the case presentation; only
core/pdf.py renders."""

from django.utils import translation
from django.utils.translation import gettext as _

from core.diffs import side_by_side
from core.formats import format_date_nb, format_datetime_nb
from core.pdf import render_pdf

from .models import Meeting, MeetingStatus
from .selectors import meeting_items


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def meeting_heading(meeting: Meeting) -> dict:
    return {
        "municipality_name": meeting.municipality.name,
        "body": meeting.get_body_display(),
        "when": format_datetime_nb(meeting.starts_at),
        "place": meeting.place_display,
    }


def item_story(item) -> dict:
    """What the protocol says of one item: the decision, the votes and the amendments."""
    return {
        "item": item,
        "amendments": [{"amendment": a, "diff": side_by_side(a.original_body, a.body)} for a in item.amendments.all()],
        "disqualified": [(_name(d.member), d.reason) for d in item.disqualifications.all()],
        "ballots": [(_name(v.voter), v.get_choice_display()) for v in item.votes.all()],
    }


def protocol_context(meeting: Meeting) -> dict:
    attendance = list(meeting.attendance.select_related("member"))
    return meeting_heading(meeting) | {
        "meeting": meeting,
        "is_draft": meeting.status != MeetingStatus.APPROVED,
        "present": [_name(a.member) for a in attendance if a.present],
        "absent": [_name(a.member) for a in attendance if not a.present],
        "items": [item_story(item) for item in meeting_items(meeting=meeting)],
        "approved": format_date_nb(meeting.approved_at) if meeting.approved_at else "",
        "approved_by": _name(meeting.approved_by) if meeting.approved_by else "",
    }


def render_protocol_pdf(meeting: Meeting) -> bytes:
    """The møteprotokoll as PDF/A: the archival document once approved, marked UTKAST before."""
    with translation.override("nb"):
        context = protocol_context(meeting)
        title = _("Møteprotokoll %(body)s %(day)s") % {
            "body": meeting.get_body_display().lower(),
            "day": format_date_nb(meeting.starts_at),
        }
        context |= {
            "title": title,
            "draft_mark": context["is_draft"],
            "footer_text": f"{meeting.municipality.name} · {title}",
        }
        return render_pdf(template_name="pdf/meeting_protocol.html", context=context, title=title, lang="nb")


def presentation_context(item) -> dict:
    version = item.version
    assessment = getattr(version.regulation, "basis_assessment", None) if version else None
    readings = []
    if assessment is not None:
        readings = [r for r in assessment.readings.all() if not r.is_missing]
    return meeting_heading(item.meeting) | {
        "item": item,
        "version": version,
        "sections": list(version.sections.order_by("number")) if version else [],
        "assessment": assessment,
        "readings": readings,
    }


def render_presentation_pdf(item) -> bytes:
    """The saksframlegg as PDF/A, marked UTKAST until the notice is sent."""
    with translation.override("nb"):
        context = presentation_context(item)
        title = _("Saksframlegg %(label)s %(title)s") % {"label": item.label, "title": item.title}
        context |= {
            "title": title,
            "draft_mark": item.meeting.status == MeetingStatus.PLANNED,
            "footer_text": f"{item.meeting.municipality.name} · {item.label}",
        }
        return render_pdf(template_name="pdf/meeting_presentation.html", context=context, title=title, lang="nb")
