"""Freezing an approved assessment: the hash of its content and its archival PDF."""

import hashlib
import json

from core.archive import document_archive_pdf

from ..models import SECTION_FIELDS, Assessment


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
                "indicator": r.indicator,
                "value": str(r.value) if r.value is not None else None,
                "level": r.level,
                "table": r.threshold_table_id,
                "inputs": [
                    r.cases,
                    r.days,
                    r.population,
                    r.tested,
                    r.positive,
                    r.admissions,
                    r.municipalities_over,
                    r.municipalities_total,
                    r.r_source,
                ],
            }
            for r in sorted(_related(assessment, "readings"), key=lambda r: r.indicator)
        ],
        "measures": [
            {
                "order": m.order,
                "type": m.measure_type.code,
                "parameters": m.parameters,
                "heading": m.heading,
                "text": m.text,
                "fhi_level": m.fhi_level,
                "chapter": m.regulation_chapter,
                "justification": m.justification,
                "advice": m.is_advice,
            }
            for m in sorted(_related(assessment, "recommended_measures", "measure_type"), key=lambda m: (m.order, m.pk))
        ],
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def assessment_archive_pdf(*, assessment_id: int) -> Assessment:
    """Render the approved assessment once and store the exact bytes with their SHA-256
    (`core.archive.document_archive_pdf`: idempotent; a failed render raises to be retried)."""
    return document_archive_pdf(label="assessments.assessment", object_id=assessment_id)
