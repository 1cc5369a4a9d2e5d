"""Every non-trivial read on risk assessments, scoped by `assessments_for_user`."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from core.models import Role
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


# What a row of the assessment list shows (the texts of the assessment are not read for it).
LIST_FIELDS = ("municipality__name", "iso_week", "iso_year", "date", "status", "risk_level")
# What tells whether a risk picture has changed (RiskPicture.changed).
PICTURE_FIELDS = ("municipality", "regulation", "date", "risk_level", "status")


def assessment_list(
    *, user, municipality=None, status: str | None = None, details: bool = True
) -> QuerySet[Assessment]:
    """The assessments the person may see, newest first: with `details`, each with what the API
    shows of it (readings, recommended measures, the archived PDF's hash), else only LIST_FIELDS."""
    qs = assessments_for_user(user).order_by("-date", "-id")
    if details:
        qs = _with_details(qs)
    else:
        qs = qs.select_related("municipality").only(*LIST_FIELDS)
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
    reading: IndicatorReading | None

    # Translated when shown: the API and the overview read many rows and show no label.
    @property
    def label(self) -> str:
        return str(Indicator(self.code).label)

    @property
    def short_label(self) -> str:
        return str(INDICATOR_SHORT_LABELS[Indicator(self.code)])

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
    return [IndicatorRow(code=code, reading=by_code.get(code)) for code in Indicator.values]


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
    """The risk picture a regulation was adopted on, and whether it has changed since.

    `answered` is the newest assessment whose change was answered (laid down as the basis,
    or a decision not to change the regulation); the latest is compared with it. `ended`:
    the regulation no longer governs, so a changed picture asks nothing of anyone."""

    basis: Assessment
    rows: list[IndicatorRow]
    latest: Assessment | None
    answered: Assessment | None = None
    response: object = None
    ended: bool = False

    @property
    def reference(self) -> Assessment:
        return self.answered or self.basis

    @property
    def changed(self) -> bool:
        return bool(
            not self.ended
            and self.latest
            and self.latest.date > self.reference.date
            and self.latest.risk_level != self.reference.risk_level
        )


def _answered_id() -> Subquery:
    """The newest assessment whose risk picture the regulation (OuterRef "regulation_id") answered."""
    from regulations.models import RiskPictureResponse

    answers = RiskPictureResponse.objects.filter(regulation_id=OuterRef("regulation_id"))
    return Subquery(answers.order_by("-assessment__date", "-decided_at", "-id").values("assessment_id")[:1])


def _newer_id() -> Subquery:
    """The latest approved assessment of the municipality after the assessment (OuterRef)."""
    newer = Assessment.objects.filter(
        municipality_id=OuterRef("municipality_id"), status__in=FROZEN_STATUSES, date__gt=OuterRef("date")
    )
    return Subquery(newer.order_by("-date", "-id").values("pk")[:1])


def _pictures(
    bases: list[Assessment], *, ended: bool = False, rows: bool = True, fields: tuple[str, ...] = ()
) -> list[RiskPicture]:
    """Risk pictures of these bases, annotated with `latest_id` and `answered_id` (one query
    more, reading only `fields` of those when given); without their indicator rows when `rows`
    is False."""
    ids = [(b, getattr(b, "latest_id", None), getattr(b, "answered_id", None)) for b in bases]
    wanted = {pk for _b, *pks in ids for pk in pks if pk}
    related = (Assessment.objects.only(*fields) if fields else Assessment.objects).in_bulk(wanted)
    return [
        RiskPicture(
            basis=b,
            rows=indicator_rows(b) if rows else [],
            latest=related.get(latest_id) if latest_id else None,
            answered=related.get(answered_id) if answered_id else None,
            ended=ended,
        )
        for b, latest_id, answered_id in ids
    ]


def risk_picture_for_regulation(regulation, *, at=None) -> RiskPicture | None:
    """The basis assessment of `regulation` (frozen), the latest approved assessment of the
    same municipality after it, and the newest one answered, if any; at `at` (now)."""
    from django.utils import timezone

    from regulations.models import RiskPictureResponse
    from regulations.selectors import regulations_not_ended

    basis = (
        Assessment.objects.filter(regulation=regulation, status__in=FROZEN_STATUSES)
        .select_related("municipality")
        .prefetch_related("readings")
        .annotate(latest_id=_newer_id(), answered_id=_answered_id())
        .first()
    )
    if basis is None:
        return None
    ended = not regulations_not_ended(at=at or timezone.now()).filter(pk=regulation.pk).exists()
    picture = _pictures([basis], ended=ended)[0]
    picture.response = (
        RiskPictureResponse.objects.filter(regulation=regulation, assessment_id=picture.answered.pk)
        .select_related("decided_by", "assessment")
        .first()
        if picture.answered
        else None
    )
    return picture


def attention_items(*, user, now=None) -> dict:
    """Assessments that need this person, and regulations whose risk picture has changed."""
    drafter_orgs = organization_ids_for_user(user, *DRAFTING_ROLES)
    approver_orgs = organization_ids_for_user(user, *APPROVING_ROLES)
    # Those who may answer a changed risk picture (regulations.services.may_answer_risk_picture).
    answering_orgs = organization_ids_for_user(user, *DRAFTING_ROLES, Role.COMMITTEE_SECRETARY)
    # Only what the panel shows of each: the assessment's name (LIST_FIELDS).
    base = Assessment.objects.select_related("municipality").only(*LIST_FIELDS).order_by("-date", "-id")
    return {
        "changed": _changed_risk_pictures(municipality_ids=answering_orgs, limit=50, at=now) if answering_orgs else [],
        # A list the person has no role for is not asked of the database.
        "drafts": list(base.filter(status=AssessmentStatus.DRAFT, municipality_id__in=drafter_orgs)[:20])
        if drafter_orgs
        else [],
        "to_approve": list(base.filter(status=AssessmentStatus.IN_REVIEW, municipality_id__in=approver_orgs)[:20])
        if approver_orgs
        else [],
    }


def _changed_risk_pictures(*, municipality_ids, limit: int, at=None) -> list[RiskPicture]:
    """`risk_picture_for_regulation` for the latest `limit` regulations still governing (or
    not decided yet) based on an approved assessment of these municipalities, those whose
    risk picture has changed and is not answered, without their indicator rows (the overview
    names the regulation and the two levels): two queries however many there are (the bases,
    every latest and answered one at once)."""
    from django.utils import timezone

    from regulations.selectors import regulations_not_ended

    bases = list(
        Assessment.objects.filter(
            municipality_id__in=municipality_ids,
            regulation__in=regulations_not_ended(at=at or timezone.now()),
            status__in=FROZEN_STATUSES,
        )
        .select_related("regulation")
        .only(*PICTURE_FIELDS, "regulation__title")
        .annotate(latest_id=_newer_id(), answered_id=_answered_id())
        .order_by("-date", "-id")[:limit]
    )
    return [p for p in _pictures(bases, rows=False, fields=PICTURE_FIELDS) if p.changed]


def dashboard_panel_context(*, user, now) -> dict | None:
    """The assessments panel of the overview; None when nothing awaits the person."""
    items = attention_items(user=user, now=now)
    return {"items": items} if any(items.values()) else None
