"""Workflow decisions on a version: submit, send back, adopt/confirm, reject, hastevedtak, lapse."""

from datetime import date, datetime, timedelta
from typing import NotRequired, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.archive import document_archive_queue, document_freeze
from core.history import history_note
from core.sanitize import normalize_text
from core.workflow import Review, transition_comment_required, transition_run

from ..models import (
    DECISION_BODIES,
    EFFECTIVE_STATUSES,
    DecisionBody,
    Layer,
    RegulationVersion,
    VersionKind,
    VersionStatus,
)
from ..selectors import version_validity_disagreements
from ..text import format_datetime_nb, is_in_force_heading
from .archive import version_content_hash
from .drafting import PLACEHOLDER, SectionInput, _in_force_clause, _validate_sections


def _lock(version: RegulationVersion) -> RegulationVersion:
    return RegulationVersion.objects.select_for_update().select_related("regulation__municipality").get(pk=version.pk)


def _check_complete(version: RegulationVersion) -> None:
    """A text put before the committee (or issued urgently) must be whole."""
    errors = []
    if not version.valid_from:
        errors.append(_("Angi når forskriften skal tre i kraft («gjelder fra»)."))
    if version.kind == VersionKind.URGENT and not version.valid_until:
        errors.append(_("Et hastevedtak må ha en sluttdato («gjelder til og med»)."))
    sections = list(version.sections.all())
    try:
        _validate_sections(
            [SectionInput(number=s.number, heading=s.heading, body=s.body) for s in sections], allow_empty=False
        )
    except ValidationError as exc:
        errors.extend(exc.message_dict.get("sections", []))
    for s in sections:
        if PLACEHOLDER in s.body or PLACEHOLDER in s.heading:
            errors.append(_("§ %(n)s inneholder «%(p)s» som må fylles ut.") % {"n": s.number, "p": PLACEHOLDER})
    if errors:
        raise ValidationError(errors)


def _check_submittable(version: RegulationVersion) -> None:
    _check_complete(version)
    _check_in_step(version)


def _check_in_step(version: RegulationVersion) -> None:
    """The validity fields and the in-force section must not disagree in a text put before
    the committee (or issued urgently): the archived PDF would state two different periods."""
    disagreements = version_validity_disagreements(version=version)
    if disagreements:
        raise ValidationError(disagreements)


def _rewrite_in_force_clause(version: RegulationVersion, by) -> None:
    """The hastevedtak's dates are fixed when it is issued: its in-force section must say
    exactly those dates, so the frozen text, its hash and its PDF agree with the record."""
    for section in version.sections.all():
        if is_in_force_heading(section.heading):
            with translation.override(settings.LANGUAGE_CODE):
                section.body = _in_force_clause(version.valid_from, version.valid_until)
            history_note(section, by=by, reason=_("Ikrafttredelse satt ut fra hastevedtakets tidspunkt"))
            section.save()


def _check_order(version: RegulationVersion) -> None:
    """A later decision cannot take effect before the text it changes."""
    if version.kind in (VersionKind.ORIGINAL, VersionKind.URGENT) or not version.valid_from:
        return
    latest = (
        RegulationVersion.objects.filter(regulation=version.regulation, status__in=EFFECTIVE_STATUSES)
        .exclude(pk=version.pk)
        .order_by("-valid_from")
        .first()
    )
    if latest is not None and version.valid_from < latest.valid_from:
        raise ValidationError(
            {
                "meeting_date": _(
                    "Endringen skal gjelde fra %(start)s, før versjon %(n)s som den bygger på (fra %(base)s). Rett «gjelder fra»."
                )
                % {
                    "start": format_datetime_nb(version.valid_from),
                    "n": latest.number,
                    "base": format_datetime_nb(latest.valid_from),
                }
            }
        )


def _check_not_retroactive(version: RegulationVersion, meeting_date: date) -> None:
    """A regulation binds from its adoption on: it cannot start before the meeting day
    (no retroactive rules) or be adopted after its period has ended."""
    errors = {}
    if version.valid_from and timezone.localtime(version.valid_from).date() < meeting_date:
        errors["meeting_date"] = _(
            "Forskriften skal gjelde fra %(start)s, før møtedatoen. Regler kan ikke gis tilbakevirkende kraft; "
            "send utkastet tilbake og rett «gjelder fra»."
        ) % {"start": format_datetime_nb(version.valid_from)}
    elif version.valid_until and timezone.localtime(version.valid_until).date() < meeting_date:
        errors["meeting_date"] = _(
            "Perioden forskriften skulle gjelde for, var over (%(end)s) før møtet. Send utkastet tilbake og rett datoene."
        ) % {"end": format_datetime_nb(version.valid_until)}
    if errors:
        raise ValidationError(errors)


def _queue_archive(version: RegulationVersion) -> None:
    document_archive_queue(obj=version)


_REVIEW = Review(lock=_lock, check=_check_submittable, content_hash=version_content_hash)


