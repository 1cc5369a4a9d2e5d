"""Open data: the rules in force in every municipality at one instant, as CSV and as JSON, and
the page that documents them (/apne-data/). Public, no sign-in; licence NLOD 2.0.

    GET /api/rules/export.csv?at=<ISO 8601 instant>
    GET /api/rules/export.json?at=<ISO 8601 instant>

Both are built on `effective_rules_all` (the same few queries whatever the number of
municipalities) and hold the complete matrix: every municipality of the register at `at` ×
every setting. A setting without a rule or advice in a municipality still has its row (CSV)
or its entry with empty lists (JSON), with stringency 0.

The CSV has one row per (municipality, setting, rule or advice), columns in the fixed order of
`COLUMNS`. Structured values (qualifiers, parameters, exceptions) are JSON objects in one
column each rather than flattened columns, because each kind of measure has parameters of its
own: flattened, the columns would change whenever a kind is added. Booleans are `true`/`false`.
The file is UTF-8 with a byte order mark, so that Excel opens «Bærum» as Bærum; Python reads
it with `encoding="utf-8-sig"`, most other tools skip the mark by themselves.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.access import OK, access
from core.api import api_error
from core.formats import parse_instant
from measures.resolve import RuleInForce, SettingInForce
from measures.schema import Setting

from . import stringency
from .selectors import RulesInForce, effective_rules_all

LICENCE = "Norsk lisens for offentlige data (NLOD) 2.0"
LICENCE_URL = "https://data.norge.no/nlod/no/2.0"
PARAMETERS = {"at"}
BOM = "\ufeff"

# The CSV's columns, in their order, each with what it holds (shown on /apne-data/).
COLUMNS: list[tuple[str, object]] = [
    ("municipality_number", _("Kommunenummer, fire sifre (0301, 3024)")),
    ("municipality_name", _("Kommunens navn i registeret")),
    ("county", _("Fylket kommunen ligger i")),
    ("at", _("Tidspunktet svaret gjelder, ISO 8601 med norsk tidssone")),
    ("setting", _("Området regelen gjelder (kode, for eksempel gyms)")),
    ("setting_label", _("Området på norsk (Treningssentre)")),
    ("stringency", _("Strenghetsgrad 0–4 for området i kommunen (samme på hver rad for området)")),
    ("type", _("Tiltakstype (cap, closure, face_mask, …); tom når området ikke har regler")),
    ("kind", _("Hva tiltaket gjør: cap, closure, duty, ban, level, quarantine eller text")),
    ("advice", _("true for en anbefaling, false for et påbud eller forbud")),
    ("summary", _("Regelen med noen få ord på norsk, med unntakene")),
    ("qualifiers", _("Hva regelen handler om, som JSON (hvor, faste plasser, trinn, type karantene)")),
    ("parameters", _("Hver parameter med sin strengeste verdi, som JSON")),
    ("exceptions", _("Unntakene som gjelder, som JSON: kode og eventuelt maks antall personer")),
    ("source_layer", _("Laget den avgjørende verdien kommer fra: national, regional eller local")),
    ("source_label", _("Kilden på norsk (tiltaksnivå B (covid-19-forskriften kap. 5B), lokal forskrift § 5)")),
    ("regulation_id", _("Forskriftens id")),
    ("version_id", _("Versjonens id")),
    ("section", _("Paragrafnummeret (§)")),
    ("source_pdf", _("Adressen til versjonens arkiverte PDF")),
    ("rule_stringency", _("Strenghetsgrad 0–4 for denne regelen alene")),
]


def _instant(request: HttpRequest) -> datetime | JsonResponse:
    unknown = sorted(set(request.GET) - PARAMETERS)
    if unknown:
        return api_error(unknown[0], f"unknown parameter {unknown[0]}; known: {', '.join(sorted(PARAMETERS))}")
    if "at" not in request.GET:
        return timezone.now()
    parsed = parse_instant(request.GET["at"])
    if parsed is None:
        return api_error(
            "at", "at must be an ISO 8601 date and time between 2020 and 2030, e.g. 2021-05-15T18:00:00+02:00"
        )
    return parsed


class _PdfLinks:
    """The absolute address of each version's PDF, reversed once per version."""

    def __init__(self, request: HttpRequest):
        self.request = request
        self.cache: dict[int, str] = {}

    def __call__(self, version_id: int | None) -> str:
        if version_id is None:
            return ""
        if version_id not in self.cache:
            path = reverse("regulations:version_pdf", args=[version_id])
            self.cache[version_id] = self.request.build_absolute_uri(path)
        return self.cache[version_id]


def _complete(answer: RulesInForce) -> list[tuple[Setting, SettingInForce | None]]:
    """Every setting, in the declared order, with what is in force in it (or None)."""
    found = {entry.setting: entry for entry in answer.settings}
    return [(setting, found.get(setting)) for setting in Setting]


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _csv_row(base: list, rule: RuleInForce, pdf: _PdfLinks) -> list:
    data = rule.as_dict()
    source = rule.main_source
    return [
        *base,
        data["type"],
        data["kind"],
        "true" if rule.is_advice else "false",
        data["summary"],
        _compact(data["qualifiers"]),
        _compact({p["parameter"]: p["value"] for p in data["parameters"]}),
        _compact([{"code": e["code"], "max_people": e["max_people"]} for e in data["exceptions"]]),
        source.layer,
        source.label,
        source.regulation_id or "",
        source.version_id or "",
        source.section_number or "",
        pdf(source.version_id),
        stringency.rule_stringency(rule),
    ]


