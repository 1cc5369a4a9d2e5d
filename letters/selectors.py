"""Every non-trivial read on letters, scoped by `letters_for_user`."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from cases.models import Case
from core.models import Organization
from core.selectors import municipalities, organization_ids_for_user

from .models import (
    DeliveryStatus,
    Letter,
    LetterApprover,
    LetterDelivery,
    LetterRecipient,
    LetterStatus,
    RecipientList,
)
from .services import approver_candidates


def letters_for_user(user) -> QuerySet[Letter]:
    """The letters a person may see: every letter of their own organization (drafts too), and
    a dispatched letter addressed or copied to their organization. Nothing else."""
    if getattr(user, "is_superuser", False):
        return Letter.objects.all()
    org_ids = organization_ids_for_user(user)
    if not org_ids:
        return Letter.objects.none()
    addressed = LetterRecipient.objects.filter(letter=OuterRef("pk"), organization_id__in=org_ids)
    return Letter.objects.filter(Q(sender_id__in=org_ids) | (Q(status=LetterStatus.DISPATCHED) & Exists(addressed)))


def letter_detail(*, user, pk: int) -> Letter:
    """Raises Letter.DoesNotExist when the letter does not exist or is not visible to `user`."""
    return letters_for_user(user).select_related("case", "sender", "case_officer").get(pk=pk)


def letter_list(*, user, query: str = "") -> QuerySet[Letter]:
    letters = letters_for_user(user).select_related("case", "sender")
    if query:
        letters = letters.filter(Q(title__icontains=query) | Q(case__title__icontains=query))
    return letters.order_by("-letter_date", "-id")


def approval_chain(letter: Letter) -> list[tuple]:
    """The chain in order: (step, its valid approval or None)."""
    approvals = {
        a.step_id: a for a in letter.approvals.filter(invalidated_at__isnull=True).select_related("approved_by")
    }
    return [(step, approvals.get(step.pk)) for step in letter.approvers.select_related("user").order_by("order")]


def is_sender_member(user, letter: Letter) -> bool:
    return getattr(user, "is_superuser", False) or letter.sender_id in organization_ids_for_user(user)


def _listed_deliveries(deliveries: QuerySet[LetterDelivery]) -> QuerySet[LetterDelivery]:
    # Recipients before copy recipients ("recipient" sorts after "copy"), as in the letter.
    # The PDFs' bytes are not read here: pages and the API list copies, they do not serve them.
    return (
        deliveries.select_related("recipient", "document")
        .defer("document__content")
        .order_by("-recipient__kind", "recipient__order")
    )


def deliveries_visible_to(*, user, letter: Letter) -> QuerySet[LetterDelivery]:
    """The sender's people see every copy; a recipient sees only the copies to its organization."""
    deliveries = _listed_deliveries(letter.deliveries.all())
    if is_sender_member(user, letter):
        return deliveries
    return deliveries.filter(recipient__organization_id__in=organization_ids_for_user(user))


DELIVERIES_PAGE_SIZE = 50


def deliveries_needing_attention(*, user, letter: Letter) -> list[LetterDelivery]:
    """The visible copies that wait for an automatic retry or for a person (failed), at most
    one page of them: what the polled progress card lists, whatever the number of recipients."""
    attention = deliveries_visible_to(user=user, letter=letter).filter(
        status__in=(DeliveryStatus.RETRYING, DeliveryStatus.FAILED)
    )
    return list(attention[:DELIVERIES_PAGE_SIZE])


def deliveries_prefetch() -> Prefetch:
    """Every letter's deliveries in one query for a list of letters (`visible_deliveries`
    and `Letter.journal_status` then read them without a query per letter)."""
    return Prefetch("deliveries", queryset=_listed_deliveries(LetterDelivery.objects.all()))


def visible_deliveries(*, user, letter: Letter) -> list[LetterDelivery]:
    """`deliveries_visible_to`, from the deliveries prefetched with `deliveries_prefetch`."""
    deliveries = list(letter.deliveries.all())
    if is_sender_member(user, letter):
        return deliveries
    org_ids = organization_ids_for_user(user)
    return [d for d in deliveries if d.recipient.organization_id in org_ids]


