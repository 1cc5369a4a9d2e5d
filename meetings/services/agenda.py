"""Preparing a meeting: creating it, its agenda (saksliste), the case presentations
(saksframlegg) and the notice (innkalling) to the body's members."""

import hashlib
import json
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.models import AuditKind
from core.archive import document_archive_queue
from core.formats import format_date_nb, format_datetime_nb
from core.history import history_note
from core.models import Organization, OrganizationKind, Role
from core.sanitize import normalize_text
from core.selectors import DRAFTING_ROLES, has_role
from core.services import outbox_enqueue
from core.workflow import transition_run
from regulations.models import Layer, RegulationVersion, VersionStatus

from ..models import AgendaItem, Attendance, Body, ItemKind, Meeting, MeetingStatus, Series, may_run_meeting
from .records import new_item, save_recorded


def _require_secretary(user, municipality_id: int) -> None:
    if not may_run_meeting(user, municipality_id):
        raise PermissionDenied(_("Bare møtesekretæren kan gjøre dette."))


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("municipality").get(pk=meeting.pk)


def _require_planned(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Innkallingen er sendt; sakslisten kan ikke lenger endres."))


def meeting_create(
    *,
    municipality: Organization,
    body: str,
    starts_at: datetime,
    place: str = "",
    remote: bool = False,
    by,
    now: datetime | None = None,
) -> Meeting:
    """Plan a meeting of `municipality`'s political body; the secretary's own municipality only.
    `now` is only set when importing a historical meeting (its trail then says when)."""
    _require_secretary(by, municipality.pk)
    errors = {}
    if municipality.kind != OrganizationKind.MUNICIPALITY:
        errors["body"] = _("Bare en kommune har formannskap og kommunestyre.")
    if body not in Body.values:
        errors["body"] = _("Velg formannskapet eller kommunestyret.")
    if not isinstance(starts_at, datetime):
        errors["starts_at"] = _("Angi dato og klokkeslett for møtet.")
    elif not 2000 <= starts_at.year <= 2100:
        errors["starts_at"] = _("Datoen må ligge mellom år %(min)s og %(max)s.") % {"min": 2000, "max": 2100}
    place = normalize_text(place or "")[:200]
    if not place and not remote:
        errors["place"] = _("Angi møtested, eller kryss av for fjernmøte.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = Meeting(
            municipality=municipality, body=body, starts_at=starts_at, place=place, remote=remote, created_by=by
        )
        meeting.created_at = now or meeting.created_at
        return save_recorded(meeting, by=by, reason=_("Møte opprettet"), action="meeting_created", at=now)


def _next_number(meeting: Meeting, series: str) -> int:
    year = timezone.localtime(meeting.starts_at).year
    top = AgendaItem.objects.filter(
        municipality=meeting.municipality, body=meeting.body, year=year, series=series
    ).aggregate(n=Max("number"))["n"]
    return (top or 0) + 1


def _item_save(item: AgendaItem, *, by, reason: str, at: datetime | None = None) -> AgendaItem:
    """Save a new item with the next number of its series; two secretaries adding at once
    get a clear message instead of a duplicate number."""
    item.year = timezone.localtime(item.meeting.starts_at).year
    item.number = _next_number(item.meeting, item.series)
    return save_recorded(
        item,
        by=by,
        reason=reason,
        action="agenda_item_added",
        clash=_("Saken ble lagt til av noen andre samtidig. Last siden på nytt."),
        comment=item.label,
        at=at,
    )


def _default_proposal(meeting: Meeting, version: RegulationVersion, kind: str) -> str:
    body = meeting.get_body_display().lower()
    title = version.regulation.title
    if kind == ItemKind.CONFIRMATION:
        return _("%(body)s stadfester kommuneoverlegens hastevedtak «%(title)s».") % {
            "body": body.capitalize(),
            "title": title,
        }
    return _("%(body)s vedtar «%(title)s» slik den er lagt fram.") % {"body": body.capitalize(), "title": title}


def item_add_version(*, meeting: Meeting, version: RegulationVersion, by) -> AgendaItem:
    """Put a version before the meeting: one submitted to the committee (PS, to adopt or
    reject) or a hastevedtak awaiting confirmation (PS, to confirm or not), of the body's own
    municipality and not already on an agenda."""
    _require_secretary(by, meeting.municipality_id)
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        _require_planned(meeting)
        version = RegulationVersion.objects.select_for_update().select_related("regulation").get(pk=version.pk)
        regulation = version.regulation
        if regulation.municipality_id != meeting.municipality_id or regulation.layer != Layer.LOCAL:
            raise ValidationError({"version": _("Forskriften hører ikke til denne kommunen.")})
        if version.status == VersionStatus.SUBMITTED:
            kind = ItemKind.REGULATION
        elif version.status == VersionStatus.URGENT:
            kind = ItemKind.CONFIRMATION
        else:
            raise ValidationError(
                {
                    "version": _(
                        "Bare forslag lagt fram for politisk behandling og hastevedtak kan settes på sakslisten."
                    )
                }
            )
        if version.agenda_items.exclude(outcome="postponed").exists():
            raise ValidationError({"version": _("Saken står allerede på en saksliste.")})
        item = new_item(
            meeting,
            kind=kind,
            series=Series.PS,
            version=version,
            title=regulation.title[:300],
            proposal=_default_proposal(meeting, version, kind),
            legal_basis=regulation.legal_basis,
        )
        return _item_save(item, by=by, reason=_("Satt på sakslisten"))


def item_remove(*, item: AgendaItem, by) -> Meeting:
    """Take an item off the agenda before the notice: a proposal sent back to drafting, or one
    put on by mistake. Its number is free again only if it was the last of its series."""
    _require_secretary(by, item.meeting.municipality_id)
    with transaction.atomic():
        meeting = _lock_meeting(item.meeting)
        _require_planned(meeting)
        locked = AgendaItem.objects.select_for_update().filter(pk=item.pk, meeting=meeting).first()
        if locked is None:
            raise ValidationError(_("Saken står ikke lenger på sakslisten."))
        history_note(locked, by=by, reason=_("Tatt av sakslisten"))
        locked.delete()
    return meeting


# The state a version must still be in when the notice is sent, by the kind of its item.
STILL_BEFORE_THE_BODY: dict[str, str] = {
    ItemKind.REGULATION: VersionStatus.SUBMITTED,
    ItemKind.CONFIRMATION: VersionStatus.URGENT,
}


def _require_still_before_the_body(meeting: Meeting) -> None:
    """Refuse the notice while an item's version is no longer what was put on the agenda (sent
    back to drafting): the members would be sent a text that is being changed."""
    stale = [
        item.label
        for item in meeting.items.select_related("version").filter(version__isnull=False)
        if not item.is_decided
        and item.version is not None
        and item.version.status != STILL_BEFORE_THE_BODY.get(item.kind, item.version.status)
    ]
    if stale:
        raise ValidationError(
            ngettext(
                "%(items)s er sendt tilbake til saksbehandler og er ikke lenger lagt fram for behandling. "
                "Ta saken av sakslisten, eller vent til den er lagt fram igjen.",
                "%(items)s er sendt tilbake til saksbehandler og er ikke lenger lagt fram for behandling. "
                "Ta sakene av sakslisten, eller vent til de er lagt fram igjen.",
                len(stale),
            )
            % {"items": ", ".join(stale)}
        )


def item_add_orientation(*, meeting: Meeting, title: str, text: str, by, now: datetime | None = None) -> AgendaItem:
    """An orienteringssak (OS): a title and the text the members are informed of (`now`: see
    `meeting_create`)."""
    _require_secretary(by, meeting.municipality_id)
    title, text = normalize_text(title or "").strip(), normalize_text(text or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Skriv sakens tittel.")
    elif len(title) > 300:
        errors["title"] = _("Tittelen er for lang (høyst 300 tegn).")
    if len(text) > 20000:
        errors["text"] = _("Teksten er for lang (høyst 20 000 tegn).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        _require_planned(meeting)
        item = new_item(meeting, kind=ItemKind.ORIENTATION, series=Series.OS, title=title, text=text)
        return _item_save(item, by=by, reason=_("Satt på sakslisten"), at=now)


def may_edit_presentation(user, item: AgendaItem) -> bool:
    """The case officer (or the secretary) writes the saksframlegg until the notice is sent."""
    return item.kind != ItemKind.ORIENTATION and has_role(
        user, item.meeting.municipality_id, *DRAFTING_ROLES, Role.COMMITTEE_SECRETARY
    )


def presentation_update(*, item: AgendaItem, proposal: str, legal_basis: str, by) -> AgendaItem:
    """Edit the saksframlegg's innstilling and hjemmel before the notice is sent."""
    if not may_edit_presentation(by, item):
        raise PermissionDenied(_("Bare saksbehandleren kan skrive saksframlegget."))
    proposal, legal_basis = normalize_text(proposal or "").strip(), normalize_text(legal_basis or "").strip()
    errors = {}
    if not proposal:
        errors["proposal"] = _("Skriv innstillingen (forslaget til vedtak).")
    elif len(proposal) > 20000:
        errors["proposal"] = _("Innstillingen er for lang (høyst 20 000 tegn).")
    if not legal_basis:
        errors["legal_basis"] = _("Angi hjemmelen.")
    elif len(legal_basis) > 2000:
        errors["legal_basis"] = _("Hjemmelen er for lang (høyst 2 000 tegn).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _require_planned(_lock_meeting(item.meeting))
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        changes = [
            {"field": name, "old": getattr(locked, name), "new": value}
            for name, value in (("proposal", proposal), ("legal_basis", legal_basis))
            if getattr(locked, name) != value
        ]
        if not changes:
            return locked
        locked.proposal, locked.legal_basis = proposal, legal_basis
        return save_recorded(
            locked, by=by, reason=_("Saksframlegg endret"), action="presentation_updated", changes=changes
        )


def presentation_content_hash(item: AgendaItem) -> str:
    """SHA-256 of what the case officer wrote in the saksframlegg and what it is about; the
    regulation text and the risk picture it shows are in its archived PDF as they stood."""
    payload = {
        "item": item.label,
        "title": item.title,
        "version": item.version_id,
        "proposal": item.proposal,
        "legal_basis": item.legal_basis,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _freeze_presentations(meeting: Meeting, by, at: datetime | None = None) -> None:
    """At the notice every PS item's saksframlegg is frozen: its hash, its PDF/A queued."""
    for item in meeting.items.select_for_update().filter(version__isnull=False, content_hash=""):
        item.content_hash = presentation_content_hash(item)
        # The hash in the trail's decision is what audit_verify holds the frozen text to.
        save_recorded(
            item,
            by=by,
            reason=_("Saksframlegg sendt med innkallingen"),
            kind=AuditKind.DECISION,
            action="presentation_frozen",
            comment=item.label,
            data={"content_hash": item.content_hash},
            at=at,
        )
        document_archive_queue(obj=item)


def committee_members(municipality_id: int):
    """The body's members: the users with the committee-member role in the municipality."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True, memberships__organization_id=municipality_id, memberships__role=Role.COMMITTEE_MEMBER
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def meeting_publish_notice(*, meeting: Meeting, by, meeting_url: str, now: datetime | None = None) -> Meeting:
    """The secretary publishes the agenda: every committee member is called (attendance) and,
    after commit, e-mailed a link to `meeting_url` (through the outbox, once per member).

    `now` is only set when importing a historical meeting: no e-mail is sent then."""
    _require_secretary(by, meeting.municipality_id)
    with transaction.atomic():
        locked = _lock_meeting(meeting)
        if locked.status == MeetingStatus.PLANNED and not locked.items.exists():
            raise ValidationError(_("Sett minst én sak på sakslisten før innkallingen sendes."))
        if locked.status == MeetingStatus.PLANNED:
            _require_still_before_the_body(locked)
        members = list(committee_members(locked.municipality_id))
        if locked.status == MeetingStatus.PLANNED and not members:
            raise ValidationError(_("Kommunen har ingen medlemmer av formannskapet å kalle inn."))
        locked.noticed_at = now or timezone.now()
        transition_run(
            obj=locked,
            name="publish_notice",
            by=by,
            comment=_("Innkalling til møte %(when)s") % {"when": format_datetime_nb(locked.starts_at)},
            at=now,
        )
        _freeze_presentations(locked, by, at=now)
        for member in members:
            Attendance.objects.create(meeting=locked, member=member)
            if now is not None:
                continue
            outbox_enqueue(
                task_name="meetings.tasks.send_notice",
                key=f"meeting-notice:{locked.pk}:{member.pk}",
                kwargs={"meeting_id": locked.pk, "user_id": member.pk, "url": meeting_url},
            )
    return locked


def notice_mail_context(meeting: Meeting) -> dict:
    return {
        "meeting": meeting,
        "when": format_datetime_nb(meeting.starts_at),
        "day": format_date_nb(meeting.starts_at),
        "items": list(meeting.items.order_by("series", "number")),
    }
