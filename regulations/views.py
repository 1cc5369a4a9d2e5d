"""Regulation pages: thin views that validate input, call one service or selector, render."""

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import ALL, FORBIDDEN, LOGIN, NOT_FOUND, OK, access
from core.documents import content_mismatch
from core.models import Role
from core.selectors import DRAFTING_ROLES, has_role, organization_ids_for_user, organizations_for_user
from core.views_helpers import (
    EDIT_DRAFT,
    add_service_errors,
    archive_retry,
    document_pdf_response,
    flash_service_errors,
    form_saved,
    found_or_404,
    query_without,
    service_call_with_messages,
    transition_page,
)
from core.workflow import decisions_for, transitions_for_user
from measures.display import measure_shown
from measures.forms import TYPE_FIELD, MeasureForm

from . import selectors, services
from .compare import compare_versions
from .forms import (
    CommentForm,
    DecisionForm,
    InForceAtForm,
    LapseForm,
    ListFilterForm,
    PlacementForm,
    RegulationCreateForm,
    SectionFormSet,
    UrgentForm,
    VersionMetaForm,
)
from .models import (
    EFFECTIVE_STATUSES,
    ISSUER_KINDS,
    Layer,
    RegulationVersion,
    VersionKind,
    VersionStatus,
    may_draft,
    version_may_draft,
)
from .services.drafting import SectionInput

# The access declaration of a button on a regulation's pages for those who draft it and those
# who record its decisions (answering a changed risk picture, queueing the archival PDF again).
DRAFTERS_AND_SECRETARY: dict[str, Any] = {
    "anonymous": LOGIN,
    "own": {**dict.fromkeys((*DRAFTING_ROLES, Role.COMMITTEE_SECRETARY), OK), ALL: FORBIDDEN},
    "other": NOT_FOUND,
    "method": "POST",
}


def version_or_404(user, pk) -> RegulationVersion:
    return found_or_404(lambda: selectors.version_detail(user=user, pk=pk), _("Fant ikke forskriftsversjonen."))


def _regulation_or_404(user, pk):
    return get_object_or_404(selectors.regulations_for_user(user).select_related("municipality", "case"), pk=pk)


@access(anonymous=LOGIN, own=OK)
@login_required
@require_GET
def regulation_list(request):
    form = ListFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "municipality": data.get("municipality"),
            "status": data.get("status") or None,
            "query": data.get("q") or "",
        }
        if data.get("in_force_on"):
            filters["in_force_on"] = timezone.make_aware(datetime.combine(data["in_force_on"], time.min))
    regulations = selectors.regulation_list(user=request.user, **filters)
    page = Paginator(regulations, 25).get_page(request.GET.get("page"))
    # Filtered on a date, each row's state is the state on that day, not today's.
    day = filters.get("in_force_on")
    at, until = (day, day + timedelta(days=1)) if day else (timezone.now(), None)
    rows = [(r, selectors.regulation_summary(r, at, until)) for r in page.object_list]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query_string": query_without(request, "page"),
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
        "may_create": bool(organization_ids_for_user(request.user, *DRAFTING_ROLES)),
    }
    template = "regulations/_list_results.html" if request.htmx else "regulations/list.html"
    return render(request, template, context)


@access(anonymous=LOGIN, own={Role.CASE_OFFICER: OK, Role.MEDICAL_OFFICER: OK, "*": FORBIDDEN})
@login_required
@require_http_methods(["GET", "POST"])
def regulation_create(request):
    issuer_kinds = {kind for kinds in ISSUER_KINDS.values() for kind in kinds}
    municipalities = organizations_for_user(request.user, *DRAFTING_ROLES).filter(kind__in=issuer_kinds)
    if not municipalities.exists():
        raise PermissionDenied(_("Du har ikke tilgang til å utarbeide forskrifter."))
    held_kinds = set(municipalities.values_list("kind", flat=True))
    layers = [layer for layer in Layer.values if held_kinds & set(ISSUER_KINDS[Layer(layer)])]
    may_urgent = bool(organization_ids_for_user(request.user, Role.MEDICAL_OFFICER, kind="municipality"))
    form = RegulationCreateForm(
        request.POST or None, municipalities=municipalities, may_issue_urgent=may_urgent, layers=layers
    )

    def create(data):
        try:
            # The form asks exactly what the service takes (its clean() fills in layer and level).
            return services.regulation_create(by=request.user, **data)
        except PermissionDenied as exc:
            raise ValidationError({"kind": str(exc)}) from exc

    saved = form_saved(
        request,
        form,
        create,
        success=lambda version: (
            _("Utkastet er opprettet i sak %(case)s.") % {"case": version.regulation.case.reference}
        ),
        already=lambda version: (
            _("Skjemaet var allerede sendt inn: utkastet ble opprettet da i sak %(case)s.")
            % {"case": version.regulation.case.reference}
        ),
        then=lambda version: reverse("regulations:version_edit", args=[version.pk]),
    )
    return saved or render(request, "regulations/create.html", {"form": form})


