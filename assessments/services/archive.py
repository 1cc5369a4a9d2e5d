"""Freezing an approved assessment: the hash of its content and its archival PDF."""

import hashlib
import json
import logging

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.frozen import FrozenKind
from core.services import archived_document_create

from ..models import FROZEN_STATUSES, SECTION_FIELDS, Assessment

logger = logging.getLogger(__name__)


def _related(assessment: Assessment, name: str, *select: str) -> list:
    """A related set, from the caller's prefetch when it made one (the API's pages do)."""
    manager = getattr(assessment, name)
    if name in getattr(assessment, "_prefetched_objects_cache", {}):
        return list(manager.all())
    return list(manager.select_related(*select)) if select else list(manager.all())


def assessment_content_hash(assessment: Assessment) -> str:
    """SHA-256 of the canonical content that is approved: text, figures, levels, measures."""
    payload = {
        "assessment": assessment.pk,
        "municipality": assessment.municipality.municipality_number,
        "date": assessment.date.isoformat(),
        "sections": {name: getattr(assessment, name) for name, _label in SECTION_FIELDS},
        "risk_level": assessment.risk_level,
        "suggested_risk_level": assessment.suggested_risk_level,
        "level_justification": assessment.level_justification,
        "readings": [
            {
                "indicator": r.indicator, "value": str(r.value) if r.value is not None else None, "level": r.level,
                "table": r.threshold_table_id,
                "inputs": [r.cases, r.days, r.population, r.tested, r.positive, r.admissions,
                           r.municipalities_over, r.municipalities_total, r.r_source],
            }
            for r in sorted(_related(assessment, "readings"), key=lambda r: r.indicator)
        ],
        "measures": [
            {
                "order": m.order, "type": m.measure_type.code, "parameters": m.parameters, "heading": m.heading,
                "text": m.text, "fhi_level": m.fhi_level, "chapter": m.regulation_chapter,
                "justification": m.justification, "advice": m.is_advice,
            }
            for m in sorted(_related(assessment, "recommended_measures", "measure_type"), key=lambda m: (m.order, m.pk))
        ],
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def frozen_kind() -> FrozenKind:
    """Approved (and later superseded) assessments are frozen with their content hash."""
    return FrozenKind(
        label="assessments.assessment", noun=gettext_lazy("Risikovurdering"),
        frozen=lambda: Assessment.objects.filter(status__in=FROZEN_STATUSES).exclude(content_hash="")
        .select_related("municipality"),
        recorded_hash=lambda assessment: assessment.content_hash if assessment.is_frozen else "",
        current_hash=assessment_content_hash,
        warning=gettext_lazy("Vurderingen i databasen stemmer ikke med innholdets SHA-256 fra godkjenningen. Den kan være "
                  "endret utenom applikasjonen: bruk det arkiverte dokumentet, og varsle systemansvarlig."),
    )


def assessment_archive_pdf(*, assessment_id: int) -> Assessment:
    """Render the approved assessment once and store the exact bytes with their SHA-256.

    Idempotent: an assessment that already has its archived PDF keeps it. A failed render
    stores nothing (the error is kept for the page) and raises so the task retries.
    """
    from ..pdf import render_assessment_pdf

    assessment = Assessment.objects.select_related("municipality").get(pk=assessment_id)
    if assessment.archived_pdf_id or not assessment.is_frozen:
        return assessment
    try:
        content = render_assessment_pdf(assessment)
    except Exception as exc:
        # pdf_error is excluded from history: a transient render failure is not a change of the record.
        Assessment.objects.filter(pk=assessment.pk).update(pdf_error=str(exc)[:2000] or exc.__class__.__name__)
        logger.exception("PDF render of assessment %s failed", assessment.pk)
        raise
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment_id)
        if locked.archived_pdf_id:
            return locked
        doc = archived_document_create(
            content=content,
            filename=f"risikovurdering-{locked.municipality_id}-{locked.iso_year}-uke{locked.iso_week:02d}.pdf",
            pdf_variant="pdf/a-3b",
        )
        locked.archived_pdf = doc
        locked.pdf_error = ""
        locked._history_user = None
        locked._change_reason = _("Arkiv-PDF lagret (SHA-256 %(h)s)") % {"h": doc.sha256}
        locked.save()
    return locked
