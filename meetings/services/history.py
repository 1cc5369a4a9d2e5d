"""Importing a meeting whose decisions were registered before the meetings app existed (the
demo's formannskap meeting of 3 March 2021, or an earlier system's records)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regulations.models import RegulationVersion, VersionStatus

from ..models import AgendaItem, ItemKind, Meeting, Outcome, Series
from .agenda import _default_proposal, _lock_meeting, _require_secretary
from .records import new_item, save_recorded

IMPORTED_OUTCOMES = {VersionStatus.ADOPTED: Outcome.ADOPTED, VersionStatus.REJECTED: Outcome.REJECTED}


def item_import_decided(
    *, meeting: Meeting, version: RegulationVersion, number: int, by, note: str = "", now: datetime | None = None
) -> AgendaItem:
    """Put on `meeting`'s agenda, as PS `number`, a version whose decision in this meeting was
    registered on the version already: its outcome, votes and decision text are the version's.
    `note` is added to the item's decision (e.g. which of its details are invented)."""
    _require_secretary(by, meeting.municipality_id)
    with transaction.atomic():
        meeting = _lock_meeting(meeting)
        version = RegulationVersion.objects.select_related("regulation").get(pk=version.pk)
        day = timezone.localtime(meeting.starts_at).date()
        if (
            version.regulation.municipality_id != meeting.municipality_id
            or version.status not in IMPORTED_OUTCOMES
            or version.meeting_date != day
            or version.decision_body != meeting.body
        ):
            raise ValidationError(
                {"version": _("Forskriftsversjonen ble ikke vedtatt eller avvist av dette organet i dette møtet.")}
            )
        item = new_item(
            meeting,
            kind=ItemKind.REGULATION,
            series=Series.PS,
            year=day.year,
            number=number,
            version=version,
            title=version.regulation.title[:300],
            proposal=_default_proposal(meeting, version, ItemKind.REGULATION),
            legal_basis=version.regulation.legal_basis,
            outcome=IMPORTED_OUTCOMES[VersionStatus(version.status)],
            decision_text=" ".join(part for part in (version.decision_text, note) if part),
            votes_for=version.votes_for,
            votes_against=version.votes_against,
            votes_blank=version.votes_abstaining,
            decided_at=version.decided_at,
        )
        return save_recorded(
            item,
            by=by,
            reason=_("Vedtak registrert før møtet ble ført her"),
            action="agenda_item_imported",
            clash={"version": _("Saksnummeret eller saken finnes allerede.")},
            comment=item.label,
            data={"version": version.pk, "outcome": item.outcome},
            at=now,
        )