@access(anonymous=LOGIN, own=OK, other=NOT_FOUND, obj="regulation")
@login_required
@require_GET
def regulation_detail(request, pk):
    regulation = _regulation_or_404(request.user, pk)
    versions = list(
        selectors.versions_for_user(request.user)
        .filter(regulation=regulation)
        .select_related("decided_by", "archived_pdf")
        .defer("archived_pdf__content")
        .order_by("number")
    )
    now = timezone.now()
    windows = selectors.timeline(versions)
    at_form = InForceAtForm(request.GET or None)
    chosen = at_form.cleaned_data["at"] if at_form.is_valid() else None
    if chosen is not None:
        # The text in force at the chosen moment, by the rule the API answers with; none may be.
        current = selectors.version_in_force(regulation=regulation, at=chosen, versions=versions)
        shown = current
    else:
        current = next((w.version for w in windows if w.contains(now)), None)
        # Nothing in force now: show the text that governed last (or will govern next) instead.
        shown = current or (windows[-1].version if windows else None)
    if shown is not None:
        shown = selectors.version_detail(user=request.user, pk=shown.pk)
    rows = [(v, selectors.version_lifecycle(v, now, windows)) for v in versions]
    by_pk = {v.pk: v for v in versions}
    decisions = [
        (by_pk[d.object_id], d)
        for d in selectors.decisions_visible_to(user=request.user, regulation=regulation, versions=versions)
    ]
    may_start = (
        may_draft(request.user, regulation.municipality_id)
        and any(v.status == VersionStatus.ADOPTED and v.kind != VersionKind.REPEAL for v in versions)
        and not any(v.status in (VersionStatus.DRAFT, VersionStatus.SUBMITTED) for v in versions)
        and not any(v.kind == VersionKind.REPEAL and v.status == VersionStatus.ADOPTED for v in versions)
    )
    return render(
        request,
        "regulations/detail.html",
        {
            "regulation": regulation,
            "rows": rows,
            "current": shown,
            "in_force_now": current is not None,
            "content_warning": content_mismatch(shown) if shown else "",
            "shown_state": selectors.LIFECYCLE_LABELS.get(selectors.version_lifecycle(shown, chosen or now, windows))
            if shown
            else None,
            "at_form": at_form,
            "chosen": chosen,
            "decisions": decisions,
            "lifecycle_labels": selectors.LIFECYCLE_LABELS,
            "may_start": may_start,
            "measure_rows": _measure_rows(shown) if shown else [],
            "version_kinds": [
                (VersionKind.AMENDMENT, _("Endre")),
                (VersionKind.EXTENSION, _("Forleng")),
                (VersionKind.REPEAL, _("Opphev")),
            ],
        },
    )


@access(**DRAFTERS_AND_SECRETARY, obj="regulation")
@login_required
@require_POST
def regulation_risk_answer(request, pk):
    """Answer a changed risk picture: lay the newer assessment down as the regulation's
    basis, or record a decision not to change the regulation."""
    from assessments.selectors import assessments_for_user

    regulation = _regulation_or_404(request.user, pk)
    if not services.may_answer_risk_picture(request.user, regulation):
        raise PermissionDenied(_("Bare saksbehandler, kommuneoverlege eller møtesekretær kan svare på risikobildet."))
    assessment_id = request.POST.get("assessment", "")
    assessment = (
        assessments_for_user(request.user).filter(pk=assessment_id).first() if assessment_id.isdigit() else None
    )
    service_call_with_messages(
        request,
        lambda: services.risk_picture_answer(
            regulation=regulation,
            assessment=assessment,
            by=request.user,
            kind=request.POST.get("kind", ""),
            comment=request.POST.get("comment", ""),
        ),
        success=_("Svaret på det endrede risikobildet er registrert."),
    )
    return redirect("regulations:detail", pk=regulation.pk)


