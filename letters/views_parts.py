"""The small forms on a letter's page that add or remove one part of it: recipients (one, a
group, a saved list, a CSV file), signatories, approvers. Each posts to one service and goes
back to the letter's page, with what happened as a message."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.access import access
from core.views_helpers import flash_form_errors

from . import selectors, services
from .forms import ApproverForm, CsvForm, GroupForm, RecipientForm, RecipientListForm, SignatoryForm
from .views import EDIT_LETTER, PREFIXES, _letter_or_404, _report, _require_drafter


def _edit_action(request, pk, form_class, action, success, form_kwargs=None):
    """POST a small form from the letter page to one service; errors become messages."""
    letter = _letter_or_404(request.user, pk)
    _require_drafter(request.user, letter)
    form = form_class(
        request.POST, request.FILES, prefix=PREFIXES[form_class], **(form_kwargs(letter) if form_kwargs else {})
    )
    if not form.is_valid():
        flash_form_errors(request, form)
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
            # The form has one field for each of the addressee's parts.
            data=services.RecipientInput(**data),
        )

    return _edit_action(request, pk, RecipientForm, action, lambda r: _("%(name)s er lagt til.") % {"name": r.name})


@access(**EDIT_LETTER, obj="draft_letter", method="POST")
@login_required
@require_POST
def recipients_group(request, pk):
    def action(letter, data):
        if data["group"] == "saved_list":
            return services.recipients_add_saved_list(letter=letter, by=request.user, saved_list=data["saved_list"])
        organizations = selectors.organizations_for_group(group=data["group"], county=data["county"])
        return services.recipients_add_organizations(
            letter=letter, by=request.user, organizations=organizations, kind=data["kind"]
        )

    def success(result):
        n = len(result.added)
        text = ngettext("%(n)s mottaker lagt til.", "%(n)s mottakere lagt til.", n) % {"n": n}
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
    """Save the letter's recipients, each with its type and address, as a named list for later letters."""

    def action(letter, data):
        return services.recipient_list_create(
            owner=letter.sender,
            by=request.user,
            name=data["name"],
            recipients=letter.recipients.order_by("-kind", "order", "pk"),
        )

    return _edit_action(
        request,
        pk,
        RecipientListForm,
        action,
        lambda saved: (
            ngettext(
                "Listen «%(name)s» er lagret med %(n)s mottaker.",
                "Listen «%(name)s» er lagret med %(n)s mottakere.",
                saved.entries.count(),
            )
            % {"name": saved.name, "n": saved.entries.count()}
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

    return _edit_action(
        request,
        pk,
        CsvForm,
        action,
        lambda r: (
            ngettext("%(n)s mottaker importert.", "%(n)s mottakere importert.", len(r.added)) % {"n": len(r.added)}
        ),
    )


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
