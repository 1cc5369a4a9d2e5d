"""Every non-trivial read on regulations, scoped by `versions_for_user`/`regulations_for_user`."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.formats import norwegian_sort_key
from core.models import Organization, Role
from core.selectors import organization_ids_for_user

from .models import (
    EFFECTIVE_STATUSES,
    Layer,
    LevelPlacement,
    Measure,
    Regulation,
    RegulationVersion,
    Section,
    VersionKind,
    VersionStatus,
)
from .text import format_datetime_nb, format_until_nb, in_force_statement, is_in_force_heading


def _visible_version_q(user, prefix: str = "") -> Q:
    public = Q(**{f"{prefix}status__in": EFFECTIVE_STATUSES})
    if getattr(user, "is_superuser", False):
        return Q()
    org_ids = organization_ids_for_user(user)
    if not org_ids:
        return public
    return public | Q(**{f"{prefix}regulation__municipality_id__in": org_ids})


def versions_for_user(user) -> QuerySet[RegulationVersion]:
    """The versions a person may see: everything of their own municipality; elsewhere only
    decided texts (drafts of other organizations are never visible)."""
    return RegulationVersion.objects.filter(_visible_version_q(user))


def regulations_for_user(user) -> QuerySet[Regulation]:
    if getattr(user, "is_superuser", False):
        return Regulation.objects.all()
    org_ids = organization_ids_for_user(user)
    decided = RegulationVersion.objects.filter(regulation=OuterRef("pk"), status__in=EFFECTIVE_STATUSES)
    return Regulation.objects.filter(Q(municipality_id__in=org_ids) | Exists(decided))


def story_part_labels(*, events) -> dict[int, str]:
    """For the regulation's story (audit): events about a section or a measure named with the
    version they belong to, since a § number alone does not say which version's § changed.
    Deleted sections and measures are found in their history; the rest keep their names."""
    ids = {
        label: {int(e.object_id) for e in events if e.object_type == label and e.object_id.isdigit()}
        for label in ("regulations.section", "regulations.measure")
    }
    if not any(ids.values()):
        return {}
    section_of = (
        dict(Measure.history.filter(id__in=ids["regulations.measure"]).values_list("id", "section_id").distinct())
        if ids["regulations.measure"]
        else {}
    )
    version_of = dict(
        Section.history.filter(id__in=ids["regulations.section"] | set(section_of.values()))
        .values_list("id", "version_id")
        .distinct()
    )
    number_of = dict(
        RegulationVersion.history.filter(id__in=set(version_of.values())).values_list("id", "number").distinct()
    )
    labels = {}
    for e in events:
        pk = int(e.object_id) if e.object_id.isdigit() else None
        if e.object_type == "regulations.section":
            number, text = number_of.get(version_of.get(pk)), _("Versjon %(v)s %(part)s")
        elif e.object_type == "regulations.measure":
            number, text = number_of.get(version_of.get(section_of.get(pk))), _("Versjon %(v)s, tiltak: %(part)s")
        else:
            continue
        if number is not None:
            labels[e.pk] = str(text) % {"v": number, "part": e.object_repr}
    return labels


@dataclass
class Window:
    """When a decided version's text governs: [start, end); end None means open-ended."""

    version: RegulationVersion
    start: datetime
    end: datetime | None

    def contains(self, at: datetime) -> bool:
        return self.start <= at and (self.end is None or at < self.end)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return self.start < end and (self.end is None or self.end > start)


def timeline(versions) -> list[Window]:
    """Windows of the decided versions of one regulation. Each decision replaces the whole
    consolidated text from its valid_from (amendment, extension); a repeal ends it."""
    decided = sorted(
        (v for v in versions if v.status in EFFECTIVE_STATUSES and v.valid_from),
        key=lambda v: (v.valid_from, v.number),
    )
    windows = []
    for i, v in enumerate(decided):
        if v.kind == VersionKind.REPEAL:
            continue
        end = v.valid_until
        following = decided[i + 1] if i + 1 < len(decided) else None
        if following is not None and (end is None or following.valid_from < end):
            end = following.valid_from
        if end is not None and end <= v.valid_from:
            continue
        windows.append(Window(v, v.valid_from, end))
    return windows


