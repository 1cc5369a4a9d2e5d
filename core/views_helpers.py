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


PREVIEW_STATUS = {"queued": 202, "busy": 429, "failed": 503}


def preview_pending_response(request, preview, *, back_url: str, back_label: str):
    """The page for a PDF preview that is not there (yet): being made (reloads itself), too
    many in the making for this person, or failed."""
    from django.shortcuts import render

    response = render(request, "core/pdf_preview.html", {
        "preview": preview, "back_url": back_url, "back_label": back_label, "refresh_seconds": 3,
    }, status=PREVIEW_STATUS[preview.state])
    response["Cache-Control"] = "private, no-store"
    if preview.state == "busy":
        response["Retry-After"] = "10"
    return response
