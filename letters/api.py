"""Read API: letters as JSON for integrations, scoped like the pages (`letters_for_user`)."""

import re

from django.db.models import Prefetch
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.access import OK, UNAUTHORIZED, access
from core.api import api_error, page_number, paged_response

from .models import LetterDelivery, LetterRecipient, RecipientKind
from .selectors import deliveries_prefetch, is_sender_member, letters_for_user, visible_deliveries

REFERENCE = re.compile(r"^(\d{2})/(\d{1,6})-(\d{1,6})$")
CASE = re.compile(r"^(\d{2})/(\d{1,6})$")
PAGE_SIZE = 25


def _recipient(r: LetterRecipient, delivery: LetterDelivery | None) -> dict:
    return {
        "name": r.name,
        "contact_person": r.contact_person,
        "address": r.address,
        "postal_code": r.postal_code,
        "postal_place": r.postal_place,
        "organization_number": r.organization.org_number if r.organization_id else None,
        "municipality_number": (r.organization.municipality_number or None) if r.organization_id else None,
        "delivery": None
        if delivery is None
        else {
            "channel": delivery.channel,
            "status": delivery.status,
            "delivered_at": timezone.localtime(delivery.delivered_at).isoformat() if delivery.delivered_at else None,
            "pdf_sha256": delivery.document.sha256 if delivery.document_id else None,
        },
    }


def _serialize(letter, request) -> dict:
    deliveries = {d.recipient_id: d for d in visible_deliveries(user=request.user, letter=letter)}
    recipients = list(letter.recipients.all())
    own = is_sender_member(request.user, letter)
    # A recipient's own copy when it has one; the sender's people get the preview/letter PDF.
    visible = [d for d in deliveries.values() if d.document_id]
    if own:
        pdf_url = request.build_absolute_uri(reverse("letters:pdf", args=[letter.pk]))
    elif visible:
        pdf_url = request.build_absolute_uri(reverse("letters:delivery_pdf", args=[letter.pk, visible[0].pk]))
    else:
        pdf_url = None
    return {
        "id": letter.pk,
        "reference": letter.reference,
        "case": letter.case.reference,
        "title": letter.title,
        "date": timezone.localtime(letter.letter_date).isoformat(),
        "status": letter.status,
        "journal_status": letter.journal_status,
        "sender": {
            "name": letter.sender.name,
            "department": letter.department,
            "organization_number": letter.sender.org_number or None,
        },
        "case_officer": letter.case_officer.get_full_name() or letter.case_officer.username,
        "their_reference": letter.their_reference,
        "signatories": [{"name": s.name, "title": s.title, "on_behalf": s.on_behalf} for s in letter.signatories.all()],
        "recipients": [
            _recipient(r, deliveries.get(r.pk) if (own or r.pk in deliveries) else None)
            for r in recipients
            if r.kind == RecipientKind.RECIPIENT
        ],
        "copies": [
            _recipient(r, deliveries.get(r.pk) if (own or r.pk in deliveries) else None)
            for r in recipients
            if r.kind == RecipientKind.COPY
        ],
        "pdf_url": pdf_url,
    }


@access(anonymous=UNAUTHORIZED, own=OK)
@require_GET
def letters(request):
    """GET /api/letters/?reference=<YY/NNNNN-D> or ?case=<YY/NNNNN> (signed in; scoped).

    A municipality sees only dispatched letters addressed or copied to it. 25 per page
    (`&page=<n>`); the headers X-Total-Count and Link (rel="next") tell about further pages.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"error": "authentication required"}, status=401)
    qs = (
        letters_for_user(request.user)
        .select_related("case", "sender", "case_officer")
        .prefetch_related(
            "signatories",
            Prefetch("recipients", queryset=LetterRecipient.objects.select_related("organization")),
            deliveries_prefetch(),
        )
    )
    reference, case = request.GET.get("reference"), request.GET.get("case")
    if reference is not None:
        match = REFERENCE.match(reference.strip())
        if not match:
            return api_error("reference", "reference must look like YY/NNNNN-D, e.g. 20/42477-1")
        yy, number, doc = (int(g) for g in match.groups())
        qs = qs.filter(case__year__in=[2000 + yy, 1900 + yy], case__number=number, document_number=doc)
    if case is not None:
        match = CASE.match(case.strip())
        if not match:
            return api_error("case", "case must look like YY/NNNNN, e.g. 20/42477")
        yy, number = (int(g) for g in match.groups())
        qs = qs.filter(case__year__in=[2000 + yy, 1900 + yy], case__number=number)
    page = page_number(request)
    if isinstance(page, JsonResponse):
        return page
    qs = qs.order_by("case__year", "case__number", "document_number")
    response = paged_response(request, qs, page=page, page_size=PAGE_SIZE, serialize=_serialize)
    response["Cache-Control"] = "private, no-store"
    return response