def versions_in_force_during(start: datetime, end: datetime) -> QuerySet[RegulationVersion]:
    """Decided versions whose window (see `timeline`) overlaps [start, end), in SQL.

    A version governs from its valid_from until its valid_until or until a later decided
    version of the same regulation starts; a repeal governs nothing.
    """
    later = (
        RegulationVersion.objects.filter(
            regulation_id=OuterRef("regulation_id"),
            status__in=EFFECTIVE_STATUSES,
        )
        .filter(
            Q(valid_from__gt=OuterRef("valid_from"))
            | Q(valid_from=OuterRef("valid_from"), number__gt=OuterRef("number"))
        )
        .filter(Q(valid_from__lte=start) | Q(valid_from=OuterRef("valid_from")))
    )
    return (
        RegulationVersion.objects.filter(status__in=EFFECTIVE_STATUSES, valid_from__lt=end)
        .exclude(kind=VersionKind.REPEAL)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=start))
        .exclude(Exists(later))
    )


def versions_expiring(*, now: datetime, until: datetime) -> QuerySet[RegulationVersion]:
    """Versions in force at `now` whose period ends in (now, until] with nothing decided to
    follow them: no later decided version of the regulation (an extension, an amendment, a
    repeal). The one rule for the expiry reminders and the overview's «Utløper» list."""
    successor = RegulationVersion.objects.filter(
        regulation_id=OuterRef("regulation_id"), status__in=EFFECTIVE_STATUSES
    ).filter(
        Q(valid_from__gt=OuterRef("valid_from")) | Q(valid_from=OuterRef("valid_from"), number__gt=OuterRef("number"))
    )
    return RegulationVersion.objects.filter(
        status__in=[VersionStatus.ADOPTED, VersionStatus.URGENT],
        valid_from__lte=now,
        valid_until__gt=now,
        valid_until__lte=until,
    ).exclude(Exists(successor))


def regulations_not_ended(*, at: datetime) -> QuerySet[Regulation]:
    """Regulations whose text governs at `at` or later, and those not decided yet; left out
    are those whose every decided text has ended (expired, repealed, lapsed)."""
    governing = versions_in_force_during(at, at + timedelta(days=36500)).filter(regulation_id=OuterRef("pk"))
    decided = RegulationVersion.objects.filter(regulation_id=OuterRef("pk"), status__in=EFFECTIVE_STATUSES)
    return Regulation.objects.filter(Exists(governing) | ~Exists(decided))


def version_in_force(*, regulation: Regulation, at: datetime, versions=None) -> RegulationVersion | None:
    """The version whose text is in force at `at`, or None."""
    versions = versions if versions is not None else regulation.versions.all()
    for window in timeline(versions):
        if window.contains(at):
            return window.version
    return None


def regulations_in_force(*, municipality: Organization, at: datetime) -> list[RegulationVersion]:
    """The text in force in municipality M at datetime T: one version per regulation in force."""
    regs = Regulation.objects.filter(municipality=municipality).prefetch_related(
        Prefetch("versions", queryset=RegulationVersion.objects.filter(status__in=EFFECTIVE_STATUSES)),
    )
    result = []
    for reg in regs:
        version = version_in_force(regulation=reg, at=at, versions=list(reg.versions.all()))
        if version is not None:
            result.append(version)
    return result


LIFECYCLE_LABELS = {
    "in_force": _("I kraft"),
    "not_yet": _("Ikke trådt i kraft"),
    "expired": _("Utløpt"),
    "superseded": _("Erstattet av nyere vedtak"),
    "repealed": _("Opphevet"),
}


def version_lifecycle(version: RegulationVersion, at: datetime, windows: list[Window]) -> str | None:
    """Derived state of a decided version at `at`: in_force, not_yet, expired, superseded, repealed."""
    if version.status not in EFFECTIVE_STATUSES:
        return None
    if version.kind == VersionKind.REPEAL:
        # A decided version always has valid_from (a database constraint).
        return "in_force" if version.valid_from is not None and version.valid_from <= at else "not_yet"
    own = next((w for w in windows if w.version.pk == version.pk), None)
    if own is None:
        return "superseded"
    if own.contains(at):
        return "in_force"
    if at < own.start:
        return "not_yet"
    cut_short = own.end is not None and (version.valid_until is None or own.end < version.valid_until)
    if cut_short:
        return "repealed" if version.status == VersionStatus.REPEALED else "superseded"
    return "expired"


