"""Letter pages: thin views that validate input, call one service or selector, render."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import record_download
from core.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, access
from core.archive import pdf_response
from core.documents import content_mismatch
from core.models import Case, Role
from core.previews import preview_get
from core.selectors import has_role, organizations_for_user
from core.views_helpers import add_service_errors, pdf_pending_response, service_error_messages
from core.workflow import decisions_for, transition_permitted, transitions_for_user

from . import selectors, services
from .forms import (
    ApproveForm,
    ApproverForm,
    CaseLinkForm,
    CommentForm,
    CsvForm,
    GroupForm,
    IncomingDocumentForm,
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
CASE_REFERENCE = re.compile(r"^\s*(\d{2})/(\d{1,6})\s*$")


def _letter_or_404(user, pk) -> Letter:
    try:
        return selectors.letter_detail(user=user, pk=pk)
    except Letter.DoesNotExist as exc:
        raise Http404(_("Fant ikke brevet.")) from exc


def _flash_errors(request, exc: ValidationError) -> None:
    for message in service_error_messages(exc):
        messages.error(request, message)


def _may_edit(user, letter) -> bool:
    return letter.is_editable and may_draft(letter, user)


def _require_role(user, letter, role: str, message: str) -> None:
    """Refuse (403) a person without `role` at the sender before any form is read."""
    if not has_role(user, letter.sender_id, role):
        raise PermissionDenied(message)


def _require_drafter(user, letter) -> None:
    if not may_draft(letter, user):
        raise PermissionDenied(_("Bare saksbehandlere hos avsenderen kan endre brevet."))


def _require_dispatcher(user, letter, transition: str) -> None:
    """Refuse (403) a person whom `transition`'s permission does not grant, whatever the
    letter's state now (the service says what the state allows)."""
    if not transition_permitted(letter, transition, user):
        raise PermissionDenied(_("Bare arkivet (arkivar) kan ekspedere brev."))


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
    letters = selectors.letter_list(user=request.user, query=request.GET.get("q", "")[:200])
    page = Paginator(letters, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "letters/list.html",
        {
            "page": page,
            "query": request.GET.get("q", ""),
            "may_create": organizations_for_user(request.user, Role.CASE_OFFICER).exists(),
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = None
        if data["case_reference"]:
            match = CASE_REFERENCE.match(data["case_reference"])
            case = (
                Case.objects.filter(
                    organization=data["organization"], year=2000 + int(match.group(1)), number=int(match.group(2))
                ).first()
                if match
                else None
            )
            if case is None:
                form.add_error(
                    "case_reference", _("Fant ingen sak med dette nummeret hos avsenderen (skriv f.eks. 20/42477).")
                )
        if form.is_valid():
            try:
                letter = services.letter_create(
                    organization=data["organization"],
                    by=request.user,
                    title=data["title"],
                    case=case,
                    case_title=data["case_title"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Brevutkast %(ref)s er opprettet.") % {"ref": letter.reference})
                return redirect("letters:edit", pk=letter.pk)
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
        "recipients": letter.recipients.select_related("organization").all(),
        "signatories": letter.signatories.all(),
        "chain": selectors.approval_chain(letter),
        "decisions": decisions_for(letter) if sender_member else [],
        "deliveries": selectors.deliveries_visible_to(user=request.user, letter=letter),
        "progress": selectors.dispatch_progress(letter),
        **_dispatch_actions(request.user, letter, transitions),
    }
    if may_edit:
        context.update(
            {
                "recipient_form": RecipientForm(prefix=PREFIXES[RecipientForm]),
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


@access(**EDIT_LETTER, obj="draft_letter")
@login_required
@require_http_methods(["GET", "POST"])
def letter_edit(request, pk):
    letter = _letter_or_404(request.user, pk)
    if not _may_edit(request.user, letter):
        raise PermissionDenied(_("Du kan ikke endre dette brevet."))
    initial = {
        "revision": letter.revision,
        "title": letter.title,
        "their_reference": letter.their_reference,
        "department": letter.department,
        "body": letter.body,
        "closing": letter.closing,
        "letter_date": timezone.localtime(letter.letter_date),
    }
    form = LetterEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.letter_update(
                letter=letter,
                by=request.user,
                expected_revision=data["revision"],
                title=data["title"],
                their_reference=data["their_reference"],
                department=data["department"],
                body=data["body"],
                closing=data["closing"],
                letter_date=data["letter_date"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Brevet er lagret."))
            return redirect("letters:detail", pk=letter.pk)
    return render(request, "letters/edit.html", {"letter": letter, "form": form})


def _report(request, letter, call, success=None, *, level=messages.success):
    """Run one service call from the letter page and go back to it: a refusal becomes an
    error message, the outcome `success(result)` (or a fixed text) a message of `level`."""
    try:
        result = call()
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        if success is not None:
            level(request, success(result) if callable(success) else success)
    return redirect("letters:detail", pk=letter.pk)


def _edit_action(request, pk, form_class, action, success, form_kwargs=None):
    """POST a small form from the letter page to one service; errors become messages."""
    letter = _letter_or_404(request.user, pk)
    _require_drafter(request.user, letter)
    form = form_class(
        request.POST, request.FILES, prefix=PREFIXES[form_class], **(form_kwargs(letter) if form_kwargs else {})
    )
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}" if field in form.fields else error)
        return redirect("letters:detail", pk=letter.pk)
    return _report(request, letter, lambda: action(letter, form.cleaned_data), success)


@access(**EDIT_LETTER, obj="draft_letter", method="POST")
@login_required
@require_POST
def recipient_add(request, pk):
    def action(letter, data):
        return services.recipient_add(
            letter=letter,
            by=request.user,
            data=services.RecipientInput(
                kind=data["kind"],
                organization=data["organization"],
                name=data["name"],
                contact_person=data["contact_person"],
                address=data["address"],
                postal_code=data["postal_code"],
                postal_place=data["postal_place"],
                email=data["email"],
            ),
        )

    return _edit_action(request, pk, RecipientForm, action, lambda r: _("%(name)s er lagt til.") % {"name": r.name})


@access(**EDIT_LETTER, obj="draft_letter", method="POST")
@login_required
@require_POST
def recipients_group(request, pk):
    def action(letter, data):
        organizations = selectors.organizations_for_group(
            group=data["group"], county=data["county"], saved_list=data["saved_list"]
        )
        return services.recipients_add_organizations(
            letter=letter, by=request.user, organizations=organizations, kind=data["kind"]
        )

    def success(result):
        text = _("%(n)s mottakere lagt til.") % {"n": len(result.added)}
        if result.duplicates:
            text += " " + _("%(n)s stod allerede på listen.") % {"n": len(result.duplicates)}
        if result.without_address:
            text += " " + _("Uten adresse (ikke lagt til): %(names)s.") % {
                "names": ", ".join(result.without_address[:20])
            }
        return text

    return _edit_action(
        request,
        pk,
        GroupForm,
        action,
        success,
        form_kwargs=lambda letter: {"lists": selectors.recipient_lists_for_letter(user=request.user, letter=letter)},
    )


@access(**EDIT_LETTER, obj="draft_letter", method="POST")
@login_required
@require_POST
def recipient_list_save(request, pk):
    """Save the letter's recipients from the registry as a named list for later letters."""

    def action(letter, data):
        members = [r.organization for r in letter.recipients.select_related("organization") if r.organization_id]
        return services.recipient_list_create(owner=letter.sender, by=request.user, name=data["name"], members=members)

    return _edit_action(
        request,
        pk,
        RecipientListForm,
        action,
        lambda saved: (
            _("Listen «%(name)s» er lagret med %(n)s mottakere.") % {"name": saved.name, "n": saved.members.count()}
        ),
    )


@access(**EDIT_LETTER, obj="draft_letter", method="POST")
@login_required
@require_POST
def recipients_csv(request, pk):
    def action(letter, data):
        upload = data["file"]
        if upload.size > services.recipients.CSV_MAX_BYTES:
            raise ValidationError({"file": _("Filen er for stor (høyst 1 MB).")})
        return services.recipients_import_csv(
            letter=letter, by=request.user, filename=upload.name, content=upload.read()
        )

    return _edit_action(request, pk, CsvForm, action, lambda r: _("%(n)s mottakere importert.") % {"n": len(r.added)})


@access(**EDIT_LETTER, obj="draft_letter", method="POST")
@login_required
@require_POST
def recipient_remove(request, pk, recipient_pk):
    return _remove_action(
        request,
        pk,
        lambda letter: get_object_or_404(letter.recipients.all(), pk=recipient_pk),
        lambda recipient: services.recipient_remove(recipient=recipient, by=request.user),
        lambda recipient: _("%(name)s er fjernet.") % {"name": recipient.name},
    )


def _remove_action(request, pk, find, remove, success=None):
    """POST from the letter page removing one part of it (recipient, signatory, approver)."""
    letter = _letter_or_404(request.user, pk)
    _require_drafter(request.user, letter)
    part = find(letter)
    announce = (lambda _result: success(part)) if success else None
    return _report(request, letter, lambda: remove(part), announce)


@access(**EDIT_LETTER, obj="draft_letter", method="POST")
@login_required
@require_POST
def signatory_add(request, pk):
    return _edit_action(
        request,
        pk,
        SignatoryForm,
        lambda letter, data: services.signatory_add(
            letter=letter, by=request.user, name=data["name"], title=data["title"], on_behalf=data["on_behalf"]
        ),
        _("Underskriveren er lagt til."),
    )


@access(**EDIT_LETTER, obj="draft_letter", method="POST")
@login_required
@require_POST
def signatory_remove(request, pk, signatory_pk):
    return _remove_action(
        request,
        pk,
        lambda letter: get_object_or_404(letter.signatories.all(), pk=signatory_pk),
        lambda signatory: services.signatory_remove(signatory=signatory, by=request.user),
    )


@access(**EDIT_LETTER, obj="draft_letter", method="POST")
@login_required
@require_POST
def approver_add(request, pk):
    return _edit_action(
        request,
        pk,
        ApproverForm,
        lambda letter, data: services.approver_add(letter=letter, by=request.user, user=data["user"]),
        _("Godkjenneren er lagt til i rekken."),
        form_kwargs=lambda letter: {"candidates": services.approver_candidates(letter.sender)},
    )


@access(**EDIT_LETTER, obj="draft_letter", method="POST")
@login_required
@require_POST
def approver_remove(request, pk, step_pk):
    return _remove_action(
        request,
        pk,
        lambda letter: get_object_or_404(letter.approvers.all(), pk=step_pk),
        lambda step: services.approver_remove(step=step, by=request.user),
    )


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
    actions = {
        "submit": services.letter_submit,
        "send_back": services.letter_send_back,
        "cancel": services.letter_cancel,
    }
    if name not in actions:
        raise Http404
    available = next((t for t in transitions_for_user(letter, request.user) if t.name == name), None)
    if available is None:
        raise PermissionDenied(_("Du kan ikke utføre denne handlingen på brevet nå."))
    form = CommentForm(request.POST if request.method == "POST" else None)
    if not available.needs_comment:
        form.fields["comment"].required = False
    if request.method == "POST" and form.is_valid():
        try:
            actions[name](letter=letter, by=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, str(available.label) + " – " + _("utført."))
            return redirect("letters:detail", pk=letter.pk)
    return render(request, "letters/comment_form.html", {"letter": letter, "form": form, "transition": available})


@access(**DISPATCH_LETTER, obj="draft_letter", method="POST")
@login_required
@require_POST
def letter_dispatch(request, pk):
    letter = _letter_or_404(request.user, pk)
    _require_dispatcher(request.user, letter, "start_dispatch")
    return _report(
        request,
        letter,
        lambda: services.letter_dispatch(letter=letter, by=request.user),
        _("Ekspederingen er startet."),
    )


@access(**DISPATCH_LETTER, obj="dispatched_letter", method="POST")
@login_required
@require_POST
def letter_dispatch_resume(request, pk):
    letter = _letter_or_404(request.user, pk)
    _require_dispatcher(request.user, letter, "resume_dispatch")
    return _report(
        request,
        letter,
        lambda: services.letter_dispatch_resume(letter=letter, by=request.user),
        lambda count: _("%(n)s eksemplarer er lagt i kø på nytt.") % {"n": count},
        level=messages.info,
    )


@access(**DISPATCH_LETTER, obj="dispatched_letter", method="POST")
@login_required
@require_POST
def delivery_retry(request, pk, delivery_pk):
    letter = _letter_or_404(request.user, pk)
    _require_dispatcher(request.user, letter, "retry_delivery")
    delivery = get_object_or_404(letter.deliveries.all(), pk=delivery_pk)
    return _report(
        request,
        letter,
        lambda: services.delivery_retry(delivery=delivery, by=request.user),
        _("Eksemplaret er lagt i kø på nytt."),
        level=messages.info,
    )


@access(**SEE_LETTER, obj="dispatched_letter")
@login_required
@require_GET
def letter_progress(request, pk):
    """The dispatch progress fragment (polled by htmx while the dispatch runs)."""
    letter = _letter_or_404(request.user, pk)
    return render(
        request,
        "letters/_progress.html",
        {
            "letter": letter,
            "progress": selectors.dispatch_progress(letter),
            "deliveries": selectors.deliveries_visible_to(user=request.user, letter=letter),
            **_dispatch_actions(request.user, letter, transitions_for_user(letter, request.user)),
        },
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


@access(**SEE_LETTER, obj="dispatched_letter")
@login_required
@require_GET
def delivery_pdf(request, pk, delivery_pk):
    """One recipient's archived copy: the exact bytes stored at dispatch."""
    letter = _letter_or_404(request.user, pk)
    delivery = get_object_or_404(selectors.deliveries_visible_to(user=request.user, letter=letter), pk=delivery_pk)
    if not delivery.document_id:
        raise Http404(_("Eksemplaret er ikke laget ennå."))
    # Letters are not public: every fetch of a copy is in the trail.
    record_download(request=request, obj=delivery, filename=delivery.document.filename)
    return pdf_response(
        content=bytes(delivery.document.content),
        filename=delivery.document.filename,
        download=bool(request.GET.get("download")),
        sha256=delivery.document.sha256,
    )


# Case records: the organization's own (others get 404); registering and linking is for
# the case officers and records officers of the case's organization.
SEE_CASE = {"anonymous": LOGIN, "own": OK, "other": NOT_FOUND}
EDIT_CASE = {
    "anonymous": LOGIN,
    "own": {Role.CASE_OFFICER: OK, Role.RECORDS_OFFICER: OK, "*": FORBIDDEN},
    "other": NOT_FOUND,
}


def _case_or_404(user, pk) -> Case:
    case = selectors.cases_for_user(user).select_related("organization").filter(pk=pk).first()
    if case is None:
        raise Http404(_("Fant ikke saken."))
    return case


def _may_register(user, case) -> bool:
    return has_role(user, case.organization_id, *services.cases.RECORDS_ROLES)


def _case_forms(request, case, data=None, files=None):
    from assessments.selectors import assessments_for_user
    from regulations.selectors import regulations_for_user

    return {
        "incoming_form": IncomingDocumentForm(
            data,
            files,
            letters=case.letters.order_by("document_number"),
            initial={"received_at": timezone.localtime().replace(second=0, microsecond=0)},
            prefix="incoming",
        ),
        "link_form": CaseLinkForm(
            data,
            regulations=regulations_for_user(request.user).select_related("municipality").order_by("title"),
            assessments=assessments_for_user(request.user).select_related("municipality").order_by("-date"),
            prefix="link",
        ),
    }


def _render_case(request, case, forms=None):
    context = {
        "case": case,
        "documents": selectors.case_documents(case),
        "links": selectors.case_links_visible_to(user=request.user, case=case),
        "may_register": _may_register(request.user, case),
    }
    if context["may_register"]:
        context.update(forms or _case_forms(request, case))
    return render(request, "letters/case_detail.html", context)


@access(anonymous=LOGIN, own=OK)
@login_required
@require_GET
def case_list(request):
    query = request.GET.get("q", "")[:200]
    cases = selectors.cases_for_user(request.user).select_related("organization")
    if query:
        cases = cases.filter(title__icontains=query)
    page = Paginator(cases.order_by("-year", "-number"), 25).get_page(request.GET.get("page"))
    return render(request, "letters/case_list.html", {"page": page, "query": query})


@access(**SEE_CASE, obj="case_letter")
@login_required
@require_GET
def case_detail(request, pk):
    return _render_case(request, _case_or_404(request.user, pk))


@access(**EDIT_CASE, obj="case_letter", method="POST")
@login_required
@require_POST
def case_incoming_register(request, pk):
    case = _case_or_404(request.user, pk)
    if not _may_register(request.user, case):
        raise PermissionDenied(_("Bare saksbehandlere og arkivet kan registrere dokumenter i saken."))
    forms = _case_forms(request, case, request.POST, request.FILES)
    form = forms["incoming_form"]
    if form.is_valid():
        data = form.cleaned_data
        upload = data.get("file")
        try:
            incoming = services.incoming_document_register(
                case=case,
                by=request.user,
                title=data["title"],
                sender=data["sender"],
                sender_name=data["sender_name"],
                their_reference=data["their_reference"],
                received_at=data["received_at"],
                in_reply_to=data["in_reply_to"],
                content=upload.read() if upload else None,
                filename=upload.name if upload else "",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Dokument %(ref)s er registrert.") % {"ref": incoming.reference})
            return redirect("letters:case_detail", pk=case.pk)
    return _render_case(request, case, forms)


@access(**EDIT_CASE, obj="case_letter", method="POST")
@login_required
@require_POST
def case_link_add(request, pk):
    case = _case_or_404(request.user, pk)
    if not _may_register(request.user, case):
        raise PermissionDenied(_("Bare saksbehandlere og arkivet kan knytte dokumenter til saken."))
    forms = _case_forms(request, case, request.POST)
    form = forms["link_form"]
    if form.is_valid():
        try:
            services.case_link_add(
                case=case,
                by=request.user,
                regulation=form.cleaned_data["regulation"],
                assessment=form.cleaned_data["assessment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saken er knyttet til dokumentet."))
            return redirect("letters:case_detail", pk=case.pk)
    return _render_case(request, case, forms)


@access(**SEE_CASE, obj="case_letter")
@login_required
@require_GET
def incoming_pdf(request, pk, doc_pk):
    case = _case_or_404(request.user, pk)
    incoming = get_object_or_404(case.incoming_documents.select_related("document"), pk=doc_pk, document__isnull=False)
    record_download(request=request, obj=incoming, filename=incoming.document.filename)
    return pdf_response(
        content=bytes(incoming.document.content), filename=incoming.document.filename, sha256=incoming.document.sha256
    )
