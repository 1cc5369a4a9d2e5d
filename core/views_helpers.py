"""Small helpers that keep views thin: service errors as form errors, a preview not yet made."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


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


def service_error_messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


def service_call_with_messages(request, call, *, success: str) -> bool:
    """Run a service for a button that comes back to the same page: its refusal as error
    messages, or `success` as a success message. True when the service ran."""
    from django.contrib import messages

    try:
        call()
    except ValidationError as exc:
        for message in service_error_messages(exc):
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


PENDING_STATUS = {"archiving": 202, "queued": 202, "busy": 429, "failed": 503}


def pdf_pending_response(request, *, state: str, back_url: str, back_label: str):
    """The page for a PDF that is not there (yet): the archival PDF being made, a preview being
    made (both reload themselves), too many previews in the making for this person, or a
    failed preview."""
    from django.shortcuts import render

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