def version_submit(
    *, version: RegulationVersion, by, comment: str = "", now: datetime | None = None
) -> RegulationVersion:
    """Put a complete draft before the political body (formannskap/kommunestyre).

    `now` is only set when importing a historical decision."""
    return _REVIEW.submit(version, by=by, comment=comment, at=now)


def version_send_back(*, version: RegulationVersion, by, comment: str) -> RegulationVersion:
    """Send a submitted version back to drafting; the comment tells the drafter why."""
    return _REVIEW.send_back(version, by=by, comment=comment, required=_("Skriv hvorfor utkastet sendes tilbake."))


class MeetingRecord(TypedDict):
    """What the secretary records of the meeting that adopted or rejected a version."""

    body: str
    meeting_date: date
    item_number: NotRequired[str]
    votes_for: NotRequired[int | None]
    votes_against: NotRequired[int | None]
    votes_abstaining: NotRequired[int | None]
    decision_text: NotRequired[str]


def _meeting_fields(
    *,
    adopting: bool,
    layer=Layer.LOCAL,
    body: str,
    meeting_date: date,
    item_number: str = "",
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstaining: int | None = None,
    decision_text: str = "",
) -> dict:
    """The version's fields for the meeting's record, validated (an adoption needs more votes
    for than against, a rejection not)."""
    errors = {}
    if body not in DECISION_BODIES[Layer(layer)]:
        errors["decision_body"] = (
            _("Velg formannskapet eller kommunestyret.")
            if layer == Layer.LOCAL
            else _("Nasjonale forskrifter og regionale tiltaksnivåer fastsettes av departementet.")
        )
    if not isinstance(meeting_date, date):
        errors["meeting_date"] = _("Angi møtedato.")
    elif meeting_date > timezone.localdate():
        errors["meeting_date"] = _("Møtedatoen kan ikke være fram i tid.")
    for key, value in (
        ("votes_for", votes_for),
        ("votes_against", votes_against),
        ("votes_abstaining", votes_abstaining),
    ):
        if value is not None and (not isinstance(value, int) or value < 0 or value > 1000):
            errors[key] = _("Antall stemmer må være et tall mellom 0 og 1000.")
    if not errors and votes_for is not None and votes_against is not None:
        if adopting and votes_for <= votes_against:
            errors["votes_for"] = _("Et vedtak krever flere stemmer for enn mot. Registrer avslag i stedet.")
        if not adopting and votes_for > votes_against:
            errors["votes_against"] = _("Flertallet stemte for. Registrer vedtak i stedet.")
    if len(decision_text or "") > 20000:
        errors["decision_text"] = _("Vedtaksteksten er for lang (høyst 20 000 tegn).")
    if errors:
        raise ValidationError(errors)
    return {
        "decision_body": body,
        "meeting_date": meeting_date,
        "item_number": (item_number or "").strip()[:30],
        "votes_for": votes_for,
        "votes_against": votes_against,
        "votes_abstaining": votes_abstaining,
        "decision_text": normalize_text(decision_text),
    }


def _record_decision(locked: RegulationVersion, fields: dict, *, by, at: datetime) -> None:
    """Write who decided, when, and the decision's `fields` on the locked version."""
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.decided_at = at
    locked.decided_by = by


def version_adopt(
    *, version: RegulationVersion, by, now: datetime | None = None, **meeting: Unpack[MeetingRecord]
) -> RegulationVersion:
    """Record the committee's adoption (or its confirmation of a hastevedtak).

    `now` (when the decision was registered) is only set when importing historical decisions.

    The version is frozen with the hash of its exact content; its archival PDF is produced
    after commit. Adopting a repeal repeals every adopted version of the regulation.
    """
    fields = _meeting_fields(adopting=True, layer=version.regulation.layer, **meeting)
    meeting_date = fields["meeting_date"]
    with transaction.atomic():
        locked = _lock(version)
        name = "confirm" if locked.status == VersionStatus.URGENT else "adopt"
        if name == "confirm" and locked.valid_until and locked.valid_until <= (now or timezone.now()):
            raise ValidationError(
                {
                    "meeting_date": _(
                        "Hastevedtaket gjaldt til %(end)s og kan ikke lenger stadfestes. Vedta en ny forskrift i stedet."
                    )
                    % {"end": format_datetime_nb(locked.valid_until)}
                }
            )
        if name == "confirm" and locked.decided_at and meeting_date < timezone.localdate(locked.decided_at):
            raise ValidationError(
                {
                    "meeting_date": _("Hastevedtaket ble fattet %(made)s. Det kan ikke stadfestes i et møte før det.")
                    % {"made": format_datetime_nb(locked.decided_at)}
                }
            )
        if name == "adopt":
            _check_complete(locked)
            _check_not_retroactive(locked, meeting_date)
            _check_order(locked)
        _check_in_step(locked)
        _record_decision(locked, fields, by=by, at=now or timezone.now())
        document_freeze(obj=locked, name=name, by=by, comment=locked.decision_text, at=locked.decided_at)
        if locked.kind == VersionKind.REPEAL:
            # Only versions still governing when the repeal takes effect are repealed; one that
            # had already expired stays "expired".
            for earlier in (
                RegulationVersion.objects.select_for_update()
                .filter(regulation=locked.regulation, status=VersionStatus.ADOPTED)
                .exclude(pk=locked.pk)
                .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=locked.valid_from))
            ):
                transition_run(
                    obj=earlier,
                    name="repeal",
                    by=by,
                    comment=_("Opphevet ved vedtak av %(date)s (versjon %(n)s)")
                    % {"date": meeting_date.strftime("%d.%m.%Y"), "n": locked.number},
                    content_hash=earlier.content_hash,
                    at=locked.decided_at,
                )
        _queue_archive(locked)
    return locked


