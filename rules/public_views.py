"""«Dette gjelder i …»: the public page of the rules in force, without sign-in.

`/regler/` asks for a municipality (and a date and time, and a place visited); its answer lives
at a stable, shareable address, `/regler/3024/?at=2021-05-15T18:00&visiting=0301`. Without
`at` the page answers for now, and may be cached until the next decided change takes effect;
every answer carries an ETag of its content, so a browser that has it gets 304.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import OK, access
from core.formats import MONTHS_NB, norwegian_sort_key, parse_instant
from core.page_cache import page_get, page_key, page_make, page_response
from lovtidend.selectors import unannounced_version_ids
from register.models import Municipality
from register.selectors import municipality_get

from .forms import PublicRulesForm
from .groups import grouped
from .selectors import effective_rules, next_changes

MAX_AGE_CAP = 3600  # seconds: decisions taken in the meantime show within the hour


def _municipalities() -> list[Municipality]:
    return sorted(Municipality.objects.only("number", "name"), key=lambda m: (norwegian_sort_key(m.name), m.number))


def _by_letter(municipalities: list[Municipality]) -> list[tuple[str, list[Municipality]]]:
    letters: dict[str, list[Municipality]] = {}
    for municipality in municipalities:
        first = unicodedata.normalize("NFD", municipality.name[:1].upper())[:1]
        if municipality.name[:1].upper() in "ÆØÅ":
            first = municipality.name[:1].upper()
        letters.setdefault(first, []).append(municipality)
    return list(letters.items())


def _ask_context(form: PublicRulesForm) -> dict:
    municipalities = _municipalities()
    return {"form": form, "municipalities": municipalities, "letters": _by_letter(municipalities)}


def _ask(request, form: PublicRulesForm, *, status: int = 200):
    return render(request, "rules/public_ask.html", _ask_context(form), status=status)


def _address(number: str, *, at: str = "", visiting: str = "") -> str:
    query = {k: v for k, v in (("at", at), ("visiting", visiting)) if v}
    url = reverse("public_rules:answer", args=[number])
    return f"{url}?{urlencode(query, safe=':')}" if query else url


def _choice(municipality: Municipality) -> str:
    """A municipality as the list of choices offers it: «Bærum (3024)»."""
    return f"{municipality.name} ({municipality.number})"


def _local_iso(value: datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


@access(anonymous=OK, own=OK)
@require_safe
def ask(request):
    """The question; a complete one is sent on to its stable address."""
    if not request.GET:
        # The same for everyone until the register changes (in the audit trail, as every
        # change is): kept like the answers.
        key = page_key("ask")
        page = page_get(key)
        if page is None:
            context = _ask_context(PublicRulesForm())
            page = page_make(request, "rules/public_ask.html", context, key=key, max_age=MAX_AGE_CAP)
        return page_response(request, page)
    form = PublicRulesForm(request.GET)
    if not form.is_valid():
        return _ask(request, form, status=400)
    given = request.GET.get("at", "").strip()
    visiting = form.cleaned_data["visiting"]
    return redirect(
        _address(
            form.cleaned_data["municipality"].number,
            at=_local_iso(form.cleaned_data["at"]) if given else "",
            visiting=visiting.number if visiting else "",
        )
    )


def when_shown(value: datetime, *, at: datetime) -> str:
    """21. mai kl. 00.00; with the year when it is not the year of `at`."""
    local, then = timezone.localtime(value), timezone.localtime(at)
    day = f"{local.day}. {MONTHS_NB[local.month - 1]}" + (f" {local.year}" if local.year != then.year else "")
    return f"{day} kl. {local.hour:02d}.{local.minute:02d}"


@access(anonymous=OK, own=OK, kwargs={"number": "0301"})
@require_safe
def answer(request, number: str):
    """What applies in the municipality `number` (for a visitor: where they are, too)."""
    municipality = municipality_get(number)
    if municipality is None:
        return render(request, "rules/public_not_found.html", {"number": number}, status=404)
    at_text = request.GET.get("at", "").strip()
    visiting_text = request.GET.get("visiting", "").strip()
    at = parse_instant(at_text) if at_text else timezone.now().replace(second=0, microsecond=0)
    visiting = municipality_get(visiting_text) if visiting_text else None
    if at is None or (visiting_text and visiting is None):
        form = PublicRulesForm({"municipality": number, "at": at_text, "visiting": visiting_text})
        form.is_valid()
        if visiting_text and visiting is None and "visiting" not in form.errors:
            form.add_error(
                "visiting", _("Fant ingen kommune «%(text)s» i kommuneregisteret.") % {"text": visiting_text}
            )
        return _ask(request, form, status=400)

    # Kept while nothing is decided; a page for now only until the next change takes effect.
    key = page_key(number, at_text, visiting_text)
    page = page_get(key)
    if page is None:
        context, changes = _answer_context(municipality, at=at, at_text=at_text, visiting=visiting)
        page = page_make(
            request,
            "rules/public_answer.html",
            context,
            key=key,
            max_age=MAX_AGE_CAP,
            until=None if at_text else changes.page,
        )
    return page_response(request, page)


def _answer_context(municipality: Municipality, *, at: datetime, at_text: str, visiting: Municipality | None):
    number = municipality.number
    rules = effective_rules(municipality=municipality, at=at, visiting=visiting)
    changes = next_changes(municipality=municipality, at=at, visiting=visiting)
    visiting_number = rules.visiting.number if rules.visiting else ""
    local_sources = {
        rule.main_source.version_id
        for entry in rules.settings
        for rule in entry.rules + entry.advice
        if rule.main_source.layer == "local" and rule.main_source.version_id
    }
    context = {
        "answer": rules,
        # Local regulations in force but not announced in Norsk Lovtidend (forvaltningsloven § 39).
        "unannounced": unannounced_version_ids(local_sources),
        "now": not at_text,
        "groups": grouped(rules.settings, advice=False),
        "advice": grouped(rules.settings, advice=True),
        "next_change": changes.rules,
        "next_change_shown": when_shown(changes.rules, at=at) if changes.rules else "",
        "next_change_url": _address(number, at=_local_iso(changes.rules), visiting=visiting_number)
        if changes.rules
        else "",
        "form": PublicRulesForm(
            initial={
                "municipality": _choice(municipality),
                "visiting": _choice(rules.visiting) if rules.visiting else "",
                "at": at_text and _local_iso(at),
            }
        ),
        "municipalities": _municipalities(),
    }
    return context, changes