def regulation_summary(regulation: Regulation, at: datetime | None = None, until: datetime | None = None) -> dict:
    """State of a regulation for lists and dashboards (uses prefetched versions) at the instant
    `at`, now by default; with `until`, over the period [at, until): in force if it was in
    force at any moment of it (the list filtered "i kraft på dato" shows the state that day)."""
    at = at or timezone.now()
    versions = list(regulation.versions.all())
    windows = timeline(versions)
    if until is None:
        current = next((w.version for w in windows if w.contains(at)), None)
        upcoming = next((w.version for w in windows if w.start > at), None)
    else:
        current = next((w.version for w in reversed(windows) if w.overlaps(at, until)), None)
        upcoming = next((w.version for w in windows if w.start >= until), None)
    open_version = next(
        (v for v in versions if v.status in (VersionStatus.DRAFT, VersionStatus.SUBMITTED, VersionStatus.URGENT)), None
    )
    latest = versions[-1] if versions else None
    if current is not None:
        state = "in_force"
    elif upcoming is not None:
        state = "not_yet"
    elif any(
        v.kind == VersionKind.REPEAL
        and v.status == VersionStatus.ADOPTED
        and v.valid_from is not None
        and (v.valid_from < until if until is not None else v.valid_from <= at)
        for v in versions
    ):
        state = "repealed"
    elif windows:
        state = "expired"
    else:
        state = latest.status if latest else "draft"
    return {
        "current": current,
        "upcoming": upcoming,
        "open": open_version,
        "latest": latest,
        "state": state,
        "state_label": STATE_LABELS.get(state, ""),
        "shown": current or upcoming or latest,  # the version whose validity the list shows
    }


STATE_LABELS = {**LIFECYCLE_LABELS, **{s.value: s.label for s in VersionStatus}}


# A row of the regulation list: the title, the issuer, the layer, the case number.
LIST_FIELDS = ("title", "layer", "level", "created_at", "municipality__name", "case__year", "case__number")
# What `regulation_summary` reads of each version (its state and the period shown).
VERSION_STATE_FIELDS = ("regulation_id", "number", "kind", "status", "valid_from", "valid_until")


def regulation_list(
    *,
    user,
    municipality: Organization | None = None,
    status: str | None = None,
    in_force_on: datetime | None = None,
    query: str = "",
):
    """Regulations the user may see, filtered; versions prefetched for state computation. Only
    what the list shows is read (LIST_FIELDS, the versions' VERSION_STATE_FIELDS)."""
    versions = versions_for_user(user).only(*VERSION_STATE_FIELDS).order_by("number")
    qs = (
        regulations_for_user(user)
        .select_related("municipality", "case")
        .only(*LIST_FIELDS)
        .prefetch_related(Prefetch("versions", queryset=versions))
        .order_by("-created_at", "-id")
    )
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(short_title__icontains=query))
    if status in {s.value for s in VersionStatus}:
        qs = qs.filter(pk__in=versions_for_user(user).filter(status=status).values("regulation_id"))
    if in_force_on is not None:
        in_force = versions_in_force_during(in_force_on, in_force_on + timedelta(days=1))
        qs = qs.filter(pk__in=in_force.values("regulation_id"))
    return qs


# Decisions taken in public; submitting and sending back are the municipality's internal work.
PUBLIC_TRANSITIONS = {"adopt", "confirm", "issue_urgent", "lapse", "repeal"}


def decisions_visible_to(*, user, regulation: Regulation, versions) -> list:
    """Workflow decisions of these versions, oldest first, in one query; outsiders see only
    the public decisions, never the internal drafting comments."""
    from django.contrib.contenttypes.models import ContentType

    from core.models import WorkflowDecision
    from core.selectors import has_role

    qs = (
        WorkflowDecision.objects.filter(
            content_type=ContentType.objects.get_for_model(RegulationVersion),
            object_id__in=[v.pk for v in versions],
        )
        .select_related("actor")
        .order_by("at", "pk")
    )
    if not (getattr(user, "is_superuser", False) or has_role(user, regulation.municipality_id)):
        qs = qs.filter(transition__in=PUBLIC_TRANSITIONS)
    return list(qs)


