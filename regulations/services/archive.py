"""Freezing a decided version: the hash of its content and its archival PDF."""

import hashlib
import json

from core.archive import document_archive_pdf
from core.history import canonical_instant

from ..models import Layer, RegulationVersion


def _sections(version: RegulationVersion) -> list:
    """The version's sections with their measures, from a prefetch when the caller made one."""
    if "sections" in getattr(version, "_prefetched_objects_cache", {}):
        sections = list(version.sections.all())
    else:
        sections = list(version.sections.prefetch_related("measures__measure_type"))
    return sorted(sections, key=lambda s: s.number)


def section_content(sections) -> list[dict]:
    """The sections (with their measures) as the content hash reads them."""
    return [
        {
            "number": s.number,
            "heading": s.heading,
            "body": s.body,
            "measures": [
                {"type": m.measure_type.code, "parameters": m.parameters, "advice": m.is_advice}
                for m in s.measures.all()
            ],
        }
        for s in sections
    ]


def version_content_hash(version: RegulationVersion, sections: list[dict] | None = None, placements=None) -> str:
    """SHA-256 of the canonical content that is decided on: title, basis, dates, sections, measures
    (and for the national and regional layers: the issuer, the level and its placements).

    `sections` (as `section_content` gives them, in number order) and `placements` spare the
    reads when the caller has already read them for many versions at once (the API)."""
    regulation = version.regulation
    payload = {
        "regulation": regulation.pk,
        "title": regulation.title,
        "short_title": regulation.short_title,
        "legal_basis": regulation.legal_basis,
        "municipality": regulation.municipality.municipality_number,
        "version": version.number,
        "kind": version.kind,
        "valid_from": canonical_instant(version.valid_from),
        "valid_until": canonical_instant(version.valid_until),
        "sections": section_content(_sections(version)) if sections is None else sections,
    }
    if regulation.layer != Layer.LOCAL:
        # Only the national and regional layers have these, so local hashes stay as they were.
        payload |= {
            "layer": regulation.layer,
            "level": regulation.level,
            "issuer": regulation.municipality.org_number or regulation.municipality.name,
            "placements": [
                {
                    "municipality": p.municipality_number,
                    "valid_from": canonical_instant(p.valid_from),
                    "valid_until": canonical_instant(p.valid_until),
                }
                for p in sorted(
                    version.placements.all() if placements is None else placements,
                    key=lambda p: (p.municipality_number, p.valid_from),
                )
            ],
        }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def version_archive_pdf(*, version_id: int) -> RegulationVersion:
    """Render the decided version once and store the exact bytes with their SHA-256
    (`core.archive.document_archive_pdf`: idempotent; a failed render raises to be retried)."""
    return document_archive_pdf(label="regulations.regulationversion", object_id=version_id)