@dataclass
class Progress:
    """A dispatch's copies: made (PDF stored), delivered (sent or handed to print), waiting for
    an automatic retry, failed (waiting for a person); `pending` are those still on their way."""

    total: int
    rendered: int
    delivered: int
    retrying: int
    failed: int

    @property
    def finished(self) -> bool:
        return self.total > 0 and self.delivered == self.total

    @property
    def pending(self) -> int:
        """Copies still being made or sent, automatic retries included."""
        return self.total - self.delivered - self.failed

    @property
    def active(self) -> bool:
        """Something is still on its way by itself: the page keeps polling."""
        return self.pending > 0

    @property
    def made_but_not_sent(self) -> bool:
        """Every copy exists, but some e-mails could not be sent (and will not be retried)."""
        return self.total > 0 and self.rendered == self.total and self.failed > 0


def dispatch_progress(letter: Letter) -> Progress:
    counts = letter.deliveries.aggregate(
        total=Count("id"),
        rendered=Count("id", filter=Q(document__isnull=False)),
        delivered=Count("id", filter=Q(status__in=[DeliveryStatus.SENT, DeliveryStatus.READY_FOR_PRINT])),
        retrying=Count("id", filter=Q(status=DeliveryStatus.RETRYING)),
        failed=Count("id", filter=Q(status=DeliveryStatus.FAILED)),
    )
    return Progress(**counts)


GROUPS = ("all_municipalities", "county", "saved_list")


def organizations_for_group(*, group: str, county: str = "") -> QuerySet[Organization]:
    """The registry organizations in a bulk recipient group (a saved list is not one: its
    recipients are added as they were saved, by `services.recipients_add_saved_list`)."""
    if group == "all_municipalities":
        return municipalities()
    if group == "county":
        return municipalities().filter(county__iexact=county.strip()) if county.strip() else Organization.objects.none()
    return Organization.objects.none()


def counties() -> list[str]:
    return list(municipalities().exclude(county="").order_by("county").values_list("county", flat=True).distinct())


def recipient_lists_for_letter(*, user, letter: Letter) -> QuerySet[RecipientList]:
    """The saved lists a person may use on a letter: those of the letter's sender, if theirs."""
    if not is_sender_member(user, letter):
        return RecipientList.objects.none()
    return RecipientList.objects.filter(owner_id=letter.sender_id)


CASE_LISTED_COPIES_MAX = 10


def count_deliveries(letters: list[Letter]) -> None:
    """Each letter's copies counted by status in one grouped query for all of them, set as
    `delivery_total` and `delivery_count_<status>`: what `Letter.journal_status` and
    `Letter.deliveries_by_status` read instead of loading the copies."""
    counts: dict[int, dict[str, int]] = {letter.pk: {} for letter in letters}
    rows = LetterDelivery.objects.filter(letter_id__in=list(counts)).values("letter_id", "status")
    for row in rows.annotate(n=Count("pk")).order_by():
        counts[row["letter_id"]][row["status"]] = row["n"]
    for letter in letters:
        setattr(letter, "delivery_total", sum(counts[letter.pk].values()))  # noqa: B010 (an annotation)
        for status in DeliveryStatus.values:
            setattr(letter, f"delivery_count_{status}", counts[letter.pk].get(status, 0))


def letters_in_case(case: Case) -> list[Letter]:
    """The case's letters as the case's document list shows them (this app's
    cases.registry.FiledKind): each letter's copies counted by status (`count_deliveries`),
    and only the copies of letters with at most `CASE_LISTED_COPIES_MAX` of them loaded
    (`listed_deliveries`), to be listed by name. A letter to 356 municipalities is summed up
    without reading its 356 rows; at most three plain queries, whatever the case holds."""
    letters = list(Letter.objects.filter(case=case).select_related("sender", "case").order_by("document_number"))
    count_deliveries(letters)
    few = [letter.pk for letter in letters if letter.delivery_total <= CASE_LISTED_COPIES_MAX]
    listed: dict[int, list[LetterDelivery]] = {pk: [] for pk in few}
    for delivery in _listed_deliveries(LetterDelivery.objects.filter(letter_id__in=few)):
        listed[delivery.letter_id].append(delivery)
    for letter in letters:
        setattr(letter, "listed_deliveries", listed.get(letter.pk, []))  # noqa: B010 (as a prefetch's to_attr)
    return letters


def _valid_approval(step_ref: str = "pk") -> Exists:
    from .models import LetterApproval

    return Exists(LetterApproval.objects.filter(step_id=OuterRef(step_ref), invalidated_at__isnull=True))


