"""In the meeting, item by item: attendance, disqualification (inhabilitet), amendment
proposals and the decision, recorded through the regulations' own transitions and services."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditKind
from audit.services import record_event
from core.history import history_note
from core.sanitize import normalize_text
from core.workflow import transition_run
from regulations.models import RegulationVersion, Section
from regulations.services import version_adopt, version_lapse, version_reject
from regulations.services.archive import version_content_hash

from ..models import AgendaItem, Amendment, Attendance, Disqualification, ItemKind, Meeting, MeetingStatus, Outcome
from .agenda import _require_secretary
from .records import save_recorded

# What the secretary may record for each kind of item (the amended adoption follows from
# adopted amendment proposals; postponing has its own service).
OUTCOMES = {
    ItemKind.REGULATION: (Outcome.ADOPTED, Outcome.REJECTED),
    ItemKind.CONFIRMATION: (Outcome.CONFIRMED, Outcome.NOT_CONFIRMED),
    ItemKind.ORIENTATION: (Outcome.NOTED,),
}
MAX_VOTES = 1000


def _lock_item(item: AgendaItem) -> AgendaItem:
    return (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting__municipality", "version__regulation")
        .get(pk=item.pk)
    )


def _open_item(item: AgendaItem, by) -> AgendaItem:
    """The locked item, refused unless `by` is the secretary and it is open for the meeting."""
    _require_secretary(by, item.meeting.municipality_id)
    locked = _lock_item(item)
    if locked.meeting.status != MeetingStatus.NOTICED:
        raise ValidationError(_("Saken kan bare behandles i et møte som er innkalt og ikke avsluttet."))
    if locked.is_decided:
        raise ValidationError(
            _("Saken er allerede behandlet (%(outcome)s).") % {"outcome": locked.get_outcome_display()}
        )
    return locked


def eligible_voter_ids(item: AgendaItem) -> set[int]:
    """Members present at the meeting and not disqualified on this item."""
    present = set(
        Attendance.objects.filter(meeting_id=item.meeting_id, present=True).values_list("member_id", flat=True)
    )
    return present - set(item.disqualifications.values_list("member_id", flat=True))


def attendance_set(*, meeting: Meeting, member_id: int, present: bool, by) -> Attendance:
    """Record whether a called member attends."""
    _require_secretary(by, meeting.municipality_id)
    with transaction.atomic():
        record = Attendance.objects.select_for_update().filter(meeting=meeting, member_id=member_id).first()
        if record is None:
            raise ValidationError(_("Personen er ikke kalt inn til dette møtet."))
        if Meeting.objects.get(pk=meeting.pk).status != MeetingStatus.NOTICED:
            raise ValidationError(_("Frammøtet kan bare endres i et innkalt møte som ikke er avsluttet."))
        if record.present != present:
            record.present = present
            save_recorded(
                record,
                by=by,
                reason=_("Til stede") if present else _("Forfall"),
                action="attendance_set",
                data={"member": member_id, "present": present},
            )
    return record


def disqualification_declare(*, item: AgendaItem, member_id: int, reason: str, by) -> Disqualification:
    """A member is inhabil on `item`: they take no part in its vote."""
    reason = normalize_text(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv grunnen til inhabiliteten (for eksempel forvaltningsloven § 6).")})
    with transaction.atomic():
        locked = _open_item(item, by)
        if not Attendance.objects.filter(meeting_id=locked.meeting_id, member_id=member_id).exists():
            raise ValidationError({"member": _("Personen er ikke kalt inn til dette møtet.")})
        if locked.votes.filter(voter_id=member_id).exists():
            raise ValidationError({"member": _("Medlemmet har allerede stemt i saken.")})
        try:
            with transaction.atomic():
                record = Disqualification.objects.create(item=locked, member_id=member_id, reason=reason[:500])
        except IntegrityError as exc:
            raise ValidationError({"member": _("Medlemmet er allerede erklært inhabil i saken.")}) from exc
        record_event(
            kind=AuditKind.CHANGE,
            action="disqualification_declared",
            actor=by,
            obj=record,
            comment=reason,
            data={"item": locked.label, "member": member_id},
        )
    return record


def _check_votes(votes: dict, limit: int) -> None:
    errors = {}
    for key, value in votes.items():
        if value is None or not isinstance(value, int) or not 0 <= value <= MAX_VOTES:
            errors[key] = _("Antall stemmer må være et tall mellom 0 og 1000.")
    if not errors and sum(votes.values()) > limit:
        errors["votes_for"] = _(
            "Det er avgitt flere stemmer (%(n)s) enn medlemmer som kan stemme i saken (%(limit)s)."
        ) % {"n": sum(votes.values()), "limit": limit}
    if errors:
        raise ValidationError(errors)


def amendment_add(
    *, item: AgendaItem, section_number: int, proposed_by: str, body: str, votes_for, votes_against, votes_blank, by
) -> Amendment:
    """An endringsforslag to one § of the proposal, with its vote; adopted (more for than
    against) it becomes that §'s text when the item is adopted."""
    proposed_by, body = normalize_text(proposed_by or "").strip(), normalize_text(body or "").strip()
    with transaction.atomic():
        locked = _open_item(item, by)
        if locked.kind != ItemKind.REGULATION:
            raise ValidationError(_("Endringsforslag kan bare fremmes til en forskrift som skal vedtas."))
        section = Section.objects.filter(version=locked.version, number=section_number).first()
        errors = {}
        if section is None:
            errors["section_number"] = _("Forslaget har ingen § %(n)s.") % {"n": section_number}
        if not proposed_by:
            errors["proposed_by"] = _("Skriv hvem som fremmet forslaget.")
        if not body:
            errors["body"] = _("Skriv paragrafens nye tekst.")
        elif len(body) > 20000:
            errors["body"] = _("Teksten er for lang (høyst 20 000 tegn).")
        elif section is not None and body == section.body:
            errors["body"] = _("Teksten er den samme som i forslaget.")
        if errors:
            raise ValidationError(errors)
        votes = {"votes_for": votes_for, "votes_against": votes_against, "votes_blank": votes_blank}
        _check_votes(votes, len(eligible_voter_ids(locked)) or MAX_VOTES)
        earlier = locked.amendments.filter(section_number=section_number)
        if votes_for > votes_against and any(a.adopted for a in earlier):
            raise ValidationError(
                {"section_number": _("Et endringsforslag til § %(n)s er allerede vedtatt.") % {"n": section_number}}
            )
        assert section is not None
        amendment = Amendment(
            item=locked,
            section_number=section_number,
            proposed_by=proposed_by[:200],
            original_body=section.body,
            body=body,
            **votes,
        )
        return save_recorded(
            amendment,
            by=by,
            reason=_("Endringsforslag registrert"),
            action="amendment_recorded",
            changes=[{"field": f"§ {section_number}", "old": section.body, "new": body}],
            data={"item": locked.label, "adopted": amendment.adopted, **votes},
        )


