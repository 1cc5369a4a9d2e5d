"""The meeting pages: list, plan, the meeting with its agenda, an item, the protocol (and
its public page once approved). Thin: validate, call one service or selector, render."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, access
from core.models import Role
from core.selectors import organization_ids_for_user, organizations_for_user
from core.views_helpers import document_pdf_response, form_saved
from core.workflow import decisions_for

from . import pdf, selectors, services
from .forms import (
    AmendmentForm,
    DecisionForm,
    DisqualificationForm,
    MeetingForm,
    OrientationItemForm,
    PresentationForm,
    VersionItemForm,
    VoteForm,
)
from .models import ItemKind, MeetingStatus, Voting, may_run_meeting

SECRETARY_ONLY = {"anonymous": LOGIN, "own": {Role.COMMITTEE_SECRETARY: OK, "*": FORBIDDEN}, "other": NOT_FOUND}
PRESENTATION_WRITERS = {
    "anonymous": LOGIN,
    "own": {Role.COMMITTEE_SECRETARY: OK, Role.CASE_OFFICER: OK, Role.MEDICAL_OFFICER: OK, "*": FORBIDDEN},
    "other": NOT_FOUND,
}


def meeting_or_404(user, pk: int):
    return get_object_or_404(selectors.meetings_for_user(user), pk=pk)


def item_or_404(user, pk: int):
    return get_object_or_404(selectors.items_for_user(user), pk=pk)


def _public_meeting_or_404(pk: int):
    """A meeting whose protocol is approved (readable without signing in), or 404."""
    meeting = selectors.meeting_public_get(pk=pk)
    if meeting is None:
        raise Http404
    return meeting


@access(anonymous=LOGIN, own=OK)
@login_required
@require_GET
def meeting_list(request):
    meetings = selectors.meetings_for_user(request.user).order_by("-starts_at")[:200]
    may_plan = bool(organization_ids_for_user(request.user, Role.COMMITTEE_SECRETARY))
    return render(request, "meetings/list.html", {"meetings": meetings, "may_plan": may_plan})


@access(anonymous=LOGIN, own={Role.COMMITTEE_SECRETARY: OK, "*": FORBIDDEN})
@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    municipalities = organizations_for_user(request.user, Role.COMMITTEE_SECRETARY).filter(kind="municipality")
    if not municipalities.exists():
        raise PermissionDenied(_("Bare møtesekretæren kan planlegge møter."))
    form = MeetingForm(request.POST or None, municipalities=municipalities)
    saved = form_saved(
        request,
        form,
        lambda data: services.meeting_create(by=request.user, **data),
        success=_("Møtet er opprettet. Sett sakene på sakslisten."),
        already=_("Skjemaet var allerede sendt inn: møtet ble opprettet da."),
        then=lambda meeting: reverse("meetings:detail", args=[meeting.pk]),
    )
    return saved or render(request, "meetings/create.html", {"form": form})


@access(anonymous=LOGIN, own=OK, other=NOT_FOUND, obj="meeting")
@login_required
@require_GET
def meeting_detail(request, pk):
    meeting = meeting_or_404(request.user, pk)
    secretary = may_run_meeting(request.user, meeting.municipality_id)
    planned = meeting.status == MeetingStatus.PLANNED
    context = {
        "meeting": meeting,
        "items": selectors.meeting_items(meeting=meeting),
        "attendance": list(meeting.attendance.select_related("member")),
        "secretary": secretary,
        "planned": planned,
        "decisions": decisions_for(meeting),
    }
    if secretary and planned:
        context["version_form"] = VersionItemForm(versions=selectors.versions_for_agenda(meeting=meeting))
        context["orientation_form"] = OrientationItemForm()
    return render(request, "meetings/detail.html", context)


@access(anonymous=LOGIN, own=OK, other=NOT_FOUND, obj="meeting_item")
@login_required
@require_GET
def item_detail(request, pk):
    item = item_or_404(request.user, pk)
    meeting = item.meeting
    secretary = may_run_meeting(request.user, meeting.municipality_id)
    open_for_meeting = meeting.status == MeetingStatus.NOTICED and not item.is_decided
    ballot = item.votes.filter(voter=request.user).first()
    context = (
        pdf.presentation_context(item)
        | pdf.item_story(item)
        | {
            "meeting": meeting,
            "secretary": secretary,
            "may_edit_presentation": meeting.status == MeetingStatus.PLANNED
            and services.may_edit_presentation(request.user, item),
            "open_for_meeting": open_for_meeting,
            "ballot": ballot,
            "eligible": request.user.pk in services.eligible_voter_ids(item),
            "history": item.history.select_related("history_user").order_by("-history_date")[:50],
            "vote_form": VoteForm() if item.voting == Voting.OPEN and not ballot else None,
        }
    )
    if secretary and open_for_meeting:
        members = [a.member for a in meeting.attendance.select_related("member")]
        context |= {
            "decision_form": DecisionForm(
                outcomes=services.OUTCOMES[item.kind],
                counted=item.voting == Voting.CLOSED,
                orientation=item.kind == ItemKind.ORIENTATION,
            ),
            "amendment_form": AmendmentForm() if item.kind == "regulation" else None,
            "disqualification_form": DisqualificationForm(members=members),
        }
    return render(request, "meetings/item.html", context)


@access(obj="meeting_item", **PRESENTATION_WRITERS)
@login_required
@require_http_methods(["GET", "POST"])
def presentation_edit(request, pk):
    item = item_or_404(request.user, pk)
    if not services.may_edit_presentation(request.user, item):
        raise PermissionDenied(_("Bare saksbehandleren kan skrive saksframlegget."))
    form = PresentationForm(request.POST or None, initial={"proposal": item.proposal, "legal_basis": item.legal_basis})
    back = reverse("meetings:item", args=[item.pk])
    saved = form_saved(
        request,
        form,
        lambda data: services.presentation_update(item=item, by=request.user, **data),
        success=_("Saksframlegget er lagret."),
        then=back,
    )
    return saved or render(request, "meetings/presentation_form.html", {"item": item, "form": form, "back": back})


@access(anonymous=LOGIN, own=OK, other=NOT_FOUND, obj="meeting_item")
@login_required
@require_GET
def presentation_pdf(request, pk):
    """The archived PDF/A once the notice is sent; before, the draft rendered on demand."""
    item = item_or_404(request.user, pk)
    if item.version is None:
        raise Http404
    return document_pdf_response(
        request,
        item,
        decided=bool(item.content_hash),
        filename=f"saksframlegg-{item.series}-{item.number}-{item.year}.pdf",
        back_label=_("Tilbake til saken"),
        back_url=reverse("meetings:item", args=[item.pk]),
    )


@access(anonymous=LOGIN, own=OK, other=NOT_FOUND, obj="meeting")
@login_required
@require_GET
def protocol(request, pk):
    meeting = meeting_or_404(request.user, pk)
    context = pdf.protocol_context(meeting) | {"secretary": may_run_meeting(request.user, meeting.municipality_id)}
    return render(request, "meetings/protocol.html", context)


def _protocol_pdf(request, meeting, *, public: bool):
    """The archived PDF/A once approved; before, the draft rendered on demand (marked UTKAST)."""
    return document_pdf_response(
        request,
        meeting,
        decided=meeting.status == MeetingStatus.APPROVED,
        filename=f"moteprotokoll-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-{meeting.pk}.pdf",
        back_label=_("Tilbake til protokollen"),
        back_url=reverse("meetings:public_protocol" if public else "meetings:protocol", args=[meeting.pk]),
        public=public,
    )


@access(anonymous=LOGIN, own=OK, other=NOT_FOUND, obj="meeting")
@login_required
@require_GET
def protocol_pdf(request, pk):
    return _protocol_pdf(request, meeting_or_404(request.user, pk), public=False)


@access(anonymous=OK, own=OK, obj="approved_meeting")
@require_GET
def public_protocol(request, pk):
    meeting = _public_meeting_or_404(pk)
    return render(request, "meetings/public_protocol.html", pdf.protocol_context(meeting) | {"public": True})


@access(anonymous=OK, own=OK, obj="approved_meeting")
@require_GET
def public_protocol_pdf(request, pk):
    return _protocol_pdf(request, _public_meeting_or_404(pk), public=True)
