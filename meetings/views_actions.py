"""The buttons of the meeting pages (POST only): each calls one service and comes back with
its message; a refusal is a message on the page, never a 500.

The secretary's buttons are a table (MEETING_BUTTONS, ITEM_BUTTONS): the form a button
posts (if any), the service it calls and what it says; one view runs each table."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.access import FORBIDDEN, OK, access
from core.models import Role
from core.selectors import has_role
from core.views_helpers import flash_form_errors, service_call_with_messages

from . import selectors, services
from .forms import (
    AmendmentForm,
    AttendanceForm,
    DecisionForm,
    DisqualificationForm,
    OrientationItemForm,
    VersionItemForm,
    VoteForm,
)
from .models import ItemKind, Voting, may_run_meeting
from .views import SECRETARY_ONLY, item_or_404, meeting_or_404

POST_SECRETARY = {**SECRETARY_ONLY, "method": "POST"}
# Voting: the own municipality's members; the rest as for the secretary's buttons.
POST_MEMBER = {**POST_SECRETARY, "own": {Role.COMMITTEE_MEMBER: OK, "*": FORBIDDEN}}


@dataclass(frozen=True)
class Button:
    """`call(request, target, data)` runs the service on the meeting or item (`data`: the
    cleaned `form(request, target)`, or {} for a button without one); `success` is the
    message, a text or a callable given what the service returned."""

    call: Callable[[Any, Any, dict], Any]
    success: Any
    form: Callable[[Any, Any], Any] | None = None


def _press(request, target, button: Button) -> None:
    """Validate the button's form, then run its service; a refusal as messages."""
    form = button.form(request, target) if button.form is not None else None
    if form is not None and not form.is_valid():
        flash_form_errors(request, form)
        return
    data = form.cleaned_data if form is not None else {}
    service_call_with_messages(request, lambda: button.call(request, target, data), success=button.success)


def _require_secretary(user, municipality_id) -> None:
    if not may_run_meeting(user, municipality_id):
        raise PermissionDenied(_("Bare møtesekretæren kan gjøre dette."))


def _item_add_form(request, meeting):
    if "version" in request.POST:
        return VersionItemForm(request.POST, versions=selectors.versions_for_agenda(meeting=meeting))
    return OrientationItemForm(request.POST)


def _item_add(request, meeting, data):
    if "version" in data:
        return services.item_add_version(meeting=meeting, version=data["version"], by=request.user)
    return services.item_add_orientation(meeting=meeting, by=request.user, **data)


def _notice_publish(request, meeting, data):
    url = request.build_absolute_uri(reverse("meetings:detail", args=[meeting.pk]))
    return services.meeting_publish_notice(meeting=meeting, by=request.user, meeting_url=url)


def _decision_form(request, item):
    return DecisionForm(
        request.POST,
        outcomes=services.OUTCOMES[item.kind],
        counted=item.voting == Voting.CLOSED,
        orientation=item.kind == ItemKind.ORIENTATION,
    )


def _disqualification_form(request, item):
    members = [a.member for a in item.meeting.attendance.select_related("member")]
    return DisqualificationForm(request.POST, members=members)


# The meeting's buttons: name (from the URLconf) → button; back to the page named in MEETING_BACK.
MEETING_BUTTONS = {
    "item_add": Button(
        form=_item_add_form,
        call=_item_add,
        success=lambda item: _("%(label)s er satt på sakslisten.") % {"label": item.label},
    ),
    "notice": Button(call=_notice_publish, success=gettext_lazy("Innkallingen er sendt til medlemmene.")),
    "attendance": Button(
        form=lambda request, meeting: AttendanceForm(request.POST),
        call=lambda request, meeting, data: services.attendance_set(
            meeting=meeting, member_id=data["member"], present=data["present"], by=request.user
        ),
        success=gettext_lazy("Frammøtet er registrert."),
    ),
    "protocol_approve": Button(
        call=lambda request, meeting, data: services.protocol_approve(meeting=meeting, by=request.user),
        success=gettext_lazy("Protokollen er godkjent og publisert."),
    ),
}
MEETING_BACK = {"protocol_approve": "meetings:protocol"}