# Each end of the validity period as the in-force section states it (`stated_attr`), the version's
# field for it, how that field reads, whether it is an end (til og med), and the sentence for a
# field that says another date and for an empty one.
_VALIDITY_ENDS = (
    (
        "start",
        "valid_from",
        format_datetime_nb,
        False,
        _(
            "Paragrafen «%(heading)s» sier at forskriften trer i kraft %(stated)s, men feltet «gjelder fra» "
            "er %(field)s. Rett det ene før saken legges fram."
        ),
        _(
            "Paragrafen «%(heading)s» sier at forskriften trer i kraft %(stated)s, men feltet «gjelder fra» "
            "er tomt. Rett det ene før saken legges fram."
        ),
    ),
    (
        "end",
        "valid_until",
        format_until_nb,
        True,
        _(
            "Paragrafen «%(heading)s» sier at forskriften gjelder til og med %(stated)s, men feltet "
            "«gjelder til og med» er %(field)s. Rett det ene før saken legges fram."
        ),
        _(
            "Paragrafen «%(heading)s» sier at forskriften gjelder til og med %(stated)s, men feltet "
            "«gjelder til og med» er tomt (inntil videre). Rett det ene før saken legges fram."
        ),
    ),
)


def version_validity_disagreements(*, version: RegulationVersion) -> list[str]:
    """Where the in-force section ("Ikrafttredelse og varighet") states other dates than the
    version's validity fields: one sentence per disagreement naming both dates. Empty when
    they agree, when the section states no dates, or when there is no such section.

    Submitting, adopting, confirming and issuing a hastevedtak refuse while this is not
    empty; the version page shows it before the button is pressed."""
    found = []
    for section in version.sections.all():
        if not is_in_force_heading(section.heading):
            continue
        stated = in_force_statement(section.body)
        args = {"heading": section.heading}
        for stated_attr, field_name, shown, is_end, differs, empty in _VALIDITY_ENDS:
            stated_at, field = getattr(stated, stated_attr), getattr(version, field_name)
            if stated_at is not None and not (field and stated_at.agrees_with(field, end=is_end)):
                args.update(stated=str(stated_at), field=shown(field))
                found.append(str(differs if field else empty) % args)
        if stated.open_ended and version.valid_until:
            args.update(field=format_until_nb(version.valid_until))
            found.append(
                gettext(
                    "Paragrafen «%(heading)s» sier at forskriften gjelder inntil videre, men feltet «gjelder til og med» "
                    "er %(field)s. Rett det ene før saken legges fram."
                )
                % args
            )
    return found


def version_detail(*, user, pk: int) -> RegulationVersion:
    return (
        versions_for_user(user)
        .select_related("regulation__municipality", "regulation__case", "decided_by", "archived_pdf", "based_on")
        .defer("archived_pdf__content")  # the PDF view reads the bytes when it serves them
        .prefetch_related(
            Prefetch("sections", queryset=Section.objects.prefetch_related("measures__measure_type").order_by("number"))
        )
        .get(pk=pk)
    )


# What the overview shows of a version (its cards, and the Lovtidend panel): reading only
# these makes each card's query quicker for Django to build and to read.
PANEL_FIELDS = (
    "number",
    "kind",
    "status",
    "valid_from",
    "valid_until",
    "confirmation_deadline",
    "regulation__title",
    "regulation__municipality__name",
)