def _measure_rows(version):
    rows = []
    for section in version.sections.all():
        for m in section.measures.all():
            rows.append((section, m, measure_shown(m.measure_type.code, m.parameters)))
    return rows


@access(**EDIT_DRAFT, obj="regulation", method="POST", data={"kind": "amendment"})
@login_required
@require_POST
def regulation_new_version(request, pk):
    regulation = _regulation_or_404(request.user, pk)
    try:
        version = services.version_start(regulation=regulation, kind=request.POST.get("kind", ""), by=request.user)
    except ValidationError as exc:
        flash_service_errors(request, exc)
        return redirect("regulations:detail", pk=regulation.pk)
    messages.success(
        request, _("Nytt utkast (versjon %(n)s) er opprettet som kopi av gjeldende tekst.") % {"n": version.number}
    )
    return redirect("regulations:version_edit", pk=version.pk)


@access(anonymous=LOGIN, own=OK, other=NOT_FOUND, obj="regulation")
@login_required
@require_GET
def regulation_compare(request, pk):
    regulation = _regulation_or_404(request.user, pk)
    versions = list(selectors.versions_for_user(request.user).filter(regulation=regulation).order_by("number"))
    by_id = {str(v.pk): v for v in versions}
    a = by_id.get(request.GET.get("a", ""))
    b = by_id.get(request.GET.get("b", ""))
    if (request.GET.get("a") or request.GET.get("b")) and (a is None or b is None):
        messages.error(request, _("Velg to versjoner av denne forskriften."))
    if a is None and b is None and len(versions) >= 2:
        a, b = versions[-2], versions[-1]
    result = compare_versions(a, b) if a and b else None
    return render(
        request,
        "regulations/compare.html",
        {
            "regulation": regulation,
            "versions": versions,
            "a": a,
            "b": b,
            "result": result,
        },
    )


@access(anonymous=LOGIN, own=OK, other=NOT_FOUND, obj="regulation")
@login_required
@require_GET
def regulation_history_view(request, pk):
    """The regulation's history is its story in the audit trail, told once (audit.views.story)."""
    # Looked up first: a regulation the person may not see answers 404 here, not a redirect.
    regulation = _regulation_or_404(request.user, pk)
    return redirect("audit:story", object_type="regulations.regulation", pk=regulation.pk)


@access(anonymous=LOGIN, own=OK, other=NOT_FOUND, obj="draft_version")
@login_required
@require_GET
def version_detail(request, pk):
    version = version_or_404(request.user, pk)
    return version_page(request, version)


