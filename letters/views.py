"""Letter pages: thin views that validate input, call one service or selector, render.

The small forms that add or remove a part of the letter are in views_parts.py, the records
officer's dispatch and the copies it makes in views_dispatch.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import record_download
from cases.selectors import case_by_reference
from core.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, access
from core.archive import pdf_response
from core.documents import content_mismatch
from core.models import Role
from core.previews import preview_get
from core.selectors import has_role, organization_ids_for_user, organizations_for_user
from core.views_helpers import (
    flash_service_errors,
    form_saved,
    found_or_404,
    pdf_pending_response,
    transition_page,
    typed_search,
)
from core.workflow import decisions_for, transition_permitted, transitions_for_user

from . import selectors, services
from .forms import (
    ApproveForm,
    ApproverForm,
    CommentForm,
    CsvForm,
    GroupForm,
    LetterCreateForm,
    LetterEditForm,
    RecipientForm,
    RecipientListForm,
    SignatoryForm,
)
from .models import DeliveryStatus, Letter, LetterStatus, may_draft

# Several small forms share the letter page: prefixes keep their field ids apart.
PREFIXES = {
    RecipientForm: "recipient",
    GroupForm: "group",
    CsvForm: "csv",
    SignatoryForm: "signatory",
    ApproverForm: "approver",
    RecipientListForm: "list",
}


def _letter_or_404(user, pk) -> Letter:
    return found_or_404(lambda: selectors.letter_detail(user=user, pk=pk), _("Fant ikke brevet."))


def _may_edit(user, letter) -> bool:
    return letter.is_editable and may_draft(letter, user)


def _require_role(user, letter, role: str, message: str) -> None:
    """Refuse (403) a person without `role` at the sender before any form is read."""
    if not has_role(user, letter.sender_id, role):
        raise PermissionDenied(message)


def _require_drafter(user, letter) -> None:
    if not may_draft(letter, user):
        raise PermissionDenied(_("Bare saksbehandlere hos avsenderen kan endre brevet."))


def _picker_search(request, prefix: str) -> str:
    """What the person typed in a picker's search field (?<prefix>-q=)."""
    return typed_search(request, f"{prefix}-q")


def _dispatch_actions(user, letter, transitions) -> dict:
    """What the progress card offers `user`, from the letter's declared transitions: resuming
    the dispatch, retrying a failed copy, and why a dispatch stopped (for those who may resume it)."""
    return {
        "may_resume": any(t.name == "resume_dispatch" for t in transitions),
        "may_retry": any(t.name == "retry_delivery" for t in transitions),
        "sees_dispatch_errors": transition_permitted(letter, "resume_dispatch", user),
        "failed_status": DeliveryStatus.FAILED,
    }


# Who may open which letter page (core/access.py; checked by tests/security/test_matrix.py).
# A letter is private to its sender until it is dispatched: others get 404 for a draft.
SEE_LETTER = {"anonymous": LOGIN, "own": OK, "other": NOT_FOUND}
EDIT_LETTER = {"anonymous": LOGIN, "own": {Role.CASE_OFFICER: OK, "*": FORBIDDEN}, "other": NOT_FOUND}
DISPATCH_LETTER = {"anonymous": LOGIN, "own": {Role.RECORDS_OFFICER: OK, "*": FORBIDDEN}, "other": NOT_FOUND}


@access(anonymous=LOGIN, own=OK)
@login_required
@require_GET
def letter_list(request):
    query = typed_search(request, "q", 200)
    page = Paginator(selectors.letter_list(user=request.user, query=query), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "letters/list.html",
        {
            "page": page,
            "query": query,
            "may_create": bool(organization_ids_for_user(request.user, Role.CASE_OFFICER)),
        },
    )


