"""The print context of a regulation version, laid out like a published lokal forskrift."""

from django.utils import translation
from django.utils.translation import gettext as _

from core.pdf import render_pdf

from .models import EFFECTIVE_STATUSES, DecisionBody, Layer, RegulationVersion, VersionKind, VersionStatus
from .text import format_date_nb, format_datetime_nb, format_until_nb, split_paragraphs

TEMPLATE_NAME = "pdf/regulation.html"
SHORT_HASH_LENGTH = 16


def _decision_date(version: RegulationVersion):
    return version.meeting_date or version.decided_at


def _preamble_national(version: RegulationVersion, *, is_draft: bool) -> str:
    """The national regulation and the regional levels are issued by the ministry (or the
    directorate), not by a body "i … kommune"."""
    regulation = version.regulation
    values = {"issuer": regulation.municipality.name, "basis": regulation.legal_basis}
    if is_draft:
        return _("Forslag fra %(issuer)s med hjemmel i %(basis)s.") % values
    decided = _decision_date(version)
    if decided:
        return _("Fastsatt av %(issuer)s %(date)s med hjemmel i %(basis)s.") % (
            values | {"date": format_date_nb(decided)}
        )
    return _("Fastsatt av %(issuer)s med hjemmel i %(basis)s.") % values


def _placements(version: RegulationVersion) -> list[str]:
    """«Bærum (fra 6. mai 2021 kl. 00.00 til og med 21. mai 2021 kl. 23.59)», one per placement."""
    from .selectors import version_placements

    lines = []
    for row in version_placements(version=version):
        p = row.placement
        if p.valid_until:
            period = _("fra %(start)s til og med %(end)s") % {
                "start": format_datetime_nb(p.valid_from),
                "end": format_until_nb(p.valid_until),
            }
        else:
            period = _("fra %(start)s, inntil videre") % {"start": format_datetime_nb(p.valid_from)}
        lines.append(f"{row.label} ({period})")
    return lines


def _preamble(version: RegulationVersion, *, is_draft: bool) -> str:
    regulation = version.regulation
    if regulation.layer != Layer.LOCAL:
        return _preamble_national(version, is_draft=is_draft)
    municipality = regulation.municipality.name
    if is_draft:
        return _("Forslag til forskrift for %(municipality)s med hjemmel i %(basis)s.") % {
            "municipality": municipality,
            "basis": regulation.legal_basis,
        }
    body = version.get_decision_body_display() or _("kommunen")
    decided = _decision_date(version)
    if decided:
        return _("Forskriften er fastsatt av %(body)s i %(municipality)s %(date)s med hjemmel i %(basis)s.") % {
            "body": body,
            "municipality": municipality,
            "date": format_date_nb(decided),
            "basis": regulation.legal_basis,
        }
    return _("Forskriften er fastsatt av %(body)s i %(municipality)s med hjemmel i %(basis)s.") % {
        "body": body,
        "municipality": municipality,
        "basis": regulation.legal_basis,
    }


def _validity(version: RegulationVersion, *, is_draft: bool) -> str:
    if not version.valid_from:
        return _("Tidspunkt for ikrafttredelse er ikke fastsatt.")
    values = {"start": format_datetime_nb(version.valid_from), "end": format_until_nb(version.valid_until)}
    if version.valid_until:
        text = (
            _("Foreslått i kraft fra %(start)s til og med %(end)s.")
            if is_draft
            else _("I kraft fra %(start)s til og med %(end)s.")
        )
    else:
        text = _("Foreslått i kraft fra %(start)s.") if is_draft else _("I kraft fra %(start)s.")
    return text % values


def _votes(version: RegulationVersion) -> str:
    parts = []
    if version.votes_for is not None:
        parts.append(_("%(n)s for") % {"n": version.votes_for})
    if version.votes_against is not None:
        parts.append(_("%(n)s mot") % {"n": version.votes_against})
    if version.votes_abstaining is not None:
        parts.append(_("%(n)s avstående") % {"n": version.votes_abstaining})
    return _("Stemmer: %(votes)s.") % {"votes": ", ".join(parts)} if parts else ""