def version_page(request, version, *, open_form: MeasureForm | None = None, open_key: str = ""):
    """The version page. Each section of an editable draft carries its add-measure form and each
    measure its edit form; `open_form` is the one to show open (the section «s<pk>» or the
    measure «m<pk>» named by `open_key`), with its chosen type and any errors."""
    versions = list(version.regulation.versions.all())
    now = timezone.now()
    lifecycle = selectors.version_lifecycle(version, now, selectors.timeline(versions))
    may_edit = version.is_editable and version_may_draft(version, request.user)
    # Every section's add form offers the same types: read once for the page, not once a section.
    type_choices: list | None = None
    sections = []
    for section in version.sections.all():
        measures = []
        for m in section.measures.all():
            key = f"edit{m.pk}"
            measures.append(
                {
                    "measure": m,
                    "shown": measure_shown(m.measure_type.code, m.parameters),
                    "key": key,
                    "form": open_form if open_key == key else None,
                    "url": reverse("regulations:measure_edit", args=[version.pk, m.pk]),
                }
            )
        key = f"add{section.pk}"
        url = reverse("regulations:measure_add", args=[version.pk, section.pk])
        form = None
        if may_edit and open_key == key:
            form = open_form
        elif may_edit:
            form = measure_form(key, url)
            type_field = form.fields[TYPE_FIELD]
            if type_choices is None:
                type_choices = list(iter(type_field.choices))  # iter(): no COUNT for a length hint
            type_field.choices = type_choices
        sections.append(
            {
                "section": section,
                "measures": measures,
                "key": key,
                "form": form,
                "url": url,
                "open": open_key == key,
            }
        )
    return render(
        request,
        "regulations/version_detail.html",
        {
            "version": version,
            "regulation": version.regulation,
            "sections": sections,
            "content_warning": content_mismatch(version),
            # Before the text goes to the committee: the in-force § and the fields must agree. A
            # hastevedtak's § is written from the dates it is issued with, so it is not warned about.
            "validity_warnings": (
                selectors.version_validity_disagreements(version=version)
                if version.status in (VersionStatus.DRAFT, VersionStatus.SUBMITTED)
                and version.kind != VersionKind.URGENT
                else []
            ),
            "section_list": [item["section"] for item in sections],
            "has_measures": any(item["measures"] for item in sections),
            "transitions": transitions_for_user(version, request.user),
            "decisions": selectors.decisions_visible_to(
                user=request.user, regulation=version.regulation, versions=[version]
            ),
            "lifecycle": selectors.LIFECYCLE_LABELS.get(lifecycle) if lifecycle else None,
            "may_edit": may_edit,
            "may_retry_pdf": has_role(
                request.user, version.regulation.municipality_id, *DRAFTING_ROLES, Role.COMMITTEE_SECRETARY
            ),
            "placements": selectors.version_placements(version=version),
            "placement_form": (
                PlacementForm(municipalities=selectors.placement_municipalities())
                if version.regulation.layer == Layer.REGIONAL and may_edit
                else None
            ),
        },
    )


def measure_form(key: str, url: str, data=None, **kwargs) -> MeasureForm:
    # Every section's form is on one page: the key keeps their ids apart.
    return MeasureForm(data, auto_id=f"{key}_%s", swap_url=url, swap_target=f"{key}-form", **kwargs)


@access(**EDIT_DRAFT, obj="draft_version")
@login_required
@require_http_methods(["GET", "POST"])
def version_edit(request, pk):
    version = version_or_404(request.user, pk)
    if not version_may_draft(version, request.user):
        raise PermissionDenied(_("Du har ikke tilgang til å endre dette utkastet."))
    if not version.is_editable:
        messages.error(
            request, _("Versjonen har status «%(s)s» og kan ikke endres.") % {"s": version.get_status_display()}
        )
        return redirect("regulations:version_detail", pk=version.pk)
    regulation = version.regulation
    title_editable = not regulation.versions.filter(status__in=EFFECTIVE_STATUSES).exists()
    initial_meta = {
        "revision": version.revision,
        "title": regulation.title,
        "short_title": regulation.short_title,
        "legal_basis": regulation.legal_basis,
        "valid_from": version.valid_from,
        "valid_until": version.valid_until,
    }
    initial_sections = [
        {"id": s.pk, "number": s.number, "heading": s.heading, "body": s.body} for s in version.sections.all()
    ]
    if request.method == "POST":
        meta = VersionMetaForm(request.POST, initial=initial_meta, title_editable=title_editable)
        formset = SectionFormSet(request.POST, prefix="sections")
        if meta.is_valid() and formset.is_valid():
            sections = [
                SectionInput(
                    id=f.cleaned_data.get("id"),
                    number=f.cleaned_data["number"],
                    heading=f.cleaned_data["heading"],
                    body=f.cleaned_data["body"],
                )
                for f in formset.forms
                if f.cleaned_data
            ]
            sections, reason, focus = _apply_edit_action(request.POST, sections)
            data = meta.cleaned_data
            try:
                services.version_update(
                    version=version,
                    by=request.user,
                    expected_revision=data["revision"],
                    sections=sections,
                    valid_from=data["valid_from"],
                    valid_until=data["valid_until"],
                    title=data["title"] if title_editable else None,
                    short_title=data["short_title"] if title_editable else None,
                    legal_basis=data["legal_basis"] if title_editable else None,
                    reason=reason,
                )
            except services.StaleEditError as exc:
                add_service_errors(meta, exc)
            except ValidationError as exc:
                add_service_errors(meta, exc)
            else:
                messages.success(request, reason)
                if "save_and_view" in request.POST:
                    return redirect("regulations:version_detail", pk=version.pk)
                url = reverse("regulations:version_edit", args=[version.pk])
                if focus is not None:
                    # The page reloads; the fragment names the heading field of the § acted on,
                    # so the browser scrolls to it and puts the focus there (without JavaScript).
                    url += f"#id_sections-{focus - 1}-heading"
                return redirect(url)
    else:
        meta = VersionMetaForm(initial=initial_meta, title_editable=title_editable)
        formset = SectionFormSet(initial=initial_sections, prefix="sections")
    return render(
        request,
        "regulations/version_edit.html",
        {
            "version": version,
            "regulation": regulation,
            "meta": meta,
            "formset": formset,
        },
    )


