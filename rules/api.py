"""GET /api/rules/: the resolved rules in force in a municipality at an instant (public)."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.access import OK, access
from core.api import api_error, api_list
from core.formats import parse_instant
from register.selectors import municipalities_in_force, municipality_get

from .selectors import effective_rules
from .stringency import with_stringency

PARAMETERS = {"municipality", "at", "visiting"}


def _municipality(request, name: str):
    number = request.GET.get(name, "")
    if not (len(number) == 4 and number.isdigit()):
        return api_error(name, f"{name} must be a 4-digit municipality number, e.g. 3024")
    found = municipality_get(number)
    if found is None:
        return api_error(name, f"no municipality with number {number} in the register")
    return found


def _index(request, at):
    """Without a municipality: the municipalities of the register at `at`, each with the
    address of its rules."""
    base = request.build_absolute_uri(request.path)
    when = timezone.localtime(at).isoformat()
    return api_list(
        [
            {
                "number": m.number,
                "name": m.name,
                "county": m.county.name,
                "rules": f"{base}?{urlencode({'municipality': m.number, 'at': when})}",
            }
            for m in municipalities_in_force(at=timezone.localdate(at))
        ]
    )


@access(anonymous=OK, own=OK)
@require_GET
def rules(request):
    """GET /api/rules/?municipality=<nnnn>&at=<ISO 8601 instant>[&visiting=<nnnn>]

    Without `municipality`: the municipalities of the register, each with its rules' address.

    For every setting, the rules and the advice in force, each parameter at its strictest
    among the national, regional and local layers, with its sources and the values it
    overrides. `at` defaults to now; without an offset it is Norwegian local time."""
    unknown = sorted(set(request.GET) - PARAMETERS)
    if unknown:
        return api_error(unknown[0], f"unknown parameter {unknown[0]}; known: {', '.join(sorted(PARAMETERS))}")
    at = timezone.now()
    if "at" in request.GET:
        parsed = parse_instant(request.GET["at"])
        if parsed is None:
            return api_error(
                "at", "at must be an ISO 8601 date and time between 2020 and 2030, e.g. 2021-05-15T18:00:00+02:00"
            )
        at = parsed
    if "municipality" not in request.GET and "visiting" not in request.GET:
        return _index(request, at)
    municipality = _municipality(request, "municipality")
    if isinstance(municipality, JsonResponse):
        return municipality
    visiting = None
    if "visiting" in request.GET:
        visiting = _municipality(request, "visiting")
        if isinstance(visiting, JsonResponse):
            return visiting
    answer = effective_rules(municipality=municipality, at=at, visiting=visiting)
    response = JsonResponse(
        with_stringency(answer.as_dict(), answer.settings), json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "public, max-age=60"
    return response
