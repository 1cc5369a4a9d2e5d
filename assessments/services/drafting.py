"""Writing an assessment: create, edit its sections, enter the figures, set the overall
level, recommend measures. Only drafts change; every write records who and why."""

import html
import re
from datetime import date, datetime
from typing import NotRequired, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import history_note, save_with_history
from core.models import Organization
from core.sanitize import normalize_text, sanitize_html
from core.selectors import has_role
from measures.models import MeasureType
from measures.validation import measures_to_store

from ..indicators import IndicatorInputs, bands_of, compute_readings, level_for, suggest_level, table_in_force
from ..models import (
    DRAFTING_ROLES,
    SECTION_FIELDS,
    Assessment,
    IndicatorReading,
    RecommendedMeasure,
    RegulationChapter,
    RiskLevel,
)

MAX_SECTION_LENGTH = 100_000
_TAG = re.compile(r"<[a-zA-Z/!]")


class StaleEditError(ValidationError):
    """Someone else saved the draft after this user opened it."""


def require_drafter(user, municipality_id: int) -> None:
    if not has_role(user, municipality_id, *DRAFTING_ROLES):
        raise PermissionDenied(_("Du har ikke tilgang til å skrive risikovurderinger for denne kommunen."))


def rich_text(value: str | None) -> str:
    """Sanitized HTML for a template section. Plain text (no tags) becomes paragraphs,
    one per blank-line-separated block, so the officer can paste text from anywhere."""
    text = normalize_text(value)
    if not text:
        return ""
    if not _TAG.search(text):
        blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
        text = "".join("<p>" + html.escape(b).replace("\n", "<br>") + "</p>" for b in blocks)
    return sanitize_html(text)


def lock_assessment(assessment: Assessment) -> Assessment:
    """The assessment read again, with its municipality, and locked until the transaction ends."""
    return Assessment.objects.select_for_update().select_related("municipality").get(pk=assessment.pk)


def _lock_draft(assessment: Assessment) -> Assessment:
    locked = lock_assessment(assessment)
    if not locked.is_editable:
        raise ValidationError(
            _("Vurderingen har status «%(status)s» og kan ikke endres.") % {"status": locked.get_status_display()}
        )
    return locked


def _lock_unchanged(assessment: Assessment, expected_revision: int | None) -> Assessment:
    """Lock the draft as `_lock_draft` does; refuse with StaleEditError when it was saved since
    the user opened it at `expected_revision` (None: the caller does not know, no check)."""
    locked = _lock_draft(assessment)
    if expected_revision is not None and locked.revision != expected_revision:
        raise StaleEditError(
            _("Vurderingen er endret av en annen etter at du åpnet den. Last siden på nytt; ingenting er overskrevet.")
        )
    return locked


def _touch(locked: Assessment, by, reason: str) -> None:
    locked.revision += 1
    save_with_history(locked, by, reason)