def _apply_edit_action(post, sections: list[SectionInput]) -> tuple[list[SectionInput], str, int | None]:
    """Add, remove or move a section on top of the posted text; every action saves.

    Returns the sections, the reason (also the message announced in the status region) and
    the number of the § that gets the focus afterwards: the new §, the moved §, or the one
    that took the removed §'s place (the one before it when the last was removed).
    """
    ordered = sorted(sections, key=lambda s: s.number)
    action = post.get("action", "save")
    reason = _("Utkastet er lagret.")
    also_saved = " " + _("Andre endringer i skjemaet er lagret samtidig.")
    focus: int | None = None
    if action == "add":
        ordered.append(SectionInput(number=0, heading=_("Ny paragraf"), body="[fyll inn]"))
        focus = len(ordered)
        reason = _("§ %(n)s er lagt til.") % {"n": focus} + also_saved
    elif ":" in action:
        verb, _sep, index_text = action.partition(":")
        try:
            index = int(index_text)
        except ValueError:
            index = -1
        if 0 <= index < len(ordered):
            if verb == "remove":
                removed = ordered.pop(index)
                reason = _("§ %(n)s er fjernet.") % {"n": removed.number} + also_saved
                focus = min(index, len(ordered) - 1) + 1 if ordered else None
            elif verb == "up" and index > 0:
                ordered[index - 1], ordered[index] = ordered[index], ordered[index - 1]
                focus = index
                reason = _("§ %(n)s er flyttet opp og er nå § %(m)s.") % {"n": index + 1, "m": focus} + also_saved
            elif verb == "down" and index < len(ordered) - 1:
                ordered[index + 1], ordered[index] = ordered[index], ordered[index + 1]
                focus = index + 2
                reason = _("§ %(n)s er flyttet ned og er nå § %(m)s.") % {"n": index + 1, "m": focus} + also_saved
    else:
        return sections, reason, None
    for number, s in enumerate(ordered, start=1):
        s.number = number
    return ordered, reason, focus


def _transition_allowed(request, version, name) -> bool:
    return any(t.name == name for t in transitions_for_user(version, request.user))


@access(**EDIT_DRAFT, obj="draft_version", kwargs={"name": "submit"})
@login_required
@require_http_methods(["GET", "POST"])
def version_transition(request, pk, name):
    """Transitions that need at most a comment: submit, send back, let a hastevedtak lapse."""
    version = version_or_404(request.user, pk)

    def success(transition) -> str:
        decision = decisions_for(version).last()
        return decision.label if decision else transition.label

    return transition_page(
        request,
        version,
        name,
        actions={
            "submit": services.version_submit,
            "send_back": services.version_send_back,
            "lapse": services.version_lapse,
        },
        as_name="version",
        form_class=LapseForm if name == "lapse" else CommentForm,
        refusal=_("Du kan ikke utføre denne handlingen på versjonen nå."),
        success=success,
        back=reverse("regulations:version_detail", args=[version.pk]),
        crumb=f"{version.regulation.title} ({_('versjon')} {version.number})",
    )