def _decision_lines(version: RegulationVersion) -> list[str]:
    """The small print under a decided text: who decided, when, the vote and the content hash."""
    lines = []
    body = version.get_decision_body_display()
    if version.decision_body == DecisionBody.MINISTRY:
        body = version.regulation.municipality.name
        if version.meeting_date:
            line = _("Vedtatt av %(body)s %(date)s") % {"body": body, "date": format_date_nb(version.meeting_date)}
            if version.item_number:
                line += _(", sak %(item)s") % {"item": version.item_number}
            lines.append(line + ".")
    elif version.meeting_date:
        confirms_urgent = version.kind == VersionKind.URGENT and version.status != VersionStatus.URGENT
        template = (
            _("Stadfestet av %(body)s i møte %(date)s") if confirms_urgent else _("Vedtatt av %(body)s i møte %(date)s")
        )
        line = template % {"body": body, "date": format_date_nb(version.meeting_date)}
        if version.item_number:
            line += _(", sak %(item)s") % {"item": version.item_number}
        lines.append(line + ".")
    elif version.decided_at:
        template = (
            _("Hastevedtak fattet av %(body)s %(when)s.")
            if version.kind == VersionKind.URGENT
            else _("Vedtatt av %(body)s %(when)s.")
        )
        lines.append(template % {"body": body, "when": format_datetime_nb(version.decided_at)})
    if votes := _votes(version):
        lines.append(votes)
    if version.status == VersionStatus.URGENT and version.confirmation_deadline:
        lines.append(
            _("Frist for politisk stadfesting: %(deadline)s.")
            % {"deadline": format_datetime_nb(version.confirmation_deadline)}
        )
    if version.status in (VersionStatus.REPEALED, VersionStatus.LAPSED):
        lines.append(_("Status: %(status)s.") % {"status": version.get_status_display()})
    identity = _("Versjon %(number)s (%(kind)s)") % {"number": version.number, "kind": version.get_kind_display()}
    if version.regulation.lovdata_id:
        identity += " · " + _("Lovdata: %(id)s") % {"id": version.regulation.lovdata_id}
    if version.content_hash:
        identity += " · " + _("Innholdets SHA-256: %(hash)s…") % {"hash": version.content_hash[:SHORT_HASH_LENGTH]}
    lines.append(identity)
    return lines


def _draft_note(version: RegulationVersion) -> str:
    note = _("Utkast – ikke vedtatt.")
    if version.status != VersionStatus.DRAFT:
        note += " " + _("Status: %(status)s.") % {"status": version.get_status_display()}
    if version.status == VersionStatus.REJECTED and version.meeting_date:
        note += " " + _("Forslaget ble avvist av %(body)s i møte %(date)s.") % {
            "body": version.get_decision_body_display(),
            "date": format_date_nb(version.meeting_date),
        }
    return note


def version_pdf_context(version: RegulationVersion) -> dict:
    """Everything the print template shows, as plain values (the template escapes them)."""
    regulation = version.regulation
    municipality = regulation.municipality
    is_draft = version.status not in EFFECTIVE_STATUSES
    sections = [
        {"number": s.number, "heading": s.heading, "paragraphs": split_paragraphs(s.body)}
        for s in version.sections.order_by("number")
    ]
    return {
        "layer_label": "" if regulation.layer == Layer.LOCAL else regulation.layer_display,
        "placements_heading": (
            _("Tiltaksnivå %(level)s gjelder:") % {"level": regulation.level}
            if regulation.layer == Layer.REGIONAL
            else ""
        ),
        "placements": _placements(version) if regulation.layer == Layer.REGIONAL else [],
        "municipality_name": municipality.name,
        "county": municipality.county,
        "title": regulation.title,
        "kind_label": (
            ""
            if version.kind == VersionKind.ORIGINAL
            else _("%(kind)s · versjon %(number)s") % {"kind": version.get_kind_display(), "number": version.number}
        ),
        "preamble": _preamble(version, is_draft=is_draft),
        "sections": sections,
        "validity": _validity(version, is_draft=is_draft),
        "is_draft": is_draft,
        "draft_mark": is_draft,
        "draft_note": _draft_note(version) if is_draft else "",
        "decision_lines": [] if is_draft else _decision_lines(version),
        "footer_text": f"{municipality.name} · {regulation.short_title or regulation.title}",
    }


def render_version_pdf(version: RegulationVersion) -> bytes:
    """The PDF/A of one version: the archival document once decided, marked UTKAST before.

    Always in Norwegian: a regulation is a Norwegian legal text whatever the reader's UI language.
    """
    with translation.override("nb"):
        context = version_pdf_context(version)
        return render_pdf(template_name=TEMPLATE_NAME, context=context, title=version.regulation.title, lang="nb")