def attention_items(*, user, now: datetime | None = None) -> dict:
    """What awaits this person, by their roles: the drafts they may edit, proposals for their
    political body (or the ministry's approver), open hastevedtak deadlines for those who
    confirm or let them lapse, and regulations expiring within a week for those the expiry
    reminder goes to (`versions_expiring`)."""
    now = now or timezone.now()
    drafter_orgs = organization_ids_for_user(user, Role.CASE_OFFICER, Role.MEDICAL_OFFICER)
    medical_orgs = organization_ids_for_user(user, Role.MEDICAL_OFFICER)
    secretary_orgs = organization_ids_for_user(user, Role.COMMITTEE_SECRETARY)
    member_orgs = organization_ids_for_user(user, Role.COMMITTEE_MEMBER)
    # The national regulation and the regional levels are decided by the ministry's approver.
    approver_orgs = organization_ids_for_user(user, Role.APPROVER)
    base = RegulationVersion.objects.select_related("regulation__municipality").only(*PANEL_FIELDS).order_by("-id")
    # `may_draft`: a hastevedtak only by the medical officer, the rest by every drafter.
    editable = (Q(regulation__municipality_id__in=drafter_orgs) & ~Q(kind=VersionKind.URGENT)) | Q(
        regulation__municipality_id__in=medical_orgs, kind=VersionKind.URGENT
    )
    deciding_orgs = secretary_orgs | member_orgs
    # A card the person has no role for is not asked of the database (an empty list).
    return {
        "drafts": list(base.filter(status=VersionStatus.DRAFT).filter(editable)[:50])
        if drafter_orgs or medical_orgs
        else [],
        "to_decide": list(
            base.filter(status=VersionStatus.SUBMITTED).filter(
                Q(regulation__municipality_id__in=deciding_orgs)
                | Q(regulation__municipality_id__in=approver_orgs) & ~Q(regulation__layer=Layer.LOCAL)
            )[:50]
        )
        if deciding_orgs or approver_orgs
        else [],
        "urgent_deadlines": list(
            base.filter(
                status=VersionStatus.URGENT, regulation__municipality_id__in=deciding_orgs | medical_orgs
            ).order_by("confirmation_deadline")[:50]
        )
        if deciding_orgs or medical_orgs
        else [],
        "expiring": list(
            versions_expiring(now=now, until=now + timedelta(days=7))
            .filter(regulation__municipality_id__in=drafter_orgs)
            .select_related("regulation__municipality")
            .only(*PANEL_FIELDS)
            .order_by("valid_until")[:50]
        )
        if drafter_orgs
        else [],
    }


# Which roles have each card as their daily work in a municipality: they see it even empty.
CARD_ROLES = {
    "urgent_deadlines": (Role.COMMITTEE_SECRETARY, Role.COMMITTEE_MEMBER, Role.MEDICAL_OFFICER),
    "to_decide": (Role.COMMITTEE_SECRETARY, Role.COMMITTEE_MEMBER),
    "drafts": (Role.CASE_OFFICER, Role.MEDICAL_OFFICER),
    "expiring": (Role.CASE_OFFICER, Role.MEDICAL_OFFICER),
}


def dashboard_panel_context(*, user, now) -> dict | None:
    """The regulations panel of the overview. A card shows what awaits this person; an empty
    one only to those whose daily work it is in a municipality, so the directorate, auditors
    and people of other municipalities see no cards that do not concern them (None: no card)."""
    items = attention_items(user=user, now=now)
    municipal = organization_ids_for_user(user, kind="municipality")
    show = {
        card: bool(items[card]) or bool(municipal & organization_ids_for_user(user, *roles))
        for card, roles in CARD_ROLES.items()
    }
    if not any(show.values()):
        return None
    return {"items": items, "show": show}


@dataclass
class PlacementRow:
    """A municipality's placement on a regional level, with its name from the register."""

    placement: LevelPlacement
    name: str

    @property
    def label(self) -> str:
        return self.name or self.placement.municipality_number


def version_placements(*, version: RegulationVersion) -> list[PlacementRow]:
    """The placements of a version of a regional level, by name, each with the register's name."""
    from register.models import Municipality

    placements = list(version.placements.all())
    names = dict(
        Municipality.objects.filter(number__in={p.municipality_number for p in placements}).values_list(
            "number", "name"
        )
    )
    rows = [PlacementRow(p, names.get(p.municipality_number, "")) for p in placements]
    return sorted(rows, key=lambda r: (r.placement.valid_until is None, r.placement.valid_until, r.label))


def placement_municipalities() -> list:
    """The municipalities a regional level can be placed on: the register, in Norwegian
    alphabetical order (as /regler/ lists them)."""
    from register.models import Municipality

    return sorted(Municipality.objects.only("number", "name"), key=lambda m: (norwegian_sort_key(m.name), m.number))
