"""The print context of a risk assessment, in the structure of FHI's template (A–F)."""

from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.formats import format_date_nb, format_datetime_nb
from core.pdf import render_pdf
from core.sanitize import sanitize_html
from measures.display import measure_text

from .charts import format_value, trend_svg
from .models import FROZEN_STATUSES, RISK_LEVEL_DESCRIPTIONS, SECTION_FIELDS, Assessment, AssessmentStatus, RiskLevel
from .selectors import indicator_rows

TEMPLATE_NAME = "pdf/assessment.html"
SHORT_HASH_LENGTH = 16


def _history(assessment: Assessment) -> list[Assessment]:
    """The trend as it stood at this assessment: approved weeks up to its date."""
    earlier = (
        Assessment.objects.filter(
            municipality=assessment.municipality, status__in=FROZEN_STATUSES, date__lt=assessment.date
        )
        .prefetch_related("readings")
        .order_by("-date")[:11]
    )
    return sorted([*earlier, assessment], key=lambda a: a.date)


def assessment_pdf_context(assessment: Assessment) -> dict:
    """Everything the print template shows; section HTML is sanitized (again) here."""
    is_draft = assessment.status not in FROZEN_STATUSES
    rows = [
        {
            "label": row.label,
            "value": format_value(row.value, row.code),
            "level": f"N{row.level}" if row.level else "",
            "missing": row.is_missing,
            "inputs": row.reading.inputs_text if row.reading and not row.reading.is_missing else "",
        }
        for row in indicator_rows(assessment)
    ]
    measures = [
        {
            "order": m.order,
            "heading": m.heading,
            "shown": measure_text(m.measure_type.code, m.parameters),
            "fhi_level": m.get_fhi_level_display() if m.fhi_level else "",
            "chapter": m.regulation_chapter,
            "justification": m.justification,
            "is_advice": m.is_advice,
        }
        for m in assessment.recommended_measures.select_related("measure_type").order_by("order")
    ]
    lines = []
    if not is_draft:
        lines.append(
            _("Godkjent %(when)s av %(who)s.")
            % {
                "when": format_datetime_nb(assessment.approved_at),
                "who": (assessment.approved_by.get_full_name() or assessment.approved_by.username)
                if assessment.approved_by
                else _("systemet"),
            }
        )
        lines.append(_("Innholdets SHA-256: %(hash)s…") % {"hash": assessment.content_hash[:SHORT_HASH_LENGTH]})
    return {
        "title": _("Risiko- og tiltaksvurdering for %(name)s – Covid-19-pandemi")
        % {"name": assessment.municipality.name},
        "written": _("Skrevet: Uke %(week)s (%(date)s)")
        % {"week": assessment.iso_week, "date": format_date_nb(assessment.date)},
        "municipality_name": assessment.municipality.name,
        "county": assessment.municipality.county,
        "author": assessment.author.get_full_name() or assessment.author.username,
        "sections_before": [
            _section(assessment, name, label) for name, label in SECTION_FIELDS[:4] if getattr(assessment, name)
        ],
        "summary_heading": str(SECTION_FIELDS[4][1]),
        "summary_html": mark_safe(sanitize_html(assessment.summary)),
        "sections_after": [
            _section(assessment, name, label) for name, label in SECTION_FIELDS[5:] if getattr(assessment, name)
        ],
        "indicator_rows": rows,
        "risk_level": RiskLevel(assessment.risk_level).label if assessment.risk_level else _("ikke satt"),
        "risk_level_description": RISK_LEVEL_DESCRIPTIONS.get(assessment.risk_level, ""),
        "suggested_level": RiskLevel(assessment.suggested_risk_level).label
        if assessment.suggested_risk_level
        else _("ingen (for få indikatorer)"),
        "level_justification": assessment.level_justification,
        "measures": measures,
        "chart": trend_svg(_history(assessment), width=600, title=_("Utvikling per uke")),
        "is_draft": is_draft,
        "draft_mark": is_draft,
        "draft_note": (_("Utkast – ikke godkjent. Status: %(s)s.") % {"s": assessment.get_status_display()})
        if is_draft
        else "",
        "decision_lines": lines,
        "superseded": assessment.status == AssessmentStatus.SUPERSEDED,
        "footer_text": f"{assessment.municipality.name} · "
        + _("Risikovurdering uke %(w)s %(y)s") % {"w": assessment.iso_week, "y": assessment.iso_year},
    }


def _section(assessment: Assessment, name: str, label) -> dict:
    return {"heading": str(label), "html": mark_safe(sanitize_html(getattr(assessment, name)))}


def render_assessment_pdf(assessment: Assessment) -> bytes:
    """The PDF/A of an assessment: the archival document once approved, marked UTKAST before."""
    with translation.override("nb"):
        context = assessment_pdf_context(assessment)
        return render_pdf(template_name=TEMPLATE_NAME, context=context, title=context["title"], lang="nb")
