"""Case pages: thin views that validate input, call one service or selector, render."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.services import record_download
from core.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, access
from core.archive import pdf_response
from core.models import Role
from core.selectors import has_role
from core.views_helpers import form_saved, typed_search

from . import selectors, services
from .forms import CaseLinkForm, ExternalReferenceForm, IncomingDocumentForm
from .models import Case

# Who may open which case page (core/access.py; checked by tests/security/test_matrix.py).
# Case records are the organization's own (others get 404); registering and linking is for
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
    return has_role(user, case.organization_id, *services.RECORDS_ROLES)


def _search(request) -> str:
    """What the person typed to find a document to link (?finn=), trimmed."""
    return typed_search(request, "finn")


def _case_forms(request, case, *, submitted: str = "", data=None, files=None):
    """The case page's forms, each with its defaults; only the one named `submitted` (the form
    that was sent) is bound to `data` and `files`, so the others show no errors and keep their
    defaults."""

    def given(name: str) -> tuple:
        return (data, files) if name == submitted else (None, None)

    return {
        "incoming_form": IncomingDocumentForm(
            *given("incoming_form"),
            replies_to=selectors.reply_candidates(case),
            initial={"received_at": timezone.localtime().replace(second=0, microsecond=0)},
            prefix="incoming",
        ),
        "link_form": CaseLinkForm(
            *given("link_form"),
            choices=selectors.link_choices(user=request.user, search=_search(request)),
            prefix="link",
        ),
        "reference_form": ExternalReferenceForm(
            *given("reference_form"),
            organization=case.organization,
            initial={"external_reference": case.external_reference},
            prefix="reference",
        ),
    }


def _render_case(request, case, forms=None):
    context = {
        "case": case,
        "documents": selectors.case_documents(case),
        "links": selectors.case_links_visible_to(user=request.user, case=case),
        "may_register": _may_register(request.user, case),
        "search": _search(request),
    }
    if context["may_register"]:
        context.update(forms or _case_forms(request, case))
    return render(request, "cases/detail.html", context)


@access(anonymous=LOGIN, own=OK)
@login_required
@require_GET
def case_list(request):
    query = typed_search(request, "q", 200)
    page = Paginator(selectors.case_list(user=request.user, query=query), 25).get_page(request.GET.get("page"))
    return render(request, "cases/list.html", {"page": page, "query": query})


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
    forms = _case_forms(request, case, submitted="incoming_form", data=request.POST, files=request.FILES)
    form = forms["incoming_form"]

    def register(data):
        upload = data.get("file")
        return services.incoming_document_register(
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

    saved = form_saved(
        request,
        form,
        register,
        success=lambda incoming: _("Dokument %(ref)s er registrert.") % {"ref": incoming.reference},
        then=reverse("cases:detail", args=[case.pk]),
    )
    return saved if saved is not None else _render_case(request, case, forms)


@access(**EDIT_CASE, obj="case_letter", method="POST")
@login_required
@require_POST
def case_link_add(request, pk):
    case = _case_or_404(request.user, pk)
    if not _may_register(request.user, case):
        raise PermissionDenied(_("Bare saksbehandlere og arkivet kan knytte dokumenter til saken."))
    forms = _case_forms(request, case, submitted="link_form", data=request.POST)
    form = forms["link_form"]
    saved = form_saved(
        request,
        form,
        lambda _data: services.case_link_add(case=case, by=request.user, document=form.document()),
        success=_("Saken er knyttet til dokumentet."),
        then=reverse("cases:detail", args=[case.pk]),
    )
    return saved if saved is not None else _render_case(request, case, forms)


@access(**EDIT_CASE, obj="case_letter", method="POST")
@login_required
@require_POST
def case_external_reference(request, pk):
    case = _case_or_404(request.user, pk)
    if not _may_register(request.user, case):
        raise PermissionDenied(_("Bare saksbehandlere og arkivet kan endre saken."))
    forms = _case_forms(request, case, submitted="reference_form", data=request.POST)
    saved = form_saved(
        request,
        forms["reference_form"],
        lambda data: services.case_external_reference_set(
            case=case, by=request.user, reference=data["external_reference"]
        ),
        success=_("Saksnummeret i eget arkiv er lagret."),
        then=reverse("cases:detail", args=[case.pk]),
    )
    return saved if saved is not None else _render_case(request, case, forms)


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
