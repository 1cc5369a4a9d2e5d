"""Read API for auditors: GET /api/audit/?object=<app.model:id>&since=<ISO datetime>&after=<cursor>."""

from django.utils import timezone
from django.views.decorators.http import require_GET

from core.access import FORBIDDEN, OK, UNAUTHORIZED, access
from core.api import add_next_link, api_error, api_list
from core.models import Role

from . import selectors
from .exports import PUBLIC_FIELDS, event_row_as_dict

PAGE_SIZE = 500


@access(anonymous=UNAUTHORIZED, own={Role.AUDITOR: OK, Role.ADMIN: OK, "*": FORBIDDEN})
@require_GET
def events(request):
    """Events of the caller's trail, oldest first from `since`; 500 per page, the next page
    through the Link header (rel="next", a keyset cursor). No X-Total-Count: a trail of a
    million events is not counted for every page."""
    if not request.user.is_authenticated:
        return api_error("authentication", "authentication required: sign in first", status=401)
    if not selectors.may_see_timeline(request.user):
        return api_error("authorization", "the audit trail is for auditors and administrators", status=403)
    qs = selectors.events_for_user(request.user)
    ref = request.GET.get("object")
    if ref is not None:
        parsed = selectors.parse_object_ref(ref)
        if parsed is None:
            return api_error("object", "object must be <app.model:id>, e.g. regulations.regulation:5")
        qs = selectors.filter_events(qs, selectors.Filters(object=parsed))
    since_text = request.GET.get("since")
    if since_text is not None:
        since = selectors.parse_datetime_bounded(since_text.strip().replace(" ", "+"))
        if since is None:
            return api_error(
                "since", "since must be an ISO 8601 datetime between 1900 and 2100, e.g. 2021-03-01T00:00:00+01:00"
            )
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        qs = qs.filter(at__gte=since)
    after = request.GET.get("after")
    if after:
        decoded = selectors.decode_cursor(after)
        if decoded is None:
            return api_error("after", "after must be the cursor from a Link header")
        at, pk = decoded
        qs = qs.filter(at__gte=at).exclude(at=at, id__lte=pk)
    rows = list(qs.order_by("at", "id").values(*PUBLIC_FIELDS)[: PAGE_SIZE + 1])
    response = api_list([event_row_as_dict(row) for row in rows[:PAGE_SIZE]])
    if len(rows) > PAGE_SIZE:
        last = rows[PAGE_SIZE - 1]
        add_next_link(request, response, after=selectors.encode_cursor(last["at"], last["id"]))
    response["Cache-Control"] = "private, no-store"
    return response