def assessment_create(
    *, municipality: Organization, by, on: date, sections: dict[str, str] | None = None, now: datetime | None = None
) -> Assessment:
    """Start the week's assessment of a municipality (one per ISO week).

    `now` (creation time) is only set when importing historical assessments."""
    require_drafter(by, municipality.pk)
    if not municipality.is_municipality:
        raise ValidationError({"municipality": _("Risikovurderinger skrives for en kommune.")})
    if not isinstance(on, date):
        raise ValidationError({"date": _("Angi datoen for vurderingen.")})
    iso_year, iso_week, _weekday = on.isocalendar()
    if Assessment.objects.filter(municipality=municipality, iso_year=iso_year, iso_week=iso_week).exists():
        raise ValidationError(
            {
                "date": _("%(name)s har allerede en risikovurdering for uke %(week)s %(year)s.")
                % {"name": municipality.name, "week": iso_week, "year": iso_year}
            }
        )
    sections = sections or {}
    unknown = set(sections) - {name for name, _label in SECTION_FIELDS}
    if unknown:
        raise ValidationError(_("Ukjent avsnitt: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    with transaction.atomic():
        assessment = Assessment(
            municipality=municipality,
            author=by,
            date=on,
            iso_year=iso_year,
            iso_week=iso_week,
            created_at=now or timezone.now(),
            **{name: rich_text(sections.get(name, "")) for name, _label in SECTION_FIELDS},
        )
        assessment.full_clean()
        try:
            with transaction.atomic():
                save_with_history(assessment, by, _("Risikovurdering opprettet"))
        except IntegrityError as exc:
            raise ValidationError({"date": _("Det finnes allerede en risikovurdering for denne uken.")}) from exc
    return assessment


def assessment_update_sections(
    *, assessment: Assessment, by, expected_revision: int, sections: dict[str, str], reason: str = ""
) -> Assessment:
    """Save the template's text sections (sanitized) of a draft; refuses stale edits."""
    require_drafter(by, assessment.municipality_id)
    errors = {}
    cleaned = {}
    for name, label in SECTION_FIELDS:
        if name not in sections:
            continue
        value = rich_text(sections[name])
        if len(value) > MAX_SECTION_LENGTH:
            errors[name] = _("«%(label)s» er for lang.") % {"label": label}
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_unchanged(assessment, expected_revision)
        for name, value in cleaned.items():
            setattr(locked, name, value)
        locked.full_clean()
        _touch(locked, by, reason or _("Tekst endret"))
    return locked


def _compute_and_store(locked: Assessment, inputs: IndicatorInputs, by, reason: str) -> None:
    readings = compute_readings(inputs)
    existing = {r.indicator: r for r in locked.readings.all()}
    levels = []
    for reading in readings:
        table = table_in_force(reading.indicator, locked.date)
        level = level_for(reading.value, bands_of(table))
        levels.append(level)
        row = existing.get(reading.indicator) or IndicatorReading(assessment=locked, indicator=reading.indicator)
        for field in (
            "cases",
            "days",
            "population",
            "tested",
            "positive",
            "admissions",
            "municipalities_over",
            "municipalities_total",
        ):
            setattr(row, field, reading.inputs.get(field))
        row.r_source = reading.inputs.get("r_source", "") or ""
        row.value = reading.value
        row.level = level
        row.threshold_table = table if reading.value is not None else None
        row.full_clean(exclude=["assessment"])
        save_with_history(row, by, reason)
    locked.suggested_risk_level = suggest_level(levels)


def assessment_set_indicators(*, assessment: Assessment, by, inputs: IndicatorInputs) -> Assessment:
    """Compute the indicator values from the figures, look up their levels in the threshold
    tables in force on the assessment's date, and refresh the suggested overall level."""
    require_drafter(by, assessment.municipality_id)
    compute_readings(inputs)  # validate before taking any lock
    with transaction.atomic():
        locked = _lock_draft(assessment)
        reason = _("Indikatorer registrert")
        _compute_and_store(locked, inputs, by, reason)
        _touch(locked, by, reason)
    return locked


def _check_level(level, justification: str, suggested) -> None:
    errors = {}
    if level in (None, ""):
        errors["risk_level"] = _("Velg risikonivå.")
    elif level not in RiskLevel.values:
        errors["risk_level"] = _("Risikonivået må være fra 1 til 5.")
    elif suggested and level != suggested and not justification:
        errors["level_justification"] = _(
            "Risikonivå %(level)s avviker fra det foreslåtte nivået %(suggested)s. Skriv en begrunnelse."
        ) % {"level": level, "suggested": suggested}
    if errors:
        raise ValidationError(errors)


def assessment_set_risk_level(*, assessment: Assessment, by, level: int, justification: str = "") -> Assessment:
    """The officer's official overall level; differing from the suggestion needs a justification."""
    require_drafter(by, assessment.municipality_id)
    justification = normalize_text(justification)
    with transaction.atomic():
        locked = _lock_draft(assessment)
        _check_level(level, justification, locked.suggested_risk_level)
        locked.risk_level = level
        locked.level_justification = justification
        locked.full_clean()
        _touch(locked, by, _("Risikonivå satt til %(level)s") % {"level": level})
    return locked


def _validate_measure(*, heading, text, justification, fhi_level, regulation_chapter, is_advice) -> None:
    errors = {}
    if not heading:
        errors["heading"] = _("Gi tiltaket en overskrift.")
    elif len(heading) > 300:
        errors["heading"] = _("Overskriften er for lang (høyst 300 tegn).")
    if not justification:
        errors["justification"] = _("Begrunn anbefalingen.")
    if not is_advice and not text:
        errors["text"] = _("Et påbud blir en paragraf i forskriftsutkastet: skriv teksten.")
    if fhi_level not in (None, "") and fhi_level not in RiskLevel.values:
        errors["fhi_level"] = _("Tiltakspakken må være for risikonivå 1–5.")
    if regulation_chapter not in RegulationChapter.values:
        errors["regulation_chapter"] = _("Velg 5A, 5B, 5C eller ingen.")
    if errors:
        raise ValidationError(errors)


class MeasureFields(TypedDict):
    """What the officer enters for a recommended measure (`recommended_measure_add`, `_update`)."""

    measure_type: MeasureType
    parameters: dict
    heading: str
    justification: str
    text: NotRequired[str]
    fhi_level: NotRequired[int | None]
    regulation_chapter: NotRequired[str]
    is_advice: NotRequired[bool]


def _measure_fields(
    *,
    measure_type: MeasureType,
    parameters: dict,
    heading: str,
    justification: str,
    text: str = "",
    fhi_level: int | None = None,
    regulation_chapter: str = "",
    is_advice: bool = False,
) -> dict:
    """The recommendation's fields as stored, normalized and validated. Its parameters are
    validated by `measures.schema` and stored as `schema.dump` writes them (a type of the first
    catalog as the typed kind it means)."""
    heading = " ".join((heading or "").split())
    text, justification = normalize_text(text), normalize_text(justification)
    _validate_measure(
        heading=heading,
        text=text,
        justification=justification,
        fhi_level=fhi_level,
        regulation_chapter=regulation_chapter or "",
        is_advice=is_advice,
    )
    stored_type, stored = _one_typed(measure_type, parameters)
    return {
        "measure_type": stored_type,
        "parameters": stored,
        "heading": heading,
        "text": text,
        "fhi_level": fhi_level or None,
        "regulation_chapter": regulation_chapter or "",
        "justification": justification,
        "is_advice": is_advice,
    }


def recommended_measure_add(*, assessment: Assessment, by, **entered: Unpack[MeasureFields]) -> RecommendedMeasure:
    """Append a recommended measure (its fields validated and stored as `_measure_fields` says)."""
    require_drafter(by, assessment.municipality_id)
    fields = _measure_fields(**entered)
    with transaction.atomic():
        locked = _lock_draft(assessment)
        order = (locked.recommended_measures.aggregate(m=Max("order"))["m"] or 0) + 1
        measure = RecommendedMeasure(assessment=locked, order=order, **fields)
        measure.full_clean(exclude=["assessment"])
        reason = _("Anbefalt tiltak %(n)s lagt til") % {"n": order}
        save_with_history(measure, by, reason)
        _touch(locked, by, reason)
    return measure


def _one_typed(measure_type: MeasureType, parameters: dict) -> tuple[MeasureType, dict]:
    """The type and parameters a recommendation stores: the typed kind's, or, for a measure of
    the first catalog that means several typed ones (school levels per stage), the first
    catalog's as given (validated): the draft regulation made from it gets each typed measure."""
    to_store = measures_to_store(measure_type=measure_type, parameters=parameters)
    if len(to_store) == 1:
        return to_store[0]
    return measure_type, parameters


def recommended_measure_update(
    *, measure: RecommendedMeasure, by, expected_revision: int | None = None, **entered: Unpack[MeasureFields]
) -> RecommendedMeasure:
    """Change a recommendation, validated as in `recommended_measure_add`. Refuses with
    StaleEditError when the assessment was saved since `expected_revision`."""
    require_drafter(by, measure.assessment.municipality_id)
    fields = _measure_fields(**entered)
    if fields["measure_type"].legacy:
        raise ValidationError({"measure_type": _("Velg en av tiltakstypene i listen.")})
    with transaction.atomic():
        locked = _lock_unchanged(measure.assessment, expected_revision)
        current = RecommendedMeasure.objects.select_for_update().get(pk=measure.pk)
        for name, value in fields.items():
            setattr(current, name, value)
        current.full_clean(exclude=["assessment"])
        reason = _("Anbefalt tiltak %(n)s endret") % {"n": current.order}
        save_with_history(current, by, reason)
        _touch(locked, by, reason)
    return current


def recommended_measure_remove(*, measure: RecommendedMeasure, by) -> None:
    """Remove a recommendation; the ones after it move up so the numbering stays 1, 2, 3…"""
    require_drafter(by, measure.assessment.municipality_id)
    with transaction.atomic():
        locked = _lock_draft(measure.assessment)
        reason = _("Anbefalt tiltak %(n)s fjernet") % {"n": measure.order}
        history_note(measure, by=by, reason=reason)
        measure.delete()
        for later in locked.recommended_measures.filter(order__gt=measure.order).order_by("order"):
            later.order -= 1
            save_with_history(later, by, reason)
        _touch(locked, by, reason)


def recommended_measure_move(*, measure: RecommendedMeasure, by, up: bool) -> None:
    """Swap a recommendation with its neighbour above (up) or below."""
    require_drafter(by, measure.assessment.municipality_id)
    with transaction.atomic():
        locked = _lock_draft(measure.assessment)
        measures = list(locked.recommended_measures.order_by("order"))
        index = next((i for i, m in enumerate(measures) if m.pk == measure.pk), None)
        if index is None:
            return
        other_index = index - 1 if up else index + 1
        if not 0 <= other_index < len(measures):
            return
        a, b = measures[index], measures[other_index]
        reason = _("Rekkefølgen på anbefalte tiltak er endret")
        # Free the numbers first so that the swap does not trip the unique constraint.
        RecommendedMeasure.objects.filter(pk__in=[a.pk, b.pk]).update(order=F("order") + 100000)
        a.order, b.order = b.order, a.order
        save_with_history(a, by, reason)
        save_with_history(b, by, reason)
        _touch(locked, by, reason)
