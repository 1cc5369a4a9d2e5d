"""How draft regulation versions are previewed as PDF (core/previews.py): content key, cost."""

from core.previews import PreviewKind

from .models import RegulationVersion


def _key(version: RegulationVersion) -> str:
    """Changes whenever the preview would: the content hash and what the draft note shows."""
    from .services.archive import version_content_hash

    municipality = version.regulation.municipality
    return "|".join(
        str(part)
        for part in (
            version_content_hash(version),
            version.status,
            version.meeting_date,
            version.get_decision_body_display(),
            municipality.name,
            municipality.county,
        )
    )


def _cost(version: RegulationVersion) -> float:
    """In pages: about one per 2,000 characters, and a heading takes room of its own."""
    sizes = [len(s.heading) + len(s.body) for s in version.sections.all()]
    return sum(sizes) / 2000 + len(sizes) / 4


def _render(version: RegulationVersion) -> bytes:
    from .pdf import render_version_pdf  # WeasyPrint is loaded by the first render, not at start

    return render_version_pdf(version)


def preview_kind() -> PreviewKind:
    return PreviewKind(
        label="regulations.regulationversion",
        content_key=_key,
        cost=_cost,
        render=_render,
        load=lambda pk: RegulationVersion.objects.select_related("regulation__municipality").filter(pk=pk).first(),
    )