@access(anonymous=LOGIN, own={Role.CASE_OFFICER: OK, "*": FORBIDDEN})
@login_required
@require_http_methods(["GET", "POST"])
def letter_create(request):
    organizations = organizations_for_user(request.user, Role.CASE_OFFICER)
    if not organizations.exists():
        raise PermissionDenied(_("Du har ikke tilgang til å skrive brev."))
    form = LetterCreateForm(request.POST or None, organizations=organizations)
    case = None
    if request.method == "POST" and form.is_valid() and form.cleaned_data["case_reference"]:
        data = form.cleaned_data
        case = case_by_reference(organization=data["organization"], reference=data["case_reference"])
        if case is None:
            form.add_error(
                "case_reference", _("Fant ingen sak med dette nummeret hos avsenderen (skriv f.eks. 20/42477).")
            )
    saved = form_saved(
        request,
        form,
        lambda data: services.letter_create(
            organization=data["organization"],
            by=request.user,
            title=data["title"],
            case=case,
            case_title=data["case_title"],
        ),
        success=lambda letter: _("Brevutkast %(ref)s er opprettet.") % {"ref": letter.reference},
        already=lambda letter: (
            _("Skjemaet var allerede sendt inn: brevutkast %(ref)s ble opprettet da.") % {"ref": letter.reference}
        ),
        then=lambda letter: reverse("letters:edit", args=[letter.pk]),
    )
    if saved is not None:
        return saved
    return render(request, "letters/create.html", {"form": form})


@access(**SEE_LETTER, obj="draft_letter")
@login_required
@require_GET
def letter_detail(request, pk):
    letter = _letter_or_404(request.user, pk)
    sender_member = selectors.is_sender_member(request.user, letter)
    may_edit = _may_edit(request.user, letter)
    transitions = transitions_for_user(letter, request.user)
    context = {
        "letter": letter,
        "content_warning": content_mismatch(letter),
        "sender_member": sender_member,
        "may_edit": may_edit,
        # Approving has its own form; resuming and retrying sit in the progress card.
        "transitions": [t for t in transitions if t.name not in ("approve", "resume_dispatch", "retry_delivery")],
        "may_approve": any(t.name == "approve" for t in transitions),
        "approve_form": ApproveForm(initial={"content_hash": services.letter_content_hash(letter)}),
        "recipients": Paginator(
            letter.recipients.select_related("organization").order_by("-kind", "order", "pk"),
            selectors.DELIVERIES_PAGE_SIZE,
        ).get_page(request.GET.get("recipients_page")),
        "signatories": letter.signatories.all(),
        "chain": selectors.approval_chain(letter),
        "decisions": decisions_for(letter) if sender_member else [],
        "deliveries_page": Paginator(
            selectors.deliveries_visible_to(user=request.user, letter=letter), selectors.DELIVERIES_PAGE_SIZE
        ).get_page(request.GET.get("page")),
        "attention": selectors.deliveries_needing_attention(user=request.user, letter=letter),
        "progress": selectors.dispatch_progress(letter),
        **_dispatch_actions(request.user, letter, transitions),
    }
    if may_edit:
        context.update(
            {
                "recipient_form": RecipientForm(prefix=PREFIXES[RecipientForm]),
                "recipient_choices": selectors.recipient_choices(
                    letter=letter, search=_picker_search(request, PREFIXES[RecipientForm])
                ),
                "approver_choices": selectors.approver_choices(
                    letter=letter, search=_picker_search(request, PREFIXES[ApproverForm])
                ),
                "group_form": GroupForm(
                    lists=selectors.recipient_lists_for_letter(user=request.user, letter=letter),
                    prefix=PREFIXES[GroupForm],
                ),
                "list_form": RecipientListForm(prefix=PREFIXES[RecipientListForm]),
                "csv_form": CsvForm(prefix=PREFIXES[CsvForm]),
                "signatory_form": SignatoryForm(prefix=PREFIXES[SignatoryForm]),
                "approver_form": ApproverForm(
                    candidates=services.approver_candidates(letter.sender), prefix=PREFIXES[ApproverForm]
                ),
                "counties": selectors.counties(),
            }
        )
    return render(request, "letters/detail.html", context)


# What the edit form changes, each under the letter's own name for it.
LETTER_FIELDS = ("title", "their_reference", "department", "body", "closing", "letter_date")


