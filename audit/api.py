"""Read API for auditors: GET /api/audit/?object=<app.model:id>&since=<ISO datetime>&after=<cursor>."""

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.access import FORBIDDEN, OK, UNAUTHORIZED, access
from core.models import Role

from . import selectors
from .exports import event_as_dict

PAGE_SIZE = 500


def _error(parameter: str, message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message, "parameter": parameter}, status=status)


@access(anonymous=UNAUTHORIZED, own={Role.AUDITOR: OK, Role.ADMIN: OK, "*": FORBIDDEN})
@require_GET
def events(request):
    """Events of the caller's trail, oldest first from `since`; 500 per page, the next page
    through the Link header (rel="next", a keyset cursor)."""
    if not request.user.is_authenticated:
        return _error("authentication", "authentication required: sign in first", status=401)
    if not selectors.may_see_timeline(request.user):
        return _error("authorization", "the audit trail is for auditors and administrators", status=403)
    qs = selectors.events_for_user(request.user)
    ref = request.GET.get("object")
    if ref is not None:
        parsed = selectors.parse_object_ref(ref)
        if parsed is None:
            return _error("object", "object must be <app.model:id>, e.g. regulations.regulation:5")
        qs = selectors.filter_events(qs, selectors.Filters(object=parsed))
    since_text = request.GET.get("since")
    if since_text is not None:
        since = selectors.parse_datetime_bounded(since_text.strip().replace(" ", "+"))
        if since is None:
            return _error("since", "since must be an ISO 8601 datetime between 1900 and 2100, "
                                   "e.g. 2021-03-01T00:00:00+01:00")
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        qs = qs.filter(at__gte=since)
    after = request.GET.get("after")
    if after:
        decoded = selectors.decode_cursor(after)
        if decoded is None:
            return _error("after", "after must be the cursor from a Link header")
        at, pk = decoded
        qs = qs.filter(at__gte=at).exclude(at=at, id__lte=pk)
    rows = list(qs.order_by("at", "id")[: PAGE_SIZE + 1])
    response = JsonResponse([event_as_dict(e) for e in rows[:PAGE_SIZE]], safe=False,
                            json_dumps_params={"ensure_ascii": False})
    if len(rows) > PAGE_SIZE:
        query = request.GET.copy()
        query["after"] = selectors.encode_cursor(rows[PAGE_SIZE - 1])
        response["Link"] = f'<{request.build_absolute_uri(request.path)}?{query.urlencode()}>; rel="next"'
    response["Cache-Control"] = "private, no-store"
    return response