def _apply_amendments(locked: AgendaItem, by) -> bool:
    """Make the adopted amendment proposals the version's text; True if there were any.

    A submitted text is frozen (the database refuses changes to it), so it goes the way every
    change of a proposal goes: sent back to drafting, changed, and put before the body again,
    all in the decision's transaction. The body's own amendment needs no drafter: the submit is
    taken in the meeting's name, and every step is in the version's history and the trail."""
    adopted = [a for a in locked.amendments.all() if a.adopted]
    if not adopted:
        return False
    version = locked.version
    assert version is not None
    reason = _("Endret i møtet (%(item)s): %(amendments)s") % {
        "item": locked.label,
        "amendments": "; ".join(
            _("§ %(n)s etter forslag fra %(who)s") % {"n": a.section_number, "who": a.proposed_by} for a in adopted
        ),
    }
    reopened = RegulationVersion.objects.select_for_update(of=("self",)).get(pk=version.pk)
    transition_run(
        obj=reopened, name="send_back", by=by, comment=reason, label=_("Åpnet for endringene vedtatt i møtet")
    )
    for amendment in adopted:
        section = Section.objects.select_for_update().get(version=version, number=amendment.section_number)
        section.body = amendment.body
        history_note(section, by=by, reason=reason)
        section.save()
    resubmitted = RegulationVersion.objects.select_for_update(of=("self",)).get(pk=version.pk)
    transition_run(
        obj=resubmitted,
        name="submit",
        by=by,
        comment=reason,
        content_hash=version_content_hash(resubmitted),
        check_permission=False,
        label=_("Lagt fram med endringene vedtatt i møtet"),
    )
    return True