@access(**EDIT_LETTER, obj="draft_letter")
@login_required
@require_http_methods(["GET", "POST"])
def letter_edit(request, pk):
    letter = _letter_or_404(request.user, pk)
    if not _may_edit(request.user, letter):
        raise PermissionDenied(_("Du kan ikke endre dette brevet."))
    initial = {
        "revision": letter.revision,
        **{name: getattr(letter, name) for name in LETTER_FIELDS},
        "letter_date": timezone.localtime(letter.letter_date),
    }
    form = LetterEditForm(request.POST or None, initial=initial)
    saved = form_saved(
        request,
        form,
        lambda data: services.letter_update(
            letter=letter,
            by=request.user,
            expected_revision=data["revision"],
            **{name: data[name] for name in LETTER_FIELDS},
        ),
        success=_("Brevet er lagret."),
        then=reverse("letters:detail", args=[letter.pk]),
    )
    if saved is not None:
        return saved
    return render(request, "letters/edit.html", {"letter": letter, "form": form})


def _report(request, letter, call, success=None, *, level=messages.success):
    """Run one service call from the letter page and go back to it: a refusal becomes an
    error message, the outcome `success(result)` (or a fixed text) a message of `level`."""
    try:
        result = call()
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        flash_service_errors(request, exc)
    else:
        if success is not None:
            level(request, success(result) if callable(success) else success)
    return redirect("letters:detail", pk=letter.pk)


@access(
    anonymous=LOGIN, own={Role.APPROVER: OK, "*": FORBIDDEN}, other=NOT_FOUND, obj="submitted_letter", method="POST"
)
@login_required
@require_POST
def letter_approve(request, pk):
    letter = _letter_or_404(request.user, pk)
    _require_role(request.user, letter, Role.APPROVER, _("Du står ikke i godkjenningsrekken for dette brevet."))
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Åpne brevet på nytt og godkjenn versjonen du har lest."))
        return redirect("letters:detail", pk=letter.pk)

    def approved(approval) -> str:
        return (
            _("Brevet er godkjent.")
            if approval.letter.status == LetterStatus.APPROVED
            else _("Din godkjenning er registrert; brevet går videre til neste godkjenner.")
        )

    return _report(
        request,
        letter,
        lambda: services.letter_approve(
            letter=letter, by=request.user, expected_hash=form.cleaned_data["content_hash"]
        ),
        approved,
    )


@access(**EDIT_LETTER, obj="draft_letter", kwargs={"name": "submit"})
@login_required
@require_http_methods(["GET", "POST"])
def letter_transition(request, pk, name):
    """Transitions that need at most a comment: submit, send back, cancel."""
    letter = _letter_or_404(request.user, pk)
    return transition_page(
        request,
        letter,
        name,
        actions={
            "submit": services.letter_submit,
            "send_back": services.letter_send_back,
            "cancel": services.letter_cancel,
        },
        as_name="letter",
        form_class=CommentForm,
        refusal=_("Du kan ikke utføre denne handlingen på brevet nå."),
        success=lambda transition: str(transition.label) + " – " + _("utført."),
        back=reverse("letters:detail", args=[letter.pk]),
        crumb=f"{letter.reference} {letter.title}",
    )


@access(**SEE_LETTER, obj="draft_letter")
@login_required
@require_GET
def letter_pdf(request, pk):
    """The letter as it reads before dispatch (placeholder address; UTKAST until approved).
    Only for the sender's people: recipients get their own copy."""
    letter = _letter_or_404(request.user, pk)
    if not selectors.is_sender_member(request.user, letter):
        raise Http404(_("Fant ikke brevet."))
    if letter.journal_pdf_id:
        # Dispatched: the exact copy filed in the case, never rendered again.
        document = letter.journal_pdf
        record_download(request=request, obj=letter, filename=document.filename)
        return pdf_response(content=bytes(document.content), filename=document.filename, sha256=document.sha256)
    preview = preview_get(obj=letter, user=request.user)
    if preview.content is None:
        return pdf_pending_response(
            request,
            state=preview.state,
            back_label=_("Tilbake til brevet"),
            back_url=reverse("letters:detail", args=[letter.pk]),
        )
    suffix = "" if letter.is_approved else "-utkast"
    filename = f"brev-{letter.reference.replace('/', '-')}{suffix}.pdf"
    record_download(request=request, obj=letter, filename=filename)
    return pdf_response(content=preview.content, filename=filename)
