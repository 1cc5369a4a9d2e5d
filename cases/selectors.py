"""Every non-trivial read on case records, scoped by `cases_for_user`."""

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Model, Q, QuerySet

from core.models import Organization
from core.selectors import organization_ids_for_user

from .models import Case, IncomingDocument
from .registry import FiledKind, LinkKind, filed_kinds, link_kinds

CASE_REFERENCE = re.compile(r"^\s*(\d{2})/(\d{1,6})\s*$")


def cases_for_user(user) -> QuerySet[Case]:
    """The cases of a person's own organizations (a case is the organization's own record)."""
    if getattr(user, "is_superuser", False):
        return Case.objects.all()
    return Case.objects.filter(organization_id__in=organization_ids_for_user(user))


def case_list(*, user, query: str = "") -> QuerySet[Case]:
    cases = cases_for_user(user).select_related("organization")
    if query:
        cases = cases.filter(title__icontains=query)
    return cases.order_by("-year", "-number")


def case_by_reference(*, organization: Organization, reference: str) -> Case | None:
    """The organization's case numbered `reference` (YY/NNNNN, e.g. 20/42477), if there is one."""
    match = CASE_REFERENCE.match(reference or "")
    if match is None:
        return None
    return Case.objects.filter(
        organization=organization, year=2000 + int(match.group(1)), number=int(match.group(2))
    ).first()


def incoming_documents_in_case(case: Case) -> QuerySet[IncomingDocument]:
    """The documents received in the case (this app's FiledKind), without their PDFs' bytes."""
    return (
        IncomingDocument.objects.filter(case=case)
        .select_related("case", "sender", "in_reply_to__case", "document")
        .defer("document__content")
    )


@dataclass
class CaseDocument:
    """One numbered document of a case, of a registered kind, with the template showing it."""

    number: int
    kind: FiledKind
    document: Any


def case_documents(case: Case) -> list[CaseDocument]:
    """Documents 1, 2, 3 … of the case, whichever app filed them."""
    documents = [
        CaseDocument(number=document.document_number, kind=kind, document=document)
        for kind in filed_kinds()
        for document in kind.in_case(case)
    ]
    return sorted(documents, key=lambda d: d.number)


def reply_candidates(case: Case) -> QuerySet:
    """The documents of the case a received one can answer (what IncomingDocument.in_reply_to names)."""
    model = IncomingDocument._meta.get_field("in_reply_to").related_model
    assert isinstance(model, type) and issubclass(model, Model)
    # With its case: each choice is labelled by its reference, which names the case.
    return model._default_manager.filter(case=case).select_related("case").order_by("document_number")


# How many documents of each kind the link form offers at once: a person types to find others.
LINK_CHOICES_SHOWN = 25


@dataclass
class LinkChoices:
    """A kind of document the case can concern: all that `user` may link (what the form
    accepts), the first of those matching the search (what it offers), and whether more match."""

    kind: LinkKind
    allowed: QuerySet
    shown: list
    more: bool


def link_choices(*, user, search: str = "") -> list[LinkChoices]:
    """Each kind of document a case can concern, with those of them `user` may see and link,
    narrowed to `search` for what the form shows. One query per kind however many there
    are: one row more than is shown tells that there are others, without counting them all
    (the directorate may link every one of 10,000 regulations)."""
    found = []
    for kind in link_kinds():
        allowed = kind.visible(user).select_related(*kind.related).order_by(*kind.order_by)
        matching = kind.search(allowed, search) if search else allowed
        shown = list(matching[: LINK_CHOICES_SHOWN + 1])
        found.append(
            LinkChoices(
                kind=kind, allowed=allowed, shown=shown[:LINK_CHOICES_SHOWN], more=len(shown) > LINK_CHOICES_SHOWN
            )
        )
    return found


@dataclass
class LinkedDocument:
    """A document the case concerns, of a registered kind, with the template showing it."""

    kind: LinkKind
    document: Any


def case_links_visible_to(*, user, case: Case) -> list[LinkedDocument]:
    """The documents the case concerns that `user` may see (a link never reveals a draft)."""
    kinds = link_kinds()
    if not kinds:
        return []
    visible = reduce(or_, (Q(**{f"{kind.field}__in": kind.visible(user)}) for kind in kinds))
    related = [f"{kind.field}__{name}" for kind in kinds for name in kind.related] + [kind.field for kind in kinds]
    linked = []
    for link in case.links.filter(visible).select_related(*related).order_by("created_at"):
        kind = next(kind for kind in kinds if getattr(link, f"{kind.field}_id") is not None)
        linked.append(LinkedDocument(kind=kind, document=getattr(link, kind.field)))
    return linked
