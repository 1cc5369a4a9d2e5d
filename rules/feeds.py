"""Atom feeds of decided changes to what applies (public, no sign-in):

    GET /api/rules/feed.atom           every decided version of every layer
    GET /api/rules/<number>/feed.atom  those that apply in one municipality: the national
                                       regulation, the regional levels that place it (through
                                       LevelPlacement), and its own regulations

An entry is one decided version (adopted, repealed, a hastevedtak issued or lapsed): which
regulation or level and which version, from when it applies («Gjelder fra 6. mai 2021
kl. 00.00»; for a level in one municipality's feed, the period of its placement there), what
it decides (its measures in a few words, each with its §), and a link to the version's PDF.
Newest decision first, at most `LIMIT` entries. Drafts never appear: only decided versions
are public.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.access import OK, access
from core.api import api_error
from core.formats import format_datetime_nb, format_until_nb
from measures import schema
from measures.resolve import MeasureInForce, Source, resolve
from register.models import Municipality
from register.selectors import municipality_get
from regulations.models import EFFECTIVE_STATUSES, Layer, RegulationVersion, VersionKind

LIMIT = 50


@dataclass
class Period:
    """When an entry applies: from an instant, until and including one (None: until further notice)."""

    start: datetime | None
    end: datetime | None
    place: str = ""  # the municipality a placement is about, in the feed for all

    def shown(self) -> str:
        if self.start is None:
            return ""
        text = _("Gjelder fra %(start)s") % {"start": format_datetime_nb(self.start)}
        if self.end is not None:
            text += " " + _("til og med %(end)s") % {"end": format_until_nb(self.end)}
        return f"{self.place}: {text}" if self.place else text


@dataclass
class Change:
    version: RegulationVersion
    name: str  # «Tiltaksnivå B (covid-19-forskriften kap. 5B)», «Bærum kommune: Forskrift om …»
    periods: list[Period]
    decides: list[str]
    decided: datetime


def _name(version: RegulationVersion) -> str:
    regulation = version.regulation
    title = regulation.short_title or regulation.title
    if regulation.layer == Layer.REGIONAL:
        return _("Tiltaksnivå %(level)s (%(title)s)") % {"level": regulation.level, "title": title}
    if regulation.layer == Layer.NATIONAL:
        return title
    return f"{regulation.municipality.name}: {title}"


def _decides(version: RegulationVersion) -> list[str]:
    """What the version decides, in a few words per rule: «Treningssentre: stengt (§ 3)»."""
    if version.kind == VersionKind.REPEAL:
        return [_("Forskriften oppheves.")]
    measures = []
    for section in version.sections.all():
        source = Source(layer=version.regulation.layer, label=f"§ {section.number}", section_number=section.number)
        for measure in section.measures.all():
            try:
                typed = schema.typed(measure.measure_type.code, measure.parameters)
            except schema.MeasureError:
                continue
            measures += [MeasureInForce(code, params, measure.is_advice, source) for code, params in typed]
    lines = []
    for entry in resolve(measures):
        for rule in entry.rules + entry.advice:
            sections = ", ".join(s.label for s in rule.sources)
            text = f"{entry.label}: {rule.summary} ({sections})"
            lines.append(_("Anbefaling: %(rule)s") % {"rule": text} if rule.is_advice else text)
    return lines or [_("Ingen strukturerte tiltak; se forskriftsteksten.")]


def decided_changes(*, municipality: Municipality | None = None, limit: int = LIMIT) -> list[Change]:
    """The decided versions that change what applies (in `municipality`, or anywhere), newest
    decision first, at most `limit`; a fixed number of queries."""
    versions = RegulationVersion.objects.filter(status__in=EFFECTIVE_STATUSES, valid_from__isnull=False)
    if municipality is not None:
        versions = versions.filter(
            Q(regulation__layer=Layer.NATIONAL)
            | Q(regulation__layer=Layer.REGIONAL, placements__municipality_number=municipality.number)
            | Q(regulation__layer=Layer.LOCAL, regulation__municipality__municipality_number=municipality.number)
        ).distinct()
    decided = Coalesce("decided_at", "created_at")
    rows = list(
        versions.select_related("regulation__municipality")
        .prefetch_related("sections__measures__measure_type", "placements")
        .annotate(decided_on=decided)
        .order_by("-decided_on", "-pk")[:limit]
    )
    numbers = {p.municipality_number for v in rows for p in v.placements.all()}
    names = dict(Municipality.objects.filter(number__in=numbers).values_list("number", "name"))
    changes = []
    for version in rows:
        if version.regulation.layer == Layer.REGIONAL:
            placements = [
                p
                for p in version.placements.all()
                if municipality is None or p.municipality_number == municipality.number
            ]
            periods = [
                Period(
                    p.valid_from,
                    p.valid_until,
                    "" if municipality else names.get(p.municipality_number, p.municipality_number),
                )
                for p in sorted(placements, key=lambda p: (p.valid_from, p.municipality_number))
            ]
        else:
            periods = [Period(version.valid_from, version.valid_until)]
        changes.append(Change(version, _name(version), periods, _decides(version), version.decided_on))
    return changes


class RulesFeed(Feed):
    """The decided changes to what applies; `obj` is the municipality, or None for all."""

    feed_type = Atom1Feed

    def get_object(self, request, number: str | None = None):
        if number is None:
            return None
        found = municipality_get(number) if len(number) == 4 and number.isdigit() else None
        if found is None:
            raise Http404
        return found

    def title(self, obj):
        if obj is None:
            return _("Vedtatte endringer i reglene: alle kommuner")
        return _("Vedtatte endringer i reglene: %(place)s kommune") % {"place": obj.name}

    def subtitle(self, obj):
        return _(
            "Nasjonale regler, regionale tiltaksnivåer og kommunenes egne forskrifter, nyeste vedtak først. "
            "Norsk lisens for offentlige data (NLOD) 2.0."
        )

    def link(self, obj):
        if obj is None:
            return reverse("open_data:page")
        return reverse("api_rules") + f"?municipality={obj.number}"

    def feed_guid(self, obj):
        return None

    def items(self, obj):
        return decided_changes(municipality=obj)

    def item_title(self, item: Change) -> str:
        version = item.version
        title = _("%(name)s, versjon %(n)s (%(kind)s)") % {
            "name": item.name,
            "n": version.number,
            "kind": version.get_kind_display().lower(),
        }
        first = item.periods[0] if item.periods else None
        if first is not None and first.start is not None and not first.place:
            title += ": " + first.shown().lower()
        return title

    def item_description(self, item: Change) -> str:
        status = _("Status: %(status)s.") % {"status": item.version.get_status_display()}
        return format_html(
            "<p>{}</p><p>{}</p><ul>{}</ul>",
            status,
            format_html_join("", "{}<br>", ((p.shown() + ".",) for p in item.periods)),
            format_html_join("", "<li>{}</li>", ((line,) for line in item.decides)),
        )

    def item_link(self, item: Change) -> str:
        return reverse("regulations:version_pdf", args=[item.version.pk])

    def item_pubdate(self, item: Change) -> datetime:
        return item.decided

    def item_updateddate(self, item: Change) -> datetime:
        return item.decided

    def item_author_name(self, item: Change) -> str:
        return item.version.regulation.municipality.name

    def item_categories(self, item: Change) -> list[str]:
        return [item.version.regulation.layer]


_feed = RulesFeed()


def _refuse_parameters(request: HttpRequest) -> HttpResponse | None:
    if request.GET:
        name = sorted(request.GET)[0]
        return api_error(name, f"unknown parameter {name}; the feeds take none")
    return None


@access(anonymous=OK, own=OK)
@require_GET
def feed_all(request):
    """GET /api/rules/feed.atom"""
    return _refuse_parameters(request) or _feed(request)


@access(anonymous=OK, own=OK, kwargs={"number": "0301"})
@require_GET
def feed_municipality(request, number: str):
    """GET /api/rules/<number>/feed.atom"""
    return _refuse_parameters(request) or _feed(request, number=number)
