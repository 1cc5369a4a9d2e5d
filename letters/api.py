"""Read API: letters as JSON for integrations, scoped like the pages (`letters_for_user`)."""

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.access import OK, UNAUTHORIZED, access
from core.api import api_error, page_number, paged_response
from core.selectors import organization_ids_for_user

from .models import Letter, LetterDelivery, LetterRecipient, RecipientKind
from .selectors import count_deliveries, is_sender_member, letters_for_user

REFERENCE = re.compile(r"^(\d{2})/(\d{1,6})-(\d{1,6})$")
CASE = re.compile(r"^(\d{2})/(\d{1,6})$")
PAGE_SIZE = 25


RECIPIENT_FIELDS = ("pk", "letter_id", "kind", "name", "contact_person", "address", "postal_code", "postal_place")
DELIVERY_FIELDS = ("pk", "letter_id", "recipient_id", "channel", "status", "delivered_at", "document_id")


def _recipient(r: dict, delivery: dict | None) -> dict:
    return {
        "name": r["name"],
        "contact_person": r["contact_person"],
        "address": r["address"],
        "postal_code": r["postal_code"],
        "postal_place": r["postal_place"],
        "organization_number": r["organization__org_number"],
        "municipality_number": r["organization__municipality_number"] or None,
        "delivery": None
        if delivery is None
        else {
            "channel": delivery["channel"],
            "status": delivery["status"],
            "delivered_at": timezone.localtime(delivery["delivered_at"]).isoformat()
            if delivery["delivered_at"]
            else None,
            "pdf_sha256": delivery["document__sha256"],
        },
    }


@dataclass
class _Shown:
    """What one letter of the page lists: its recipients, the copies the reader may see
    (by recipient id) and whether the reader is of the sender's organization."""

    recipients: list[dict] = field(default_factory=list)
    deliveries: dict[int, dict] = field(default_factory=dict)
    own: bool = False


def _load_page(letters: list[Letter], user) -> dict[int, _Shown]:
    """What the page's letters show, in three queries whatever their recipients: every
    recipient and copy recipient (as values, not model instances); the copies `user` may
    see (all of them for the sender's people, else those to the user's organizations; the
    PDFs' hashes, never their bytes); and each letter's copies counted by status, the
    counts `Letter.journal_status` reads (`count_deliveries`)."""
    ids = [letter.pk for letter in letters]
    own = {letter.pk for letter in letters if is_sender_member(user, letter)}
    shown = {pk: _Shown(own=pk in own) for pk in ids}
    for row in (
        LetterRecipient.objects.filter(letter_id__in=ids)
        .order_by("letter_id", "kind", "order", "id")
        .values(*RECIPIENT_FIELDS, "organization__org_number", "organization__municipality_number")
    ):
        shown[row["letter_id"]].recipients.append(row)
    deliveries = LetterDelivery.objects.filter(letter_id__in=ids)
    if not getattr(user, "is_superuser", False):
        org_ids = organization_ids_for_user(user)
        deliveries = deliveries.filter(Q(letter_id__in=own) | Q(recipient__organization_id__in=org_ids))
    for row in deliveries.order_by("-recipient__kind", "recipient__order").values(*DELIVERY_FIELDS, "document__sha256"):
        shown[row["letter_id"]].deliveries[row["recipient_id"]] = row
    count_deliveries(letters)
    return shown


def _serialize(letter, request, shown: _Shown) -> dict:
    deliveries, own = shown.deliveries, shown.own
    # A recipient's own copy when it has one; the sender's people get the preview/letter PDF.
    copy = next((d for d in deliveries.values() if d["document_id"]), None)
    if own:
        pdf_url = request.build_absolute_uri(reverse("letters:pdf", args=[letter.pk]))
    elif copy is not None:
        pdf_url = request.build_absolute_uri(reverse("letters:delivery_pdf", args=[letter.pk, copy["pk"]]))
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
            _recipient(r, deliveries.get(r["pk"])) for r in shown.recipients if r["kind"] == RecipientKind.RECIPIENT
        ],
        "copies": [_recipient(r, deliveries.get(r["pk"])) for r in shown.recipients if r["kind"] == RecipientKind.COPY],
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
        .defer("body", "closing")
        .prefetch_related("signatories")
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
    response = paged_response(
        request,
        qs,
        page=page,
        page_size=PAGE_SIZE,
        serialize=_serialize,
        load=lambda rows: _load_page(rows, request.user),
    )
    response["Cache-Control"] = "private, no-store"
    return response
