"""Every non-trivial read on risk assessments, scoped by `assessments_for_user`."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from core.selectors import organization_ids_for_user

from .models import (
    APPROVING_ROLES,
    DRAFTING_ROLES,
    FROZEN_STATUSES,
    INDICATOR_SHORT_LABELS,
    RISK_LEVEL_DESCRIPTIONS,
    Assessment,
    AssessmentStatus,
    Indicator,
    IndicatorReading,
    RecommendedMeasure,
    RiskLevel,
)

TREND_WEEKS = 12


def assessments_for_user(user) -> QuerySet[Assessment]:
    """Everything of the person's own municipalities; elsewhere only approved assessments
    (drafts and assessments in review of other organizations are never visible)."""
    if not getattr(user, "is_authenticated", False):
        return Assessment.objects.none()
    if getattr(user, "is_superuser", False):
        return Assessment.objects.all()
    org_ids = organization_ids_for_user(user)
    return Assessment.objects.filter(Q(status__in=FROZEN_STATUSES) | Q(municipality_id__in=org_ids))


def _with_details(qs: QuerySet[Assessment]) -> QuerySet[Assessment]:
    # The archived PDF's hash and name, never its bytes: the PDF view reads those on its own.
    return (
        qs.select_related("municipality", "author", "approved_by", "archived_pdf", "regulation")
        .defer("archived_pdf__content")
        .prefetch_related(
            Prefetch("readings", queryset=IndicatorReading.objects.select_related("threshold_table")),
            Prefetch(
                "recommended_measures",
                queryset=RecommendedMeasure.objects.select_related("measure_type").order_by("order"),
            ),
        )
    )


def assessment_list(*, user, municipality=None, status: str | None = None) -> QuerySet[Assessment]:
    qs = _with_details(assessments_for_user(user)).order_by("-date", "-id")
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    if status in AssessmentStatus.values:
        qs = qs.filter(status=status)
    return qs


def assessment_detail(*, user, pk: int) -> Assessment:
    return _with_details(assessments_for_user(user)).get(pk=pk)


@dataclass
class IndicatorRow:
    code: str
    label: str
    short_label: str
    reading: IndicatorReading | None

    @property
    def value(self) -> Decimal | None:
        return self.reading.value if self.reading else None

    @property
    def level(self) -> int | None:
        return self.reading.level if self.reading else None

    @property
    def is_missing(self) -> bool:
        return self.value is None


def indicator_rows(assessment: Assessment) -> list[IndicatorRow]:
    """The five indicators in the template's order, missing ones included."""
    by_code = {r.indicator: r for r in assessment.readings.all()}
    return [
        IndicatorRow(
            code=code,
            label=str(label),
            short_label=str(INDICATOR_SHORT_LABELS[Indicator(code)]),
            reading=by_code.get(code),
        )
        for code, label in Indicator.choices
    ]


def risk_level_rows() -> list[tuple[int, str, str]]:
    return [(value, str(label), str(RISK_LEVEL_DESCRIPTIONS[value])) for value, label in RiskLevel.choices]


def trend(
    *, user, municipality, until=None, include: Assessment | None = None, weeks: int = TREND_WEEKS
) -> list[Assessment]:
    """The municipality's approved assessments up to `until` (the last `weeks` of them),
    oldest first, plus `include` (the one being looked at, whatever its state)."""
    qs = assessments_for_user(user).filter(municipality=municipality, status__in=FROZEN_STATUSES)
    if until is not None:
        qs = qs.filter(date__lte=until)
    if include is not None:
        qs = qs.exclude(pk=include.pk)
    items = list(qs.prefetch_related("readings").order_by("-date")[:weeks])
    if include is not None:
        items.append(include)
    items.sort(key=lambda a: a.date)
    return items[-weeks:]


@dataclass
class RiskPicture:
    """The risk picture a regulation was adopted on, and whether it has changed since."""

    basis: Assessment
    rows: list[IndicatorRow]
    latest: Assessment | None

    @property
    def changed(self) -> bool:
        return bool(self.latest and self.latest.risk_level != self.basis.risk_level)


def risk_picture_for_regulation(regulation) -> RiskPicture | None:
    """The basis assessment of `regulation` (frozen) and the latest approved assessment of
    the same municipality after it, if any."""
    basis = (
        Assessment.objects.filter(regulation=regulation, status__in=FROZEN_STATUSES)
        .select_related("municipality")
        .prefetch_related("readings")
        .first()
    )
    if basis is None:
        return None
    latest = (
        Assessment.objects.filter(
            municipality_id=basis.municipality_id, status__in=FROZEN_STATUSES, date__gt=basis.date
        )
        .order_by("-date", "-id")
        .first()
    )
    return RiskPicture(basis=basis, rows=indicator_rows(basis), latest=latest)


def attention_items(*, user) -> dict:
    """Assessments that need this person, and regulations whose risk picture has changed."""
    drafter_orgs = organization_ids_for_user(user, *DRAFTING_ROLES)
    approver_orgs = organization_ids_for_user(user, *APPROVING_ROLES)
    all_orgs = organization_ids_for_user(user)
    base = Assessment.objects.select_related("municipality").order_by("-date", "-id")
    return {
        "changed": _changed_risk_pictures(municipality_ids=all_orgs, limit=50),
        "drafts": list(base.filter(status=AssessmentStatus.DRAFT, municipality_id__in=drafter_orgs)[:20]),
        "to_approve": list(base.filter(status=AssessmentStatus.IN_REVIEW, municipality_id__in=approver_orgs)[:20]),
    }


def _changed_risk_pictures(*, municipality_ids, limit: int) -> list[RiskPicture]:
    """`risk_picture_for_regulation` for the latest `limit` regulations based on an approved
    assessment of these municipalities, those whose risk picture has changed: three queries
    however many there are (the basis with its readings, then every latest one at once)."""
    newer = Assessment.objects.filter(
        municipality_id=OuterRef("municipality_id"), status__in=FROZEN_STATUSES, date__gt=OuterRef("date")
    ).order_by("-date", "-id")
    bases = list(
        Assessment.objects.filter(
            municipality_id__in=municipality_ids, regulation__isnull=False, status__in=FROZEN_STATUSES
        )
        .select_related("municipality", "regulation")
        .prefetch_related("readings")
        .annotate(latest_id=Subquery(newer.values("pk")[:1]))
        .order_by("-date", "-id")[:limit]
    )
    latest = Assessment.objects.in_bulk({b.latest_id for b in bases if b.latest_id})
    pictures = [
        RiskPicture(basis=b, rows=indicator_rows(b), latest=latest.get(b.latest_id) if b.latest_id else None)
        for b in bases
    ]
    return [p for p in pictures if p.changed]


def dashboard_panel_context(*, user, now) -> dict:
    """The assessments panel of the overview (its template shows nothing when nothing awaits)."""
    return {"items": attention_items(user=user)}