def export_csv_text(answers: dict[str, RulesInForce], *, at: datetime, pdf: _PdfLinks) -> str:
    """The CSV of `answers` (see the module docstring), with its byte order mark."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _help in COLUMNS])
    when = timezone.localtime(at).isoformat()
    empty = [""] * (len(COLUMNS) - 7)
    for answer in answers.values():
        m = answer.municipality
        for setting, entry in _complete(answer):
            base: list = [m.number, m.name, m.county.name, when, setting.value, str(setting.label)]
            base.append(stringency.setting_stringency(entry))
            rules = (entry.rules + entry.advice) if entry else []
            if not rules:
                writer.writerow(base + empty)
            for rule in rules:
                writer.writerow(_csv_row(base, rule, pdf))
    return buffer.getvalue()


def _rule_json(rule: RuleInForce) -> dict:
    return rule.as_dict() | {"stringency": stringency.rule_stringency(rule)}


def export_json_data(answers: dict[str, RulesInForce], *, at: datetime, pdf: _PdfLinks) -> dict:
    """The JSON of `answers`: the instant, the licence, the stringency scale, the sources (each
    version with its PDF address) and every municipality × every setting."""
    sources: dict[str, dict] = {}
    municipalities = []
    for answer in answers.values():
        m = answer.municipality
        settings = []
        for setting, entry in _complete(answer):
            rules = entry.rules if entry else []
            advice = entry.advice if entry else []
            for rule in rules + advice:
                for source in rule.sources:
                    if source.version_id is not None and str(source.version_id) not in sources:
                        sources[str(source.version_id)] = {
                            "layer": source.layer,
                            "title": source.title,
                            "level": source.level or None,
                            "regulation": source.regulation_id,
                            "version": source.version_id,
                            "pdf": pdf(source.version_id),
                        }
            settings.append(
                {
                    "setting": setting.value,
                    "label": str(setting.label),
                    "stringency": stringency.setting_stringency(entry),
                    "rules": [_rule_json(r) for r in rules],
                    "advice": [_rule_json(r) for r in advice],
                }
            )
        municipalities.append({"number": m.number, "name": m.name, "county": m.county.name, "settings": settings})
    return {
        "at": timezone.localtime(at).isoformat(),
        "licence": {"name": LICENCE, "url": LICENCE_URL},
        "stringency_scale": stringency.scale(),
        "sources": sources,
        "municipalities": municipalities,
    }


def _export(respond: Callable[[dict[str, RulesInForce], datetime, _PdfLinks], HttpResponse]) -> Callable:
    """An export view: public, GET only, every municipality's rules at `?at=` (default now;
    a JSON error body for a bad one) given to `respond`, and cached for a minute."""

    @access(anonymous=OK, own=OK)
    @require_GET
    @wraps(respond)
    def view(request: HttpRequest) -> HttpResponse:
        at = _instant(request)
        if isinstance(at, JsonResponse):
            return at
        response = respond(effective_rules_all(at=at), at, _PdfLinks(request))
        response["Cache-Control"] = "public, max-age=60"
        return response

    return view


@_export
def export_csv(answers: dict[str, RulesInForce], at: datetime, pdf: _PdfLinks) -> HttpResponse:
    """GET /api/rules/export.csv?at=…: every municipality × every setting at `at` (default now)."""
    text = export_csv_text(answers, at=at, pdf=pdf)
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime(at).strftime("%Y-%m-%dT%H%M")
    response["Content-Disposition"] = f'attachment; filename="regler-{stamp}.csv"'
    return response


@_export
def export_json(answers: dict[str, RulesInForce], at: datetime, pdf: _PdfLinks) -> HttpResponse:
    """GET /api/rules/export.json?at=…: the same as JSON, each rule as /api/rules/ gives it."""
    return JsonResponse(export_json_data(answers, at=at, pdf=pdf), json_dumps_params={"ensure_ascii": False})


@access(anonymous=OK, own=OK)
@require_GET
def open_data_page(request):
    """/apne-data/: the fields of each export and of the rules API, the stringency scale, the
    licence, examples and the feeds' addresses."""
    base = request.build_absolute_uri("/").rstrip("/")
    example_at = "2021-05-15T18:00:00%2B02:00"
    context = {
        "columns": [(name, help_text) for name, help_text in COLUMNS],
        "scale": stringency.scale(),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "settings": [(s.value, s.label) for s in Setting],
        "examples": {
            "csv": f"{base}{reverse('open_data:export_csv')}?at={example_at}",
            "json": f"{base}{reverse('open_data:export_json')}?at={example_at}",
            "rules": f"{base}{reverse('api_rules')}?municipality=3024&at={example_at}",
            "index": f"{base}{reverse('api_rules')}",
            "feed_all": f"{base}{reverse('open_data:feed_all')}",
            "feed_one": f"{base}{reverse('open_data:feed_municipality', args=['3024'])}",
        },
    }
    return render(request, "rules/open_data.html", context)
