"""What every read API shares: its error body, page-number paging and the Link header.

Page-number paging answers with `X-Total-Count` and, while there are further rows, a
`Link: <…>; rel="next"` header; an API that must not count its rows (the audit trail)
pages by keyset cursor and adds only the Link header, through `add_next_link`.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse

MAX_PAGE = 100000


def api_error(parameter: str, message: str, status: int = 400) -> JsonResponse:
    """The error body of every API: `{"error": message, "parameter": parameter}`."""
    return JsonResponse({"error": message, "parameter": parameter}, status=status)


def api_list(data: list[dict]) -> JsonResponse:
    """A JSON array, non-ASCII text as it is (Bærum, not B\\u00e6rum)."""
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


def page_number(request: HttpRequest) -> int | JsonResponse:
    """The `?page=` asked for (1 when absent), or the 400 response refusing it."""
    text = request.GET.get("page", "1")
    # isdigit() would let int() fail (500) on "²"; the length spares it 5000 digits.
    valid = text.isdecimal() and len(text) <= len(str(MAX_PAGE)) and 1 <= int(text) <= MAX_PAGE
    if not valid:
        return api_error("page", "page must be a positive whole number")
    return int(text)


def add_next_link(request: HttpRequest, response: JsonResponse, **params: str) -> None:
    """Set `Link: <this URL with its query, `params` replaced>; rel="next"` on the response."""
    query = request.GET.copy()
    for name, value in params.items():
        query[name] = value
    response["Link"] = f'<{request.build_absolute_uri(request.path)}?{query.urlencode()}>; rel="next"'


def paged_response(
    request: HttpRequest,
    queryset: QuerySet,
    *,
    page: int,
    page_size: int,
    serialize: Callable[..., dict],
    load: Callable[[list], Mapping[Any, Any]] | None = None,
) -> JsonResponse:
    """One page of the (ordered) queryset, each row through `serialize(row, request)`, with
    `X-Total-Count` and a Link to the next page while there is one. `load(rows)`, when
    given, first reads what the page's rows show in a few queries for all of them, by
    primary key; each row is then serialized as `serialize(row, request, loaded[row.pk])`."""
    total = queryset.count()
    start = (page - 1) * page_size
    rows = list(queryset[start : start + page_size])
    if load is None:
        data = [serialize(row, request) for row in rows]
    else:
        loaded = load(rows)
        data = [serialize(row, request, loaded[row.pk]) for row in rows]
    response = api_list(data)
    response["X-Total-Count"] = str(total)
    if start + page_size < total:
        add_next_link(request, response, page=str(page + 1))
    return response
