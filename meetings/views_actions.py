"""The buttons of the meeting pages (POST only): each calls one service and comes back with
its message; a refusal is a message on the page, never a 500."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import FORBIDDEN, LOGIN, OK, access
from core.models import Role
from core.selectors import has_role
from core.views_helpers import service_call_with_messages

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
from .models import Voting, may_run_meeting
from .views import SECRETARY_ONLY, item_or_404, meeting_or_404

POST_SECRETARY = {**SECRETARY_ONLY, "method": "POST"}


def _secretary_meeting(request, pk):
    meeting = meeting_or_404(request.user, pk)
    if not may_run_meeting(request.user, meeting.municipality_id):
        raise PermissionDenied(_("Bare møtesekretæren kan gjøre dette."))
    return meeting


def _secretary_item(request, pk):
    item = item_or_404(request.user, pk)
    if not may_run_meeting(request.user, item.meeting.municipality_id):
        raise PermissionDenied(_("Bare møtesekretæren kan gjøre dette."))
    return item


def _item_button(request, pk, call, *, success):
    """A secretary's button on an item: run `call(item)` (a service), back to the item page."""
    item = _secretary_item(request, pk)
    service_call_with_messages(request, lambda: call(item), success=success)
    return redirect("meetings:item", pk=item.pk)


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _run(request, form, call, *, success) -> None:
    """Validate `form`, then run the service with its data; its refusal as messages."""
    if not form.is_valid():
        _form_errors(request, form)
        return
    service_call_with_messages(request, lambda: call(form.cleaned_data), success=success)


@access(obj="meeting", **POST_SECRETARY)
@login_required
@require_POST
def item_add(request, pk):
    meeting = _secretary_meeting(request, pk)
    if "version" in request.POST:
        form = VersionItemForm(request.POST, versions=selectors.versions_for_agenda(meeting=meeting))
        call = lambda data: services.item_add_version(meeting=meeting, version=data["version"], by=request.user)  # noqa: E731
    else:
        form = OrientationItemForm(request.POST)
        call = lambda data: services.item_add_orientation(meeting=meeting, by=request.user, **data)  # noqa: E731
    _run(request, form, call, success=lambda item: _("%(label)s er satt på sakslisten.") % {"label": item.label})
    return redirect("meetings:detail", pk=meeting.pk)


@access(obj="meeting", **POST_SECRETARY)
@login_required
@require_POST
def notice_publish(request, pk):
    meeting = _secretary_meeting(request, pk)
    url = request.build_absolute_uri(reverse("meetings:detail", args=[meeting.pk]))
    service_call_with_messages(
        request,
        lambda: services.meeting_publish_notice(meeting=meeting, by=request.user, meeting_url=url),
        success=_("Innkallingen er sendt til medlemmene."),
    )
    return redirect("meetings:detail", pk=meeting.pk)


@access(obj="meeting", **POST_SECRETARY)
@login_required
@require_POST
def attendance_set(request, pk):
    meeting = _secretary_meeting(request, pk)
    form = AttendanceForm(request.POST)
    _run(
        request,
        form,
        lambda data: services.attendance_set(
            meeting=meeting, member_id=data["member"], present=data["present"], by=request.user
        ),
        success=_("Frammøtet er registrert."),
    )
    return redirect("meetings:detail", pk=meeting.pk)


@access(obj="meeting", **POST_SECRETARY)
@login_required
@require_POST
def protocol_approve(request, pk):
    meeting = _secretary_meeting(request, pk)
    service_call_with_messages(
        request,
        lambda: services.protocol_approve(meeting=meeting, by=request.user),
        success=_("Protokollen er godkjent og publisert."),
    )
    return redirect("meetings:protocol", pk=meeting.pk)


@access(obj="meeting_item", **POST_SECRETARY)
@login_required
@require_POST
def item_decide(request, pk):
    item = _secretary_item(request, pk)
    form = DecisionForm(request.POST, outcomes=services.OUTCOMES[item.kind], counted=item.voting == Voting.CLOSED)
    _run(
        request,
        form,
        lambda data: services.item_decide(item=item, by=request.user, **data),
        success=lambda decided: (
            _("%(label)s: %(outcome)s.") % {"label": decided.label, "outcome": decided.get_outcome_display()}
        ),
    )
    return redirect("meetings:item", pk=item.pk)


@access(obj="meeting_item", **POST_SECRETARY)
@login_required
@require_POST
def item_postpone(request, pk):
    comment = request.POST.get("comment", "")[:2000]
    return _item_button(
        request,
        pk,
        lambda item: services.item_postpone(item=item, by=request.user, comment=comment),
        success=_("Saken er utsatt og kan settes på sakslisten til et senere møte."),
    )


@access(obj="meeting_item", **POST_SECRETARY)
@login_required
@require_POST
def amendment_add(request, pk):
    item = _secretary_item(request, pk)
    _run(
        request,
        AmendmentForm(request.POST),
        lambda data: services.amendment_add(item=item, by=request.user, **data),
        success=lambda a: (
            _("Endringsforslaget er registrert (%(result)s).") % {"result": _("vedtatt") if a.adopted else _("falt")}
        ),
    )
    return redirect("meetings:item", pk=item.pk)


@access(obj="meeting_item", **POST_SECRETARY)
@login_required
@require_POST
def disqualification_add(request, pk):
    item = _secretary_item(request, pk)
    members = [a.member for a in item.meeting.attendance.select_related("member")]
    _run(
        request,
        DisqualificationForm(request.POST, members=members),
        lambda data: services.disqualification_declare(
            item=item, member_id=data["member"], reason=data["reason"], by=request.user
        ),
        success=_("Inhabiliteten er registrert. Medlemmet stemmer ikke i saken."),
    )
    return redirect("meetings:item", pk=item.pk)


@access(obj="meeting_item", **POST_SECRETARY)
@login_required
@require_POST
def vote_open(request, pk):
    return _item_button(
        request, pk, lambda item: services.vote_open(item=item, by=request.user), success=_("Avstemningen er åpnet.")
    )


@access(obj="meeting_item", **POST_SECRETARY)
@login_required
@require_POST
def vote_close(request, pk):
    return _item_button(
        request,
        pk,
        lambda item: services.vote_close(item=item, by=request.user),
        success=lambda closed: (
            _("Avstemningen er avsluttet: %(f)s for, %(m)s mot, %(b)s blanke.")
            % {"f": closed.votes_for, "m": closed.votes_against, "b": closed.votes_blank}
        ),
    )


@access(
    anonymous=LOGIN,
    own={Role.COMMITTEE_MEMBER: OK, "*": FORBIDDEN},
    other=SECRETARY_ONLY["other"],
    obj="meeting_item",
    method="POST",
)
@login_required
@require_POST
def vote_cast(request, pk):
    item = item_or_404(request.user, pk)
    if not has_role(request.user, item.meeting.municipality_id, Role.COMMITTEE_MEMBER):
        raise PermissionDenied(_("Bare medlemmene kan stemme."))
    form = VoteForm(request.POST)
    try:
        _run(
            request,
            form,
            lambda data: services.vote_cast(item=item, voter=request.user, choice=data["choice"]),
            success=_("Stemmen din er registrert."),
        )
    except PermissionDenied as exc:  # disqualified, absent: said on the page
        messages.error(request, str(exc))
    return redirect("meetings:item", pk=item.pk)