# An item's buttons: name (from the URLconf) → button; all come back to the item's page (one
# taken off the agenda: to its meeting's).
ITEM_BUTTONS = {
    "decide": Button(
        form=_decision_form,
        call=lambda request, item, data: services.item_decide(item=item, by=request.user, **data),
        success=lambda decided: (
            _("%(label)s: %(outcome)s.") % {"label": decided.label, "outcome": decided.get_outcome_display()}
        ),
    ),
    "postpone": Button(
        call=lambda request, item, data: services.item_postpone(
            item=item, by=request.user, comment=request.POST.get("comment", "")[:2000]
        ),
        success=gettext_lazy("Saken er utsatt og kan settes på sakslisten til et senere møte."),
    ),
    "remove": Button(
        call=lambda request, item, data: services.item_remove(item=item, by=request.user),
        success=gettext_lazy("Saken er tatt av sakslisten."),
    ),
    "amendment_add": Button(
        form=lambda request, item: AmendmentForm(request.POST),
        call=lambda request, item, data: services.amendment_add(item=item, by=request.user, **data),
        success=lambda a: (
            _("Endringsforslaget er registrert (%(result)s).") % {"result": _("vedtatt") if a.adopted else _("falt")}
        ),
    ),
    "disqualification_add": Button(
        form=_disqualification_form,
        call=lambda request, item, data: services.disqualification_declare(
            item=item, member_id=data["member"], reason=data["reason"], by=request.user
        ),
        success=gettext_lazy("Inhabiliteten er registrert. Medlemmet stemmer ikke i saken."),
    ),
    "vote_open": Button(
        call=lambda request, item, data: services.vote_open(item=item, by=request.user),
        success=gettext_lazy("Avstemningen er åpnet."),
    ),
    "vote_close": Button(
        call=lambda request, item, data: services.vote_close(item=item, by=request.user),
        success=lambda closed: (
            _("Avstemningen er avsluttet: %(f)s for, %(m)s mot, %(b)s blanke.")
            % {"f": closed.votes_for, "m": closed.votes_against, "b": closed.votes_blank}
        ),
    ),
}

VOTE = Button(
    form=lambda request, item: VoteForm(request.POST),
    call=lambda request, item, data: services.vote_cast(item=item, voter=request.user, choice=data["choice"]),
    success=gettext_lazy("Stemmen din er registrert."),
)


@access(obj="meeting", **POST_SECRETARY)
@login_required
@require_POST
def meeting_button(request, pk, name):
    """The secretary's button `name` on a meeting (MEETING_BUTTONS)."""
    meeting = meeting_or_404(request.user, pk)
    _require_secretary(request.user, meeting.municipality_id)
    _press(request, meeting, MEETING_BUTTONS[name])
    return redirect(MEETING_BACK.get(name, "meetings:detail"), pk=meeting.pk)


@access(obj="meeting_item", **POST_SECRETARY)
@login_required
@require_POST
def item_button(request, pk, name):
    """The secretary's button `name` on an item (ITEM_BUTTONS)."""
    item = item_or_404(request.user, pk)
    _require_secretary(request.user, item.meeting.municipality_id)
    _press(request, item, ITEM_BUTTONS[name])
    if name == "remove" and not type(item).objects.filter(pk=item.pk).exists():
        return redirect("meetings:detail", pk=item.meeting_id)  # the item's page is gone with it
    return redirect("meetings:item", pk=item.pk)


@access(obj="meeting_item", **POST_MEMBER)
@login_required
@require_POST
def vote_cast(request, pk):
    item = item_or_404(request.user, pk)
    if not has_role(request.user, item.meeting.municipality_id, Role.COMMITTEE_MEMBER):
        raise PermissionDenied(_("Bare medlemmene kan stemme."))
    try:
        _press(request, item, VOTE)
    except PermissionDenied as exc:  # disqualified, absent: said on the page
        messages.error(request, str(exc))
    return redirect("meetings:item", pk=item.pk)
