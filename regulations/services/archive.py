"""Freezing a decided version: the hash of its content and its archival PDF."""

import hashlib
import json
import logging

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.frozen import FrozenKind
from core.services import archived_document_create

from ..models import RegulationVersion

logger = logging.getLogger(__name__)


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
        label="regulations.regulationversion", noun=gettext_lazy("Forskriftsversjon"),
        frozen=lambda: RegulationVersion.objects.exclude(content_hash="").select_related("regulation__municipality"),
        recorded_hash=lambda version: version.content_hash,
        current_hash=version_content_hash,
        warning=gettext_lazy("Teksten i databasen stemmer ikke med innholdets SHA-256 fra vedtaket. Den kan være endret "
                  "utenom applikasjonen: bruk det arkiverte dokumentet, og varsle systemansvarlig."),
    )


def version_archive_pdf(*, version_id: int) -> RegulationVersion:
    """Render the decided version once and store the exact bytes with their SHA-256.

    Idempotent: a version that already has its archived PDF keeps it. A failed render
    stores nothing (the error is kept for the page) and raises so the task retries.
    """
    from ..pdf import render_version_pdf

    version = RegulationVersion.objects.select_related("regulation__municipality").get(pk=version_id)
    if version.archived_pdf_id or not version.is_effective:
        return version
    try:
        content = render_version_pdf(version)
    except Exception as exc:
        # pdf_error is excluded from history: a transient render failure is not a change of the record.
        RegulationVersion.objects.filter(pk=version.pk).update(pdf_error=str(exc)[:2000] or exc.__class__.__name__)
        logger.exception("PDF render of regulation version %s failed", version.pk)
        raise
    with transaction.atomic():
        locked = RegulationVersion.objects.select_for_update().get(pk=version_id)
        if locked.archived_pdf_id:
            return locked
        doc = archived_document_create(
            content=content,
            filename=f"forskrift-{locked.regulation_id}-v{locked.number}.pdf",
            pdf_variant="pdf/a-3b",
        )
        locked.archived_pdf = doc
        locked.pdf_error = ""
        locked._history_user = None
        locked._change_reason = _("Arkiv-PDF lagret (SHA-256 %(h)s)") % {"h": doc.sha256}
        locked.save()
    return locked