def _decision_view(request, pk, *, adopting: bool):
    version = version_or_404(request.user, pk)
    names = ("adopt", "confirm") if adopting else ("reject",)
    available = [t for t in transitions_for_user(version, request.user) if t.name in names]
    if not available:
        raise PermissionDenied(_("Du kan ikke registrere vedtak for denne versjonen nå."))
    # No default date: a meeting date filled in for the user invites recording the wrong one.
    form = DecisionForm(request.POST or None, layer=version.regulation.layer)
    service = services.version_adopt if adopting else services.version_reject
    saved = form_saved(
        request,
        form,
        lambda data: service(
            version=version,
            by=request.user,
            body=data["decision_body"],
            meeting_date=data["meeting_date"],
            item_number=data["item_number"],
            votes_for=data.get("votes_for"),
            votes_against=data.get("votes_against"),
            votes_abstaining=data.get("votes_abstaining"),
            decision_text=data["decision_text"],
        ),
        success=_("Vedtaket er registrert.") if adopting else _("Avslaget er registrert."),
        then=reverse("regulations:version_detail", args=[version.pk]),
    )
    if saved is not None:
        return saved
    return render(
        request,
        "regulations/decision_form.html",
        {
            "version": version,
            "form": form,
            "adopting": adopting,
            "transition": available[0],
        },
    )


@access(anonymous=LOGIN, own={Role.COMMITTEE_SECRETARY: OK, "*": FORBIDDEN}, other=NOT_FOUND, obj="submitted_version")
@login_required
@require_http_methods(["GET", "POST"])
def version_adopt(request, pk):
    return _decision_view(request, pk, adopting=True)


@access(anonymous=LOGIN, own={Role.COMMITTEE_SECRETARY: OK, "*": FORBIDDEN}, other=NOT_FOUND, obj="submitted_version")
@login_required
@require_http_methods(["GET", "POST"])
def version_reject(request, pk):
    return _decision_view(request, pk, adopting=False)


@access(anonymous=LOGIN, own={Role.MEDICAL_OFFICER: OK, "*": FORBIDDEN}, other=NOT_FOUND, obj="urgent_draft")
@login_required
@require_http_methods(["GET", "POST"])
def version_issue_urgent(request, pk):
    version = version_or_404(request.user, pk)
    if not _transition_allowed(request, version, "issue_urgent"):
        raise PermissionDenied(_("Bare kommuneoverlegen kan fatte hastevedtak."))
    form = UrgentForm(request.POST or None)
    saved = form_saved(
        request,
        form,
        lambda data: services.version_issue_urgent(version=version, by=request.user, **data),
        success=_("Hastevedtaket er fattet og gjelder fra nå."),
        then=reverse("regulations:version_detail", args=[version.pk]),
    )
    if saved is not None:
        return saved
    return render(request, "regulations/urgent_form.html", {"version": version, "form": form})


@access(anonymous=LOGIN, own=OK, other=NOT_FOUND, obj="draft_version")
@require_GET
def version_pdf(request, pk):
    """Decided versions: the frozen archival bytes, public like the regulation itself.
    Drafts: rendered on demand for the municipality's own users, marked UTKAST."""
    from django.contrib.auth.views import redirect_to_login

    if (
        not request.user.is_authenticated
        and not RegulationVersion.objects.filter(pk=pk, status__in=EFFECTIVE_STATUSES).exists()
    ):
        return redirect_to_login(request.get_full_path())
    version = version_or_404(request.user, pk)
    return document_pdf_response(
        request,
        version,
        decided=version.is_effective,
        filename=f"forskrift-{version.regulation_id}-v{version.number}.pdf",
        back_label=_("Tilbake til versjonen"),
        back_url=reverse("regulations:version_detail", args=[version.pk]),
        public=True,
    )


@access(**DRAFTERS_AND_SECRETARY, obj="draft_version")
@login_required
@require_POST
def version_pdf_retry(request, pk):
    version = version_or_404(request.user, pk)
    return archive_retry(
        request,
        version,
        may=has_role(request.user, version.regulation.municipality_id, *DRAFTING_ROLES, Role.COMMITTEE_SECRETARY),
        decided=version.is_effective,
        requeue=lambda: services.version_archive_requeue(version=version),
        back=reverse("regulations:version_detail", args=[version.pk]),
    )
