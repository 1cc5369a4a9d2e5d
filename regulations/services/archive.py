"""Freezing a decided version: the hash of its content and its archival PDF."""

import hashlib
import json

from django.utils.translation import gettext_lazy

from core.archive import ArchiveKind, document_archive_pdf
from core.frozen import FrozenKind

from ..models import RegulationVersion


def _sections(version: RegulationVersion) -> list:
    """The version's sections with their measures, from a prefetch when the caller made one."""
    if "sections" in getattr(version, "_prefetched_objects_cache", {}):
        sections = list(version.sections.all())
    else:
        sections = list(version.sections.prefetch_related("measures__measure_type"))
    return sorted(sections, key=lambda s: s.number)


def version_content_hash(version: RegulationVersion) -> str:
    """SHA-256 of the canonical content that is decided on: title, basis, dates, sections, measures."""
    regulation = version.regulation
    payload = {
        "regulation": regulation.pk,
        "title": regulation.title,
        "short_title": regulation.short_title,
        "legal_basis": regulation.legal_basis,
        "municipality": regulation.municipality.municipality_number,
        "version": version.number,
        "kind": version.kind,
        "valid_from": version.valid_from.isoformat() if version.valid_from else None,
        "valid_until": version.valid_until.isoformat() if version.valid_until else None,
        "sections": [
            {
                "number": s.number,
                "heading": s.heading,
                "body": s.body,
                "measures": [
                    {"type": m.measure_type.code, "parameters": m.parameters, "advice": m.is_advice}
                    for m in s.measures.all()
                ],
            }
            for s in _sections(version)
        ],
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def frozen_kind() -> FrozenKind:
    """Decided versions are frozen from the moment their content hash is recorded."""
    return FrozenKind(
        label="regulations.regulationversion",
        noun=gettext_lazy("Forskriftsversjon"),
        frozen=lambda: RegulationVersion.objects.exclude(content_hash="").select_related("regulation__municipality"),
        recorded_hash=lambda version: version.content_hash,
        current_hash=version_content_hash,
        warning=gettext_lazy(
            "Teksten i databasen stemmer ikke med innholdets SHA-256 fra vedtaket. Den kan være endret "
            "utenom applikasjonen: bruk det arkiverte dokumentet, og varsle systemansvarlig."
        ),
    )


def archive_kind() -> ArchiveKind:
    return ArchiveKind(
        label="regulations.regulationversion",
        task_name="regulations.tasks.archive_version_pdf",
        id_argument="version_id",
        load=lambda pk: RegulationVersion.objects.select_related("regulation__municipality").get(pk=pk),
        is_frozen=lambda version: version.is_effective,
        render=_render,
        filename=lambda version: f"forskrift-{version.regulation_id}-v{version.number}.pdf",
    )


def _render(version: RegulationVersion) -> bytes:
    from ..pdf import render_version_pdf  # WeasyPrint is loaded by the first render, not at start

    return render_version_pdf(version)


def version_archive_pdf(*, version_id: int) -> RegulationVersion:
    """Render the decided version once and store the exact bytes with their SHA-256
    (`core.archive.document_archive_pdf`: idempotent; a failed render raises to be retried)."""
    return document_archive_pdf(label="regulations.regulationversion", object_id=version_id)
