"""Drafting: create a regulation, edit a draft version, start amendments/extensions/repeals."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cases.services import case_create
from core.history import history_note, save_with_history
from core.models import Organization
from core.sanitize import normalize_text
from core.validators import validate_reasonable_date
from measures.models import MeasureType
from measures.validation import measures_to_store
from register.selectors import municipality_get

from ..models import (
    DEFAULT_LEGAL_BASIS,
    EFFECTIVE_STATUSES,
    ISSUER_KINDS,
    Layer,
    LevelPlacement,
    Measure,
    MeasureLevel,
    Regulation,
    RegulationVersion,
    Section,
    VersionKind,
    VersionStatus,
    may_draft,
)
from ..text import format_date_nb, format_datetime_nb, format_until_nb, is_in_force_heading

PLACEHOLDER = "[fyll inn]"
# The covid-19 regulation's own legal basis (FOR-2020-03-27-470), for the national and regional layers.
NATIONAL_LEGAL_BASIS = (
    "lov 5. august 1994 nr. 55 om vern mot smittsomme sykdommer (smittevernloven) § 4-3 første ledd, § 4-10 og § 7-12"
)


class StaleEditError(ValidationError):
    """Someone else saved the draft after this user opened it."""


@dataclass
class SectionInput:
    number: int
    heading: str
    body: str
    id: int | None = None


def _require_drafter(user, municipality_id: int, *, urgent: bool = False) -> None:
    if not may_draft(user, municipality_id, urgent=urgent):
        if urgent:
            raise PermissionDenied(_("Bare kommuneoverlegen kan fatte hastevedtak."))
        raise PermissionDenied(_("Du har ikke tilgang til å utarbeide forskrifter for denne kommunen."))


def _in_force_wording(start: str, end: str | None, *, layer: str = Layer.LOCAL) -> str:
    clause = _("Forskriften trer i kraft %(start)s") % {"start": start}
    if end:
        clause += _(", og gjelder til og med %(end)s") % {"end": end}
    who = (
        _("Kommunen kan forlenge, oppheve og endre forskriften.")
        if layer == Layer.LOCAL
        else _("Departementet kan forlenge, oppheve og endre forskriften.")
    )
    return clause + ".\n\n" + who


def _in_force_clause(valid_from: datetime | None, valid_until: datetime | None, *, layer: str = Layer.LOCAL) -> str:
    """The generated in-force section; an end at midnight is the day before, «til og med»."""
    return _in_force_wording(
        format_datetime_nb(valid_from) if valid_from else PLACEHOLDER,
        format_until_nb(valid_until) if valid_until else None,
        layer=layer,
    )


def _keep_in_force_clause_in_step(
    sections: list[SectionInput],
    *,
    old: list[tuple[datetime | None, datetime | None]],
    valid_from,
    valid_until,
    layer: str = Layer.LOCAL,
) -> None:
    """An in-force section still in the generated wording for the dates the version had
    (`old`: its own, and those of the version it was copied from) is rewritten for the new
    dates. One a person has rewritten is left as it stands: submitting and adopting refuse
    while it disagrees with the fields (decisions._check_in_step)."""
    with translation.override(settings.LANGUAGE_CODE):
        generated = {normalize_text(_in_force_clause(start, end, layer=layer)) for start, end in old}
        # Drafts generated before an end at midnight was written as the day before.
        generated |= {
            normalize_text(
                _in_force_wording(
                    format_datetime_nb(start) if start else PLACEHOLDER,
                    format_datetime_nb(end) if end else None,
                    layer=layer,
                )
            )
            for start, end in old
        }
        generated.add(normalize_text(_in_force_wording(PLACEHOLDER, PLACEHOLDER)))  # the assessment's draft
        current = normalize_text(_in_force_clause(valid_from, valid_until, layer=layer))
    for s in sections:
        if is_in_force_heading(s.heading) and normalize_text(s.body) in generated:
            s.body = current


def _default_sections(
    municipality: Organization, valid_from, valid_until, *, layer: str = Layer.LOCAL, level: str = ""
) -> list[tuple[str, str]]:
    # The text of a regulation is Norwegian whatever language the drafter's screen is in.
    with translation.override(settings.LANGUAGE_CODE):
        return _default_sections_nb(municipality, valid_from, valid_until, layer=layer, level=level)


def _default_sections_nb(municipality: Organization, valid_from, valid_until, *, layer, level) -> list[tuple[str, str]]:
    if layer == Layer.NATIONAL:
        scope = _("Forskriften gjelder i hele landet.")
    elif layer == Layer.REGIONAL:
        scope = _(
            "Bestemmelsene gjelder i kommunene som er plassert på tiltaksnivå %(level)s, for perioden de er plassert der."
        ) % {"level": level}
    else:
        scope = _("Forskriften gjelder i %(name)s.") % {"name": municipality.name}
    return [
        (_("Formål"), _("Formålet med forskriften er å hindre eller begrense spredning av SARS-CoV-2.")),
        (_("Virkeområde"), scope),
        (_("Ikrafttredelse og varighet"), _in_force_clause(valid_from, valid_until, layer=layer)),
    ]


def _validate_layer(municipality: Organization, layer: str, level: str) -> None:
    """Who issues which layer (`ISSUER_KINDS`), and a level only for a regional one."""
    if layer not in Layer.values:
        raise ValidationError({"layer": _("Ukjent nivå.")})
    if municipality.kind not in ISSUER_KINDS[Layer(layer)]:
        if layer == Layer.LOCAL:
            raise ValidationError({"municipality": _("Lokale forskrifter kan bare fastsettes av en kommune.")})
        raise ValidationError(
            {
                "municipality": _(
                    "Nasjonale forskrifter og regionale tiltaksnivåer fastsettes av departementet eller direktoratet."
                )
            }
        )
    if layer == Layer.REGIONAL and level not in MeasureLevel.values:
        raise ValidationError({"level": _("Velg tiltaksnivå A, B eller C.")})
    if layer != Layer.REGIONAL and level:
        raise ValidationError({"level": _("Bare et regionalt tiltaksnivå har tiltaksnivå A, B eller C.")})


def _validate_dates(valid_from, valid_until) -> None:
    errors = {}
    for field, value in (("valid_from", valid_from), ("valid_until", valid_until)):
        try:
            validate_reasonable_date(value)
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)
    if valid_from and valid_until and valid_until <= valid_from:
        raise ValidationError({"valid_until": _("«Gjelder til og med» må være etter «gjelder fra».")})


def regulation_create(
    *,
    municipality: Organization,
    title: str,
    by,
    short_title: str = "",
    legal_basis: str = "",
    kind: str = VersionKind.ORIGINAL,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    sections: list[SectionInput] | None = None,
    now: datetime | None = None,
    layer: str = Layer.LOCAL,
    level: str = "",
    lovdata_id: str = "",
) -> RegulationVersion:
    """Open a case and a regulation with its first draft version; returns that version.

    `municipality` is the issuer: a municipality for a local regulation (`layer` local), the
    ministry or the directorate for the national regulation and a regional level (`layer`
    regional with `level` A, B or C). `now` (creation time, and so the case year) is only set
    when importing historical records.

    Without `sections` the draft starts with § 1 Formål, § 2 Virkeområde and an in-force clause.
    """
    if kind not in (VersionKind.ORIGINAL, VersionKind.URGENT):
        raise ValidationError(_("Velg om det er en forskrift som skal vedtas politisk, eller et hastevedtak."))
    _require_drafter(by, municipality.pk, urgent=kind == VersionKind.URGENT)
    _validate_layer(municipality, layer, level)
    if kind == VersionKind.URGENT and layer != Layer.LOCAL:
        raise ValidationError({"kind": _("Hastevedtak fattes bare av kommuneoverlegen for en kommune.")})
    _validate_dates(valid_from, valid_until)
    with transaction.atomic():
        if layer != Layer.LOCAL:
            _refuse_a_second(municipality, layer, level)
        created = now or timezone.now()
        case = case_create(organization=municipality, title=title.strip(), by=by, year=timezone.localtime(created).year)
        regulation = Regulation(
            municipality=municipality,
            case=case,
            title=title.strip(),
            short_title=short_title.strip(),
            legal_basis=legal_basis.strip() or (DEFAULT_LEGAL_BASIS if layer == Layer.LOCAL else NATIONAL_LEGAL_BASIS),
            layer=layer,
            level=level,
            lovdata_id=lovdata_id.strip(),
            created_by=by,
            created_at=created,
        )
        regulation.full_clean()
        save_with_history(regulation, by, _("Forskrift opprettet"))
        version = RegulationVersion(
            regulation=regulation,
            number=1,
            kind=kind,
            valid_from=valid_from,
            valid_until=valid_until,
            created_by=by,
            created_at=created,
        )
        version.full_clean()
        save_with_history(version, by, _("Utkast opprettet"))
        if sections is None:
            sections = [
                SectionInput(number=i, heading=h, body=b)
                for i, (h, b) in enumerate(
                    _default_sections(municipality, valid_from, valid_until, layer=layer, level=level), start=1
                )
            ]
        _validate_sections(sections)
        for s in sections:
            section = Section(version=version, number=s.number, heading=s.heading.strip(), body=s.body.strip())
            section.full_clean()
            save_with_history(section, by, _("Paragraf lagt til"))
    return version


def _normalize_sections(sections: list[SectionInput]) -> None:
    for s in sections:
        s.heading = " ".join((s.heading or "").split())
        s.body = normalize_text(s.body)


def _validate_sections(sections: list[SectionInput], *, allow_empty: bool = True) -> None:
    _normalize_sections(sections)
    errors = []
    numbers = [s.number for s in sections]
    if len(set(numbers)) != len(numbers):
        dupes = sorted({n for n in numbers if numbers.count(n) > 1})
        errors.append(
            _("Paragrafnummer må være unike: § %(n)s er brukt flere ganger.") % {"n": ", § ".join(map(str, dupes))}
        )
    elif numbers and sorted(numbers) != list(range(1, len(numbers) + 1)):
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        if missing:
            errors.append(
                _("Paragrafene må nummereres fortløpende fra § 1: § %(n)s mangler.")
                % {"n": ", § ".join(map(str, missing))}
            )
        else:
            errors.append(_("Paragrafene må nummereres fortløpende fra § 1."))
    for s in sections:
        if not (s.heading or "").strip():
            errors.append(_("§ %(n)s mangler overskrift.") % {"n": s.number})
        if not (s.body or "").strip():
            errors.append(_("§ %(n)s mangler tekst.") % {"n": s.number})
        if len(s.heading or "") > 300:
            errors.append(_("Overskriften i § %(n)s er for lang (høyst 300 tegn).") % {"n": s.number})
        if len(s.body or "") > 20000:
            errors.append(_("Teksten i § %(n)s er for lang (høyst 20 000 tegn).") % {"n": s.number})
    if not sections and not allow_empty:
        errors.append(_("Forskriften må ha minst én paragraf."))
    if errors:
        raise ValidationError({"sections": errors})


def _lock_draft(version: RegulationVersion) -> RegulationVersion:
    locked = RegulationVersion.objects.select_for_update().select_related("regulation").get(pk=version.pk)
    if not locked.is_editable:
        raise ValidationError(
            _("Versjonen har status «%(status)s» og kan ikke endres. Start en endring av forskriften i stedet.")
            % {"status": locked.get_status_display()}
        )
    return locked


def version_update(
    *,
    version: RegulationVersion,
    by,
    expected_revision: int,
    sections: list[SectionInput],
    valid_from: datetime | None,
    valid_until: datetime | None,
    title: str | None = None,
    short_title: str | None = None,
    legal_basis: str | None = None,
    reason: str = "",
) -> RegulationVersion:
    """Save an edited draft: its dates, sections (added, changed, removed, renumbered) and,
    while nothing is decided yet, the regulation's title.

    Refuses with StaleEditError when someone saved the draft since `expected_revision`.
    """
    _require_drafter(by, version.regulation.municipality_id, urgent=version.kind == VersionKind.URGENT)
    _validate_dates(valid_from, valid_until)
    _validate_sections(sections)
    with transaction.atomic():
        locked = _lock_draft(version)
        if locked.revision != expected_revision:
            raise _stale(locked)
        regulation = locked.regulation
        reason = reason or _("Utkast endret")
        if title is not None or short_title is not None or legal_basis is not None:
            changed = False
            for field, value in (("title", title), ("short_title", short_title), ("legal_basis", legal_basis)):
                if value is not None and getattr(regulation, field) != value.strip():
                    changed = True
                    setattr(regulation, field, value.strip())
            if changed:
                if regulation.versions.filter(status__in=EFFECTIVE_STATUSES).exists():
                    raise ValidationError(
                        {"title": _("Tittel og hjemmel kan ikke endres etter at en versjon er vedtatt.")}
                    )
                if not regulation.legal_basis:
                    regulation.legal_basis = DEFAULT_LEGAL_BASIS
                regulation.full_clean()
                save_with_history(regulation, by, reason)

        old = [(locked.valid_from, locked.valid_until)]
        if locked.based_on is not None:
            old.append((locked.based_on.valid_from, locked.based_on.valid_until))
        _keep_in_force_clause_in_step(
            sections, old=old, valid_from=valid_from, valid_until=valid_until, layer=regulation.layer
        )

        existing = {s.pk: s for s in locked.sections.all()}
        keep_ids = {s.id for s in sections if s.id}
        unknown = keep_ids - set(existing)
        if unknown:
            raise ValidationError({"sections": [_("En paragraf tilhører ikke dette utkastet.")]})
        for pk, section in existing.items():
            if pk not in keep_ids:
                history_note(section, by=by, reason=reason)
                section.delete()
        moving = [s.id for s in sections if s.id and existing[s.id].number != s.number]
        if moving:
            # Free the numbers first so that swapping § 2 and § 3 does not trip the unique
            # constraint; the final numbers are saved (with history) just below.
            Section.objects.filter(pk__in=moving).update(number=F("number") + 100000)
        for s in sections:
            section = existing[s.id] if s.id else Section(version=locked)
            if section.pk:
                section.refresh_from_db(fields=["number"])
            if section.pk and (section.number, section.heading, section.body) == (
                s.number,
                s.heading.strip(),
                s.body.strip(),
            ):
                continue
            section.number, section.heading, section.body = s.number, s.heading.strip(), s.body.strip()
            section.full_clean(exclude=["version"])
            save_with_history(section, by, reason)

        locked.valid_from, locked.valid_until = valid_from, valid_until
        locked.revision += 1
        locked.full_clean()
        save_with_history(locked, by, reason)
    return locked


def _stale(locked: RegulationVersion) -> StaleEditError:
    """The refusal of an edit made on a draft someone else has saved since it was opened."""
    editor = locked.history.first()
    who = (
        editor.history_user.get_full_name() or editor.history_user.username
        if editor and editor.history_user
        else _("en annen bruker")
    )
    return StaleEditError(
        _(
            "Utkastet er endret av %(who)s etter at du åpnet det. Last siden på nytt og gjør endringene dine igjen; ingenting er overskrevet."
        )
        % {"who": who}
    )


def _touch(version: RegulationVersion, by, reason: str) -> None:
    version.revision += 1
    save_with_history(version, by, reason)


def measure_add(
    *, section: Section, by, measure_type: MeasureType, parameters: dict, is_advice: bool = False
) -> Measure:
    """Attach a structured measure to a section of a draft. Its parameters are validated by
    `measures.schema` and stored as `schema.dump` writes them; a type of the first catalog is
    stored as the typed measures it means (the first of them is returned)."""
    version = section.version
    _require_drafter(by, version.regulation.municipality_id, urgent=version.kind == VersionKind.URGENT)
    to_store = measures_to_store(measure_type=measure_type, parameters=parameters)
    reason = _("Tiltak lagt til i § %(n)s") % {"n": section.number}
    with transaction.atomic():
        locked = _lock_draft(version)
        measures = []
        for stored_type, stored in to_store:
            measure = Measure(section=section, measure_type=stored_type, parameters=stored, is_advice=is_advice)
            save_with_history(measure, by, reason)
            measures.append(measure)
        _touch(locked, by, reason)
    return measures[0]


def measure_update(
    *,
    measure: Measure,
    by,
    measure_type: MeasureType,
    parameters: dict,
    is_advice: bool = False,
    expected_revision: int | None = None,
) -> Measure:
    """Change a measure of a draft (its type, parameters, rule or advice), validated as in
    `measure_add`. Refuses with StaleEditError when the draft was saved since `expected_revision`."""
    version = measure.section.version
    _require_drafter(by, version.regulation.municipality_id, urgent=version.kind == VersionKind.URGENT)
    to_store = measures_to_store(measure_type=measure_type, parameters=parameters)
    if len(to_store) != 1:
        raise ValidationError({"measure_type": _("Velg en av tiltakstypene i listen.")})
    ((stored_type, stored),) = to_store
    reason = _("Tiltak endret i § %(n)s") % {"n": measure.section.number}
    with transaction.atomic():
        locked = _lock_draft(version)
        if expected_revision is not None and locked.revision != expected_revision:
            raise _stale(locked)
        current = Measure.objects.select_for_update().get(pk=measure.pk)
        current.measure_type, current.parameters, current.is_advice = stored_type, stored, is_advice
        save_with_history(current, by, reason)
        _touch(locked, by, reason)
    return current


def measure_remove(*, measure: Measure, by) -> None:
    version = measure.section.version
    _require_drafter(by, version.regulation.municipality_id, urgent=version.kind == VersionKind.URGENT)
    with transaction.atomic():
        locked = _lock_draft(version)
        reason = _("Tiltak fjernet fra § %(n)s") % {"n": measure.section.number}
        history_note(measure, by=by, reason=reason)
        measure.delete()
        _touch(locked, by, reason)


def version_start(*, regulation: Regulation, kind: str, by) -> RegulationVersion:
    """Start an amendment, extension or repeal as a new draft that begins as a copy of the
    latest adopted version (for a repeal: one section that repeals it)."""
    if kind not in (VersionKind.AMENDMENT, VersionKind.EXTENSION, VersionKind.REPEAL):
        raise ValidationError(_("Ukjent type endring."))
    _require_drafter(by, regulation.municipality_id)
    with transaction.atomic():
        Regulation.objects.select_for_update().get(pk=regulation.pk)
        if regulation.versions.filter(kind=VersionKind.REPEAL, status=VersionStatus.ADOPTED).exists():
            raise ValidationError(_("Forskriften er opphevet og kan ikke endres, forlenges eller oppheves på nytt."))
        if regulation.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.SUBMITTED]).exists():
            raise ValidationError(
                _("Forskriften har allerede et utkast eller en versjon til politisk behandling. Fullfør den først.")
            )
        base = (
            regulation.versions.filter(status__in=[VersionStatus.ADOPTED])
            .exclude(kind=VersionKind.REPEAL)
            .order_by("-valid_from", "-number")
            .first()
        )
        if base is None:
            raise ValidationError(_("Bare en vedtatt forskrift kan endres, forlenges eller oppheves."))
        number = (regulation.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        valid_from, valid_until = None, base.valid_until
        if kind == VersionKind.EXTENSION:
            valid_from, valid_until = base.valid_until, None
        elif kind == VersionKind.REPEAL:
            valid_until = None
        version = RegulationVersion(
            regulation=regulation,
            number=number,
            kind=kind,
            based_on=base,
            valid_from=valid_from,
            valid_until=valid_until,
            created_by=by,
        )
        reason = _("%(kind)s påbegynt (kopi av versjon %(n)s)") % {"kind": version.get_kind_display(), "n": base.number}
        save_with_history(version, by, reason)
        if kind == VersionKind.REPEAL:
            adopted = format_date_nb(base.meeting_date or base.decided_at)
            with translation.override(settings.LANGUAGE_CODE):
                body = _("%(title)s, vedtatt %(adopted)s, oppheves fra %(placeholder)s.") % {
                    "title": regulation.title,
                    "adopted": adopted,
                    "placeholder": PLACEHOLDER,
                }
                heading = _("Oppheving")
            save_with_history(Section(version=version, number=1, heading=heading, body=body), by, reason)
            return version
        for placement in base.placements.all():
            save_with_history(
                LevelPlacement(
                    version=version,
                    municipality_number=placement.municipality_number,
                    valid_from=placement.valid_from,
                    valid_until=placement.valid_until,
                ),
                by,
                reason,
            )
        for old in base.sections.prefetch_related("measures__measure_type"):
            new = Section(version=version, number=old.number, heading=old.heading, body=old.body)
            save_with_history(new, by, reason)
            for m in old.measures.all():
                save_with_history(
                    Measure(section=new, measure_type=m.measure_type, parameters=m.parameters, is_advice=m.is_advice),
                    by,
                    reason,
                )
    return version


def _placement_label(number: str) -> str:
    municipality = municipality_get(number)
    return f"{municipality.name} ({number})" if municipality else number


def _refuse_a_second(issuer: Organization, layer: str, level: str) -> None:
    """There is one national regulation and one regulation per regional level: it is changed
    by a new version, not by another regulation beside it. The issuer's row is locked, so two
    drafters pressing «Opprett» at once get one regulation and one refusal."""
    Organization.objects.select_for_update().filter(pk=issuer.pk).first()
    existing = Regulation.objects.filter(layer=layer, level=level).order_by("pk").first()
    if existing is None:
        return
    if layer == Layer.NATIONAL:
        message = _("Den nasjonale forskriften finnes allerede («%(title)s»). Endre den med en ny versjon.")
    else:
        message = _("Tiltaksnivå %(level)s finnes allerede («%(title)s»). Endre det med en ny versjon.")
    raise ValidationError(
        {"level" if layer == Layer.REGIONAL else "layer": message % {"title": existing.title, "level": level}}
    )


def _placement_within(version: RegulationVersion, valid_from: datetime, valid_until: datetime | None) -> None:
    """A placement lies within the period the level itself is in force (when that is set)."""
    starts_before = version.valid_from is not None and valid_from < version.valid_from
    ends_after = version.valid_until is not None and (valid_until is None or valid_until > version.valid_until)
    if not (starts_before or ends_after):
        return
    period = (
        _("fra %(start)s til og med %(end)s")
        % {"start": format_datetime_nb(version.valid_from), "end": format_until_nb(version.valid_until)}
        if version.valid_until
        else _("fra %(start)s, inntil videre") % {"start": format_datetime_nb(version.valid_from)}
    )
    field = "valid_from" if starts_before else "valid_until"
    raise ValidationError(
        {field: _("Plasseringen må ligge innenfor tiltaksnivåets gyldighet: %(period)s.") % {"period": period}}
    )


def placement_add(
    *, version: RegulationVersion, by, municipality_number: str, valid_from: datetime, valid_until: datetime | None
) -> LevelPlacement:
    """Place a municipality on the regional level of this draft, from `valid_from` until the
    instant `valid_until`, which is not part of it (None: until further notice).

    Refused unless the version is a draft of a regional level, the number is a municipality
    of the register in force on the first day, the period ends after it starts (not at it), and the
    municipality has no other placement in the version overlapping it."""
    regulation = version.regulation
    _require_drafter(by, regulation.municipality_id)
    if regulation.layer != Layer.REGIONAL:
        raise ValidationError(_("Bare et regionalt tiltaksnivå har kommuner plassert på seg."))
    number = (municipality_number or "").strip()
    errors: dict[str, list[str]] = {}
    if not valid_from:
        errors["valid_from"] = [_("Angi når plasseringen gjelder fra.")]
    if not re.fullmatch(r"[0-9]{4}", number):
        errors["municipality_number"] = [_("Kommunenummeret må ha fire sifre.")]
    elif valid_from and municipality_get(number, at=timezone.localtime(valid_from).date()) is None:
        errors["municipality_number"] = [
            _("%(number)s er ikke et kommunenummer i kommuneregisteret på %(date)s.")
            % {"number": number, "date": format_date_nb(valid_from)}
        ]
    for field, value in (("valid_from", valid_from), ("valid_until", valid_until)):
        try:
            validate_reasonable_date(value)
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)
    # The end is the instant the placement stops applying: an end at the start is a placement
    # of no time at all, shown as ending the day before it starts.
    if valid_from and valid_until and valid_until <= valid_from:
        errors["valid_until"] = [_("Plasseringen må slutte å gjelde etter at den begynner å gjelde.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_draft(version)
        _placement_within(locked, valid_from, valid_until)
        for other in locked.placements.filter(municipality_number=number):
            # Periods are half-open: one ending at 22 May 00.00 leaves that instant to the next.
            starts_before_end = valid_until is None or other.valid_from < valid_until
            ends_after_start = other.valid_until is None or other.valid_until > valid_from
            if starts_before_end and ends_after_start:
                raise ValidationError(
                    {
                        "valid_from": _(
                            "%(name)s er allerede plassert på tiltaksnivået fra %(start)s til og med %(end)s. "
                            "Perioder for samme kommune kan ikke overlappe."
                        )
                        % {
                            "name": _placement_label(number),
                            "start": format_datetime_nb(other.valid_from),
                            "end": format_until_nb(other.valid_until) if other.valid_until else _("inntil videre"),
                        }
                    }
                )
        placement = LevelPlacement(
            version=locked, municipality_number=number, valid_from=valid_from, valid_until=valid_until
        )
        placement.full_clean()
        reason = _("%(name)s plassert på tiltaksnivå %(level)s") % {
            "name": _placement_label(number),
            "level": regulation.level,
        }
        save_with_history(placement, by, reason)
        _touch(locked, by, reason)
    return placement


def placement_remove(*, placement: LevelPlacement, by) -> None:
    """Take a municipality's placement off a draft of a regional level."""
    version = placement.version
    _require_drafter(by, version.regulation.municipality_id)
    with transaction.atomic():
        locked = _lock_draft(version)
        reason = _("%(name)s tatt av tiltaksnivå %(level)s") % {
            "name": _placement_label(placement.municipality_number),
            "level": locked.regulation.level,
        }
        history_note(placement, by=by, reason=reason)
        placement.delete()
        _touch(locked, by, reason)