def letters_awaiting_my_approval(*, user) -> QuerySet[Letter]:
    """Letters waiting for this person's approval now: they are the first approver of the
    chain without a valid approval (what `Letter.next_approver_step` says, in SQL)."""
    from core.models import Role

    from .models import LetterApprover

    approver_orgs = organization_ids_for_user(user, Role.APPROVER)
    earlier_open = LetterApprover.objects.filter(letter_id=OuterRef("letter_id"), order__lt=OuterRef("order")).exclude(
        _valid_approval()
    )
    steps = (
        LetterApprover.objects.filter(
            user_id=user.pk, letter__status=LetterStatus.AWAITING_APPROVAL, letter__sender_id__in=approver_orgs
        )
        .exclude(_valid_approval())
        .exclude(Exists(earlier_open))
    )
    return Letter.objects.filter(pk__in=steps.values("letter_id"))


def dashboard_panel_context(*, user, now) -> dict | None:
    """The letters panel of the overview, by role in the sending organization: what awaits
    the person's approval, what the records officer is to dispatch and which dispatches have
    copies that failed, the case officer's drafts. None when no card concerns the person."""
    from core.models import Role

    drafter_orgs = organization_ids_for_user(user, Role.CASE_OFFICER)
    approver_orgs = organization_ids_for_user(user, Role.APPROVER)
    records_orgs = organization_ids_for_user(user, Role.RECORDS_OFFICER)
    if not (drafter_orgs or approver_orgs or records_orgs):
        return None
    base = Letter.objects.select_related("case").order_by("-letter_date", "-id")
    failed = LetterDelivery.objects.filter(letter_id=OuterRef("pk"), status=DeliveryStatus.FAILED)
    return {
        "to_approve": list(base.filter(pk__in=letters_awaiting_my_approval(user=user).values("pk"))[:50])
        if approver_orgs
        else None,
        "to_dispatch": list(base.filter(status=LetterStatus.APPROVED, sender_id__in=records_orgs)[:50])
        if records_orgs
        else None,
        "failed": list(
            base.filter(
                status__in=(LetterStatus.DISPATCHING, LetterStatus.DISPATCHED), sender_id__in=records_orgs
            ).filter(Exists(failed))[:50]
        )
        if records_orgs
        else [],
        "drafts": list(base.filter(status=LetterStatus.DRAFT, sender_id__in=drafter_orgs)[:50])
        if drafter_orgs
        else None,
    }


# The recipient and approver pickers on a letter's page show at most this many matches.
PICKER_SHOWN = 25


@dataclass
class PickerResults:
    """What a picker on the letter's page offers for `search`: the first matches (`shown`,
    each with `already` True when it is on the letter already) and how many match in all."""

    search: str
    shown: list
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.shown)


def _picker_results(matching: QuerySet, *, search: str, limit: int) -> PickerResults:
    # One query for the page; the count only when there are more than it shows.
    shown = list(matching[: limit + 1])
    total = len(shown) if len(shown) <= limit else matching.count()
    return PickerResults(search=search, shown=shown[:limit], total=total)


def recipient_organizations() -> QuerySet[Organization]:
    """The registry organizations a letter may be addressed to (what the recipient form accepts)."""
    return Organization.objects.all()


def recipient_choices(*, letter: Letter, search: str = "", limit: int = PICKER_SHOWN) -> PickerResults:
    """The registry organizations whose name holds every word of `search`, or whose
    organization number or municipality number starts with it, by name."""
    matching = recipient_organizations()
    digits = search.replace(" ", "")
    if digits.isdigit():
        matching = matching.filter(Q(org_number__startswith=digits) | Q(municipality_number__startswith=digits))
    else:
        for word in search.split():
            matching = matching.filter(name__icontains=word)
    matching = matching.annotate(
        already=Exists(LetterRecipient.objects.filter(letter=letter, organization_id=OuterRef("pk")))
    ).order_by("name", "pk")
    return _picker_results(matching, search=search, limit=limit)


def approver_choices(*, letter: Letter, search: str = "", limit: int = PICKER_SHOWN) -> PickerResults:
    """The people who may approve letters from the letter's sender (`approver_candidates`)
    whose name or username holds every word of `search`, by last name."""
    matching = approver_candidates(letter.sender)
    for word in search.split():
        matching = matching.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word)
        )
    matching = matching.annotate(
        already=Exists(LetterApprover.objects.filter(letter=letter, user_id=OuterRef("pk")))
    ).order_by("last_name", "first_name", "pk")
    return _picker_results(matching, search=search, limit=limit)
