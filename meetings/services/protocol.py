"""The protocol (møteprotokoll): approved by the secretary, frozen with the SHA-256 of its
content and archived as PDF/A (core.archive), public from then on."""

import hashlib
import json
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.archive import document_archive_pdf, document_archive_queue, document_freeze
from core.history import canonical_instant

from ..models import Meeting, MeetingStatus
from .agenda import _lock_meeting, _require_secretary


def meeting_content_hash(meeting: Meeting) -> str:
    """SHA-256 of what the protocol records: the meeting, attendance, and each item with its
    decision, votes, amendments, disqualifications and remote votes."""
    payload = {
        "meeting": meeting.pk,
        "municipality": meeting.municipality.municipality_number,
        "body": meeting.body,
        "starts_at": canonical_instant(meeting.starts_at),
        "place": meeting.place,
        "remote": meeting.remote,
        "attendance": sorted((a.member_id, a.present) for a in meeting.attendance.all()),
        "items": [
            {
                "label": item.label,
                "title": item.title,
                "version": item.version_id,
                "version_hash": item.version.content_hash if item.version else "",
                "proposal": item.proposal,
                "outcome": item.outcome,
                "decision": item.decision_text,
                "votes": [item.votes_for, item.votes_against, item.votes_blank],
                "amendments": [
                    [a.section_number, a.proposed_by, a.body, a.votes_for, a.votes_against, a.votes_blank]
                    for a in item.amendments.order_by("pk")
                ],
                "disqualified": sorted(d.member_id for d in item.disqualifications.all()),
                "ballots": sorted((v.voter_id, v.choice) for v in item.votes.all()),
            }
            for item in meeting.items.select_related("version").order_by("series", "number")
        ],
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def protocol_approve(*, meeting: Meeting, by, now: datetime | None = None) -> Meeting:
    """The secretary approves the protocol once every item is dealt with: frozen with its hash,
    its PDF/A archived after commit; from then on it is public.

    `now` is only set when importing a historical meeting."""
    _require_secretary(by, meeting.municipality_id)
    with transaction.atomic():
        locked = _lock_meeting(meeting)
        if locked.status != MeetingStatus.NOTICED:
            raise ValidationError(_("Protokollen kan bare godkjennes for et innkalt møte som ikke er avsluttet."))
        undecided = [item.label for item in locked.items.filter(outcome="")]
        if undecided:
            raise ValidationError(
                _("Disse sakene er ikke behandlet ennå: %(items)s.") % {"items": ", ".join(undecided)}
            )
        locked.approved_at, locked.approved_by = now or timezone.now(), by
        document_freeze(obj=locked, name="approve_protocol", by=by, comment=_("Møteprotokoll godkjent"), at=now)
        document_archive_queue(obj=locked)
    return locked


def presentation_archive_pdf(*, item_id: int):
    """Render the frozen saksframlegg once and store the exact bytes (idempotent)."""
    return document_archive_pdf(label="meetings.agendaitem", object_id=item_id)


def protocol_archive_pdf(*, meeting_id: int) -> Meeting:
    """Render the approved protocol once and store the exact bytes (idempotent)."""
    return document_archive_pdf(label="meetings.meeting", object_id=meeting_id)
