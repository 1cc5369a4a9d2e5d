"""The records officer's dispatch (ekspedering) of a letter and the copies it makes: starting,
resuming and retrying it, its progress, and each recipient's archived copy."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from audit.services import record_download
from core.access import access
from core.archive import pdf_response
from core.workflow import transition_permitted, transitions_for_user

from . import selectors, services
from .views import DISPATCH_LETTER, SEE_LETTER, _dispatch_actions, _letter_or_404, _report


def _require_dispatcher(user, letter, transition: str) -> None:
    """Refuse (403) a person whom `transition`'s permission does not grant, whatever the
    letter's state now (the service says what the state allows)."""
    if not transition_permitted(letter, transition, user):
        raise PermissionDenied(_("Bare arkivet (arkivar) kan ekspedere brev."))


def _dispatch_step(request, pk, transition: str, step, success, **report):
    """POST from the letter page taking one step of its dispatch: refused (403) unless
    `transition`'s permission grants the person, then `step(letter=…, by=…)` run and its
    outcome reported on the letter page as `_report` does."""
    letter = _letter_or_404(request.user, pk)
    _require_dispatcher(request.user, letter, transition)
    return _report(request, letter, lambda: step(letter=letter, by=request.user), success, **report)


@access(**DISPATCH_LETTER, obj="draft_letter", method="POST")
@login_required
@require_POST
def letter_dispatch(request, pk):
    return _dispatch_step(request, pk, "start_dispatch", services.letter_dispatch, _("Ekspederingen er startet."))


@access(**DISPATCH_LETTER, obj="dispatched_letter", method="POST")
@login_required
@require_POST
def letter_dispatch_resume(request, pk):
    def queued(count: int) -> str:
        text = ngettext("%(n)s eksemplar er lagt i kø på nytt.", "%(n)s eksemplarer er lagt i kø på nytt.", count)
        return text % {"n": count}

    return _dispatch_step(request, pk, "resume_dispatch", services.letter_dispatch_resume, queued, level=messages.info)


@access(**DISPATCH_LETTER, obj="dispatched_letter", method="POST")
@login_required
@require_POST
def delivery_retry(request, pk, delivery_pk):
    def retry(*, letter, by):
        return services.delivery_retry(delivery=get_object_or_404(letter.deliveries.all(), pk=delivery_pk), by=by)

    return _dispatch_step(
        request, pk, "retry_delivery", retry, _("Eksemplaret er lagt i kø på nytt."), level=messages.info
    )


@access(**SEE_LETTER, obj="dispatched_letter")
@login_required
@require_GET
def letter_progress(request, pk):
    """The dispatch progress fragment (polled by htmx while the dispatch runs). In the embedded
    default, without a worker or beat, each poll also queues again copies that stopped."""
    letter = _letter_or_404(request.user, pk)
    if selectors.is_sender_member(request.user, letter):
        services.letter_requeue_stuck_in_process(letter=letter)
    return render(
        request,
        "letters/_progress.html",
        {
            "letter": letter,
            "progress": selectors.dispatch_progress(letter),
            "attention": selectors.deliveries_needing_attention(user=request.user, letter=letter),
            **_dispatch_actions(request.user, letter, transitions_for_user(letter, request.user)),
        },
    )


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
