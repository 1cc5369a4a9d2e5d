"""The auditor's pages: the timeline with filters, one document's story, streamed exports."""

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, access
from core.models import Role
from core.views_helpers import form_error_messages, query_without

from . import exports, selectors
from .cards import Cards
from .forms import EventFilterForm, TimelineFilterForm
from .readable import read_events

TIMELINE_ACCESS: dict[str, Any] = {"anonymous": LOGIN, "own": {Role.AUDITOR: OK, Role.ADMIN: OK, "*": FORBIDDEN}}


def _filtered(form, qs):
    """The events the form's filters select; none at all when a filter is wrong."""
    return qs.none() if form.refused else selectors.filter_events(qs, form.filters())


def _timeline_queryset(request):
    if not selectors.may_see_timeline(request.user):
        raise PermissionDenied(_("Revisjonssporet er for revisorer og systemansvarlige."))
    form = TimelineFilterForm(request.GET or None, user=request.user)
    return form, _filtered(form, selectors.events_for_user(request.user))


@access(**TIMELINE_ACCESS)
@login_required
@require_GET
def timeline(request):
    form, qs = _timeline_queryset(request)
    page = selectors.keyset_page(qs, after=request.GET.get("after", ""), size=settings.AUDIT_PAGE_SIZE)
    cards = Cards()
    return render(
        request,
        "audit/timeline.html",
        {
            "form": form,
            "page": page,
            "rows": [{"read": read, "summary": cards.summary(read)} for read in read_events(request.user, page.events)],
            "query": query_without(request, "after"),
            "first_page": not request.GET.get("after"),
            "story_types": selectors.story_types(),
        },
    )


# Another organization's administrator is no insider: a draft's story is as hidden as the draft.
@access(anonymous=LOGIN, own=OK, other=NOT_FOUND, obj="regulation", kwargs={"object_type": "regulations.regulation"})
@login_required
@require_GET
def story(request, object_type, pk):
    found = selectors.story_of(user=request.user, subject_type=object_type, subject_id=str(pk))
    if found is None:
        raise Http404(_("Fant ikke dokumentet."))
    document, events = found
    form = EventFilterForm(request.GET or None)
    page = selectors.keyset_page(
        _filtered(form, events), after=request.GET.get("after", ""), size=settings.AUDIT_PAGE_SIZE, recorded_order=True
    )
    labels = selectors.story_part_labels(subject_type=object_type, events=page.events)
    cards = Cards()
    return render(
        request,
        "audit/story.html",
        {
            "document": document,
            "object_type": object_type,
            "form": form,
            "page": page,
            "rows": [
                {"event": read.event, "card": cards.story_card(read, labels.get(read.event.pk, read.object_label))}
                for read in read_events(request.user, page.events, known=[document])
            ],
            "query": query_without(request, "after"),
            "first_page": not request.GET.get("after"),
            "may_see_timeline": selectors.may_see_timeline(request.user),
            "object_ref": f"{object_type}:{pk}",
        },
    )


def _export_response(request, fmt: str):
    form, qs = _timeline_queryset(request)
    if form.refused:
        # Never "everything" because of a typo in a filter: say what is wrong instead.
        problems = "; ".join(form_error_messages(form))
        return HttpResponse(
            _("Eksporten ble ikke laget: filteret er ugyldig (%(p)s).") % {"p": problems},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_rows(qs, user=request.user), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            exports.json_chunks(qs, user=request.user), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="revisjonsspor-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@access(**TIMELINE_ACCESS)
@login_required
@require_GET
def export_csv(request):
    return _export_response(request, "csv")


@access(**TIMELINE_ACCESS)
@login_required
@require_GET
def export_json(request):
    return _export_response(request, "json")
