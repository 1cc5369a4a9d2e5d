"""Small helpers that keep views thin: an object the person may see or 404, service errors as
form errors, a transition's comment page, a preview not yet made, the archival PDF queued
again, the access of a draft's pages, what the person typed in a search field, a list's query
without its page."""

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.access import ALL, FORBIDDEN, LOGIN, NOT_FOUND, OK
from core.archive import pdf_response
from core.forms import ONCE_FIELD
from core.previews import preview_get
from core.selectors import DRAFTING_ROLES
from core.services import created_once
from core.workflow import transitions_for_user

# The access declaration (core/access.py) of a page that changes a draft: open to the drafters
# of the draft's organization, 403 for its other people, 404 for another organization's.
EDIT_DRAFT: dict[str, Any] = {
    "anonymous": LOGIN,
    "own": {**dict.fromkeys(DRAFTING_ROLES, OK), ALL: FORBIDDEN},
    "other": NOT_FOUND,
}


def query_without(request, *names: str) -> str:
    """This page's query string without the parameters `names` (a pager's links keep the
    list's filter and set their own page or cursor)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def typed_search(request, name: str, limit: int = 100) -> str:
    """What the person typed in the search field `name` (GET), trimmed to `limit` characters,
    runs of spaces as one. Control characters become spaces: PostgreSQL refuses a NUL in a
    query parameter, and none of them means anything in a search."""
    typed = "".join(c if c.isprintable() else " " for c in request.GET.get(name, "")[: limit * 10])
    return " ".join(typed.split())[:limit]


def found_or_404(lookup: Callable[[], Any], message: str):
    """What `lookup()` (a selector's read scoped to the person) finds, or 404 saying `message`."""
    try:
        return lookup()
    except ObjectDoesNotExist as exc:
        raise Http404(message) from exc


def add_service_errors(form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to a form: field errors to fields it has, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if form is not None and field in form.fields else NON_FIELD_ERRORS
            for message in errors:
                form.add_error(None if target == NON_FIELD_ERRORS else target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def form_saved(request, form, save: Callable[[dict], Any], *, success, then, already=None):
    """For a POST whose form is valid, run `save(form.cleaned_data)` (a service), then say
    `success` and redirect to `then`; either may be a callable given what `save` returned.
    None when there is nothing to save or the service refused (its refusal is on the form):
    the caller renders the form again.

    A create form with a one-time token (core.forms.SubmitOnceForm) creates once per token:
    sent again, it says `already` (given what the first one created) and goes to `then` for
    it. `save` gets the form's data without the token."""
    if request.method != "POST" or not form.is_valid():
        return None
    data = dict(form.cleaned_data)
    token = data.pop(ONCE_FIELD, None)
    try:
        if token is None:
            result, created = save(data), True
        else:
            result, created = created_once(token=token, by=request.user, create=lambda: save(data))
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    if created:
        messages.success(request, success(result) if callable(success) else success)
    else:
        said = already(result) if callable(already) else already
        messages.info(request, said or _("Skjemaet var allerede sendt inn. Dette ble opprettet da."))
    return redirect(then(result) if callable(then) else then)


def service_error_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


def form_error_messages(form) -> list[str]:
    """A bound form's errors as lines a person reads: «Felt: feilen», or the error alone
    for one that belongs to no field."""
    lines: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        lines.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return lines


def flash_form_errors(request, form) -> None:
    """A small form posted from a page that redirects back: its errors as error messages."""
    for line in form_error_messages(form):
        messages.error(request, line)


def flash_service_errors(request, exc: ValidationError) -> None:
    """A service's refusal, shown as error messages on the next page."""
    for message in service_error_messages(exc):
        messages.error(request, message)


def service_call_with_messages(request, call, *, success) -> bool:
    """Run a service for a button that comes back to the same page: its refusal as error
    messages, or `success` (a text, or a callable given what the service returned) as a
    success message. True when the service ran."""
    try:
        result = call()
    except ValidationError as exc:
        flash_service_errors(request, exc)
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


def transition_page(
    request,
    obj,
    name: str,
    *,
    actions: Mapping[str, Callable],
    as_name: str,
    form_class,
    refusal: str,
    success: Callable[[Any], str],
    back: str,
    crumb: str,
):
    """The page of a transition that needs at most a comment: GET shows its form, a valid POST
    calls `actions[name]` with the object (as `as_name`), `by` and the form's fields, then goes
    to `back` (the object's page, named `crumb` above the form) with `success(transition)` as
    the message. A name not in `actions` is 404, a
    transition the person may not take now 403 with `refusal`. The service's refusal is shown
    on the form, or as messages on the object's page for a button that posts `direct`."""
    if name not in actions:
        raise Http404
    available = next((t for t in transitions_for_user(obj, request.user) if t.name == name), None)
    if available is None:
        raise PermissionDenied(refusal)
    form = form_class(request.POST if request.method == "POST" else None)
    if not available.needs_comment:
        form.fields["comment"].required = False
    if request.method == "POST" and form.is_valid():
        try:
            actions[name](**{as_name: obj}, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if request.POST.get("direct"):
                for message in service_error_messages(exc):
                    messages.error(request, message)
                return redirect(back)
            add_service_errors(form, exc)
        else:
            messages.success(request, success(available))
            return redirect(back)
    return render(
        request,
        "core/transition_form.html",
        {as_name: obj, "form": form, "transition": available, "back_url": back, "crumb": crumb},
    )


PENDING_STATUS = {"archiving": 202, "queued": 202, "busy": 429, "failed": 503}


def pdf_pending_response(request, *, state: str, back_url: str, back_label: str):
    """The page for a PDF that is not there (yet): the archival PDF being made, a preview being
    made (both reload themselves), too many previews in the making for this person, or a
    failed preview."""
    response = render(
        request,
        "core/pdf_pending.html",
        {
            "state": state,
            "back_url": back_url,
            "back_label": back_label,
            "refresh_seconds": 3,
        },
        status=PENDING_STATUS[state],
    )
    response["Cache-Control"] = "private, no-store"
    if state == "busy":
        response["Retry-After"] = "10"
    return response


def document_pdf_response(
    request, document, *, decided: bool, filename: str, back_label: str, back_url: str, public: bool = False
):
    """A document's PDF (`?download=1`: as an attachment). Decided: its frozen archival bytes
    (`public` ones may be cached), or the page saying they are being made. Before: a preview
    rendered on demand and named «-utkast», its download recorded in the trail, or the page
    saying the preview is not there yet."""
    from audit.services import record_download  # the shared trail; imported late, it imports core

    download = bool(request.GET.get("download"))
    back = {"back_label": back_label, "back_url": back_url}
    if decided:
        if not document.archived_pdf_id:
            return pdf_pending_response(request, state="archiving", **back)
        return pdf_response(
            content=bytes(document.archived_pdf.content),
            filename=filename,
            download=download,
            sha256=document.archived_pdf.sha256,
            public=public,
        )
    preview = preview_get(obj=document, user=request.user)
    if preview.content is None:
        return pdf_pending_response(request, state=preview.state, **back)
    filename = filename.replace(".pdf", "-utkast.pdf")
    record_download(request=request, obj=document, filename=filename)
    return pdf_response(content=preview.content, filename=filename, download=download)


def archive_retry(request, document, *, may: bool, decided: bool, requeue: Callable[[], Any], back: str):
    """The button that queues a decided document's archival PDF again (a failed render): 403
    for those `may` not, nothing to do once the PDF is there; then back to the document."""
    if not may:
        raise PermissionDenied
    if decided and not document.archived_pdf_id:
        requeue()
        messages.info(request, _("PDF-en er lagt i kø på nytt."))
    return redirect(back)