def item_decide(
    *,
    item: AgendaItem,
    outcome: str,
    by,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_blank: int | None = None,
    decision_text: str = "",
    now: datetime | None = None,
) -> AgendaItem:
    """Record the meeting's decision on `item` through the regulation's own services
    (version_adopt, version_reject, version_adopt as confirmation, version_lapse). After a
    remote vote the tally of the votes cast is the count; otherwise the secretary's numbers.
    `now` is only set when importing a historical meeting: the decision and its trail then
    carry that time."""
    decision_text = normalize_text(decision_text or "").strip()
    with transaction.atomic():
        locked = _open_item(item, by)
        if outcome not in OUTCOMES[ItemKind(locked.kind)]:
            raise ValidationError({"outcome": _("Velg et utfall som passer saken.")})
        if locked.voting == "open":
            raise ValidationError(_("Avslutt avstemningen før vedtaket registreres."))
        if locked.voting == "closed":
            votes_for, votes_against, votes_blank = locked.votes_for, locked.votes_against, locked.votes_blank
        elif locked.kind != ItemKind.ORIENTATION:
            votes = {"votes_for": votes_for, "votes_against": votes_against, "votes_blank": votes_blank or 0}
            _check_votes(votes, len(eligible_voter_ids(locked)) or MAX_VOTES)
            votes_blank = votes["votes_blank"]
        meeting = locked.meeting
        text = decision_text or locked.proposal
        record = {
            "body": meeting.body,
            "meeting_date": timezone.localtime(meeting.starts_at).date(),
            "item_number": locked.label,
            "votes_for": votes_for,
            "votes_against": votes_against,
            "votes_abstaining": votes_blank,
            "decision_text": text,
        }
        version = locked.version
        if outcome in (Outcome.ADOPTED, Outcome.CONFIRMED):
            if outcome == Outcome.ADOPTED and _apply_amendments(locked, by):
                outcome = Outcome.AMENDED
            assert version is not None
            version_adopt(version=version, by=by, now=now, **record)  # type: ignore[arg-type]
        elif outcome == Outcome.REJECTED:
            assert version is not None
            version_reject(version=version, by=by, now=now, **record)  # type: ignore[arg-type]
        elif outcome == Outcome.NOT_CONFIRMED:
            assert version is not None
            if votes_for is not None and votes_against is not None and votes_for > votes_against:
                raise ValidationError(
                    {"votes_for": _("Flertallet stemte for stadfesting. Registrer stadfesting i stedet.")}
                )
            version_lapse(
                version=version,
                by=by,
                comment=decision_text or _("Ikke stadfestet i møtet (%(item)s).") % {"item": locked.label},
                now=now,
            )
        locked.outcome = outcome
        locked.votes_for, locked.votes_against, locked.votes_blank = votes_for, votes_against, votes_blank
        locked.decision_text = text if outcome != Outcome.NOTED else decision_text
        locked.decided_at = now or timezone.now()
        save_recorded(
            locked,
            by=by,
            reason=str(locked.get_outcome_display()),
            kind=AuditKind.DECISION,
            action="meeting_item_decided",
            comment=locked.decision_text,
            data={
                "item": locked.label,
                "outcome": outcome,
                "version": version.pk if version else None,
                "votes_for": votes_for,
                "votes_against": votes_against,
                "votes_blank": votes_blank,
            },
            at=now,
        )
    return locked


def item_postpone(*, item: AgendaItem, by, comment: str = "") -> AgendaItem:
    """Utsatt: the item leaves this meeting undecided; a regulation version stays submitted
    (a hastevedtak awaiting confirmation) and can be put on a later meeting's agenda."""
    with transaction.atomic():
        locked = _open_item(item, by)
        if locked.voting == "open":
            raise ValidationError(_("Avslutt avstemningen før saken utsettes."))
        locked.outcome = Outcome.POSTPONED
        locked.decision_text = normalize_text(comment or "").strip() or _("Saken ble utsatt.")
        locked.decided_at = timezone.now()
        return save_recorded(
            locked,
            by=by,
            reason=_("Utsatt"),
            kind=AuditKind.DECISION,
            action="meeting_item_postponed",
            comment=locked.decision_text,
            data={"item": locked.label},
        )
