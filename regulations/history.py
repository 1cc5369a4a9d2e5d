"""The story of one regulation from django-simple-history: who changed what, when and why."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from .models import Measure, Regulation, RegulationVersion, Section

HIDDEN_FIELDS = {"revision", "content_hash", "archived_pdf", "created_at", "created_by", "decided_by"}
ACTIONS = {"+": _("opprettet"), "~": _("endret"), "-": _("slettet")}


@dataclass
class HistoryEntry:
    at: datetime
    user: object
    action: str
    subject: str
    reason: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _entries(records, model, subject) -> list[HistoryEntry]:
    result = []
    previous = {}
    for record in records:
        key = record.id
        prev = previous.get(key)
        changes = []
        if prev is not None and record.history_type == "~":
            delta = record.diff_against(prev)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                changes.append((_label(model, change.field), str(change.old if change.old is not None else ""), str(change.new if change.new is not None else "")))
        previous[key] = record
        result.append(HistoryEntry(
            at=record.history_date, user=record.history_user, action=str(ACTIONS.get(record.history_type, "")),
            subject=subject(record), reason=record.history_change_reason or "", changes=changes,
        ))
    return result


def _public_history(*, regulation: Regulation, version_ids: list[int], limit: int) -> list[HistoryEntry]:
    """For other organizations: what happened to the decided versions from their decision on;
    the drafting before it is the municipality's internal work."""
    decided = dict(
        RegulationVersion.objects.filter(pk__in=version_ids, decided_at__isnull=False).values_list("pk", "decided_at")
    )
    records = [
        r for r in RegulationVersion.history.filter(id__in=decided).select_related("history_user").order_by("history_date", "history_id")
        if r.history_date >= decided[r.id]
    ]
    entries = _entries(records, RegulationVersion, lambda r: str(_("Versjon %(n)s")) % {"n": r.number})
    entries = [e for e in entries if e.reason]  # the decided content itself is shown on the version page
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def regulation_history(*, regulation: Regulation, user, limit: int = 1000) -> list[HistoryEntry]:
    """Every recorded change of the regulation, its versions, sections and measures, newest first."""
    from .selectors import versions_for_user

    from core.selectors import has_role

    version_ids = list(versions_for_user(user).filter(regulation=regulation).values_list("pk", flat=True))
    if not (getattr(user, "is_superuser", False) or has_role(user, regulation.municipality_id)):
        return _public_history(regulation=regulation, version_ids=version_ids, limit=limit)
    numbers = dict(RegulationVersion.history.filter(id__in=version_ids).values_list("id", "number").distinct())
    entries = _entries(
        Regulation.history.filter(id=regulation.pk).select_related("history_user").order_by("history_date", "history_id"),
        Regulation, lambda r: str(_("Forskriften")),
    )
    entries += _entries(
        RegulationVersion.history.filter(id__in=version_ids).select_related("history_user").order_by("history_date", "history_id"),
        RegulationVersion, lambda r: str(_("Versjon %(n)s")) % {"n": r.number},
    )
    section_records = Section.history.filter(version_id__in=version_ids).select_related("history_user").order_by("history_date", "history_id")
    entries += _entries(
        section_records, Section,
        lambda r: str(_("Versjon %(v)s § %(n)s")) % {"v": numbers.get(r.version_id, "?"), "n": r.number},
    )
    section_ids = set(Section.history.filter(version_id__in=version_ids).values_list("id", flat=True))
    entries += _entries(
        Measure.history.filter(section_id__in=section_ids).select_related("history_user", "measure_type").order_by("history_date", "history_id"),
        Measure, lambda r: str(_("Tiltak: %(t)s")) % {"t": r.measure_type.name if r.measure_type_id else "?"},
    )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]