def version_reject(
    *, version: RegulationVersion, by, now: datetime | None = None, **meeting: Unpack[MeetingRecord]
) -> RegulationVersion:
    """Record that the committee rejected the proposal; the text stays readable (`now`: see
    `version_adopt`)."""
    fields = _meeting_fields(adopting=False, layer=version.regulation.layer, **meeting)
    with transaction.atomic():
        locked = _lock(version)
        _record_decision(locked, fields, by=by, at=now or timezone.now())
        transition_run(
            obj=locked,
            name="reject",
            by=by,
            comment=locked.decision_text,
            content_hash=version_content_hash(locked),
            at=now,
        )
    return locked


def version_issue_urgent(
    *,
    version: RegulationVersion,
    by,
    valid_from: datetime | None = None,
    duration_days: int = 7,
    confirmation_deadline: datetime | None = None,
    comment: str = "",
    now: datetime | None = None,
) -> RegulationVersion:
    """The medical officer's hastevedtak: in force at once (or from `valid_from`) for a short
    fixed period, with a deadline for the political body to confirm it.

    `now` is the moment of the decision; it defaults to the present and is only set when
    importing a historical decision (demo data, migration from an earlier system).
    """
    errors = {}
    if not isinstance(duration_days, int) or not 1 <= duration_days <= 30:
        errors["duration_days"] = _("Et hastevedtak kan gjelde fra 1 til 30 dager.")
    now = now or timezone.now()
    valid_from = valid_from or now
    if valid_from.year > 2100:
        errors["valid_from"] = _("Datoen må ligge mellom år %(min)s og %(max)s.") % {"min": 1900, "max": 2100}
    elif valid_from < now - timedelta(days=1):
        errors["valid_from"] = _("Et hastevedtak kan ikke gis virkning mer enn ett døgn tilbake i tid.")
    if errors:
        raise ValidationError(errors)
    valid_until = valid_from + timedelta(days=duration_days)
    deadline = confirmation_deadline or valid_until
    if deadline <= valid_from or deadline > valid_until:
        raise ValidationError(
            {"confirmation_deadline": _("Fristen for stadfesting må ligge innenfor hastevedtakets varighet.")}
        )
    with transaction.atomic():
        locked = _lock(version)
        locked.valid_from, locked.valid_until, locked.confirmation_deadline = valid_from, valid_until, deadline
        _rewrite_in_force_clause(locked, by)
        _check_complete(locked)
        _check_in_step(locked)
        _record_decision(locked, {"decision_body": DecisionBody.MEDICAL_OFFICER}, by=by, at=now)
        document_freeze(obj=locked, name="issue_urgent", by=by, comment=normalize_text(comment), at=now)
        _queue_archive(locked)
    return locked


def version_lapse(
    *, version: RegulationVersion, by, comment: str, ends_at: datetime | None = None, now: datetime | None = None
) -> RegulationVersion:
    """The political body does not confirm a hastevedtak: it ends at `ends_at` when it is
    replaced from a given moment (e.g. by a regulation in force from then), else now, when
    the refusal is registered (a hastevedtak not confirmed is no longer in force).

    `now` is only set when importing a historical decision."""
    comment = transition_comment_required(comment, _("Skriv hvorfor hastevedtaket ikke stadfestes."))
    with transaction.atomic():
        locked = _lock(version)
        if ends_at is None:
            decided_at = now or timezone.now()
            if locked.valid_from is not None and locked.valid_from < decided_at:
                ends_at = decided_at
        if ends_at is not None:
            if locked.valid_from and ends_at <= locked.valid_from:
                raise ValidationError(
                    {"ends_at": _("Opphørstidspunktet må være etter at hastevedtaket trådte i kraft.")}
                )
            if locked.valid_until is None or ends_at < locked.valid_until:
                locked.valid_until = ends_at
                if locked.confirmation_deadline and locked.confirmation_deadline > ends_at:
                    locked.confirmation_deadline = ends_at
                # The end is part of the decided content: this decision sets a new one, and the
                # content hash it records (and audit_verify checks) is that of the text as it now stands.
                locked.content_hash = version_content_hash(locked)
        transition_run(obj=locked, name="lapse", by=by, comment=comment, content_hash=locked.content_hash, at=now)
    return locked


def version_archive_requeue(*, version: RegulationVersion) -> None:
    """Queue the archival PDF again after a failed render (a new outbox job)."""
    document_archive_queue(obj=version, retry=True)
