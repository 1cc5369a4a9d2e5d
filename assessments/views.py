"""Risk assessment pages: thin views that validate input, call one service or selector, render."""

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

from core.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, access
from core.documents import content_mismatch
from core.models import Role
from core.selectors import has_role, organization_ids_for_user, organizations_for_user
from core.views_helpers import (
    EDIT_DRAFT,
    add_service_errors,
    archive_retry,
    document_pdf_response,
    flash_service_errors,
    form_saved,
    found_or_404,
    query_without,
    transition_page,
)
from core.workflow import decisions_for, transitions_for_user
from measures.display import measure_shown
from measures.forms import MeasureForm, add_measure_errors
from measures.models import MeasureType

from . import selectors, services
from .charts import format_value, trend_svg, trend_table
from .forms import (
    DEFAULT_INTRODUCTION,
    AssessmentCreateForm,
    CommentForm,
    IndicatorsForm,
    ListFilterForm,
    RecommendationForm,
    RiskLevelForm,
    SectionsForm,
)
from .indicators import IndicatorInputs
from .models import (
    APPROVING_ROLES,
    DRAFTING_ROLES,
    RISK_LEVEL_DESCRIPTIONS,
    SECTION_FIELDS,
    Assessment,
    RecommendedMeasure,
    RiskLevel,
)


def _assessment_or_404(user, pk) -> Assessment:
    return found_or_404(lambda: selectors.assessment_detail(user=user, pk=pk), _("Fant ikke risikovurderingen."))


def _may_draft(user, assessment) -> bool:
    return has_role(user, assessment.municipality_id, *DRAFTING_ROLES)


def _require_editable(request, assessment):
    if not _may_draft(request.user, assessment):
        raise PermissionDenied(_("Du har ikke tilgang til å endre denne risikovurderingen."))
    if not assessment.is_editable:
        messages.error(
            request, _("Vurderingen har status «%(s)s» og kan ikke endres.") % {"s": assessment.get_status_display()}
        )
        return redirect("assessments:detail", pk=assessment.pk)
    return None


@access(anonymous=LOGIN, own=OK)
@login_required
@require_GET
def assessment_list(request):
    form = ListFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        filters = {
            "municipality": form.cleaned_data.get("municipality"),
            "status": form.cleaned_data.get("status") or None,
        }
    assessments = selectors.assessment_list(user=request.user, details=False, **filters)
    page = Paginator(assessments, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/list.html",
        {
            "form": form,
            "page": page,
            "query_string": query_without(request, "page"),
            "may_create": bool(organization_ids_for_user(request.user, *DRAFTING_ROLES, kind="municipality")),
        },
    )


@access(anonymous=LOGIN, own={Role.CASE_OFFICER: OK, Role.MEDICAL_OFFICER: OK, "*": FORBIDDEN})
@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request):
    municipalities = organizations_for_user(request.user, *DRAFTING_ROLES).filter(kind="municipality")
    if not municipalities.exists():
        raise PermissionDenied(_("Du har ikke tilgang til å skrive risikovurderinger."))
    form = AssessmentCreateForm(
        request.POST or None, municipalities=municipalities, initial={"date": timezone.localdate()}
    )
    saved = form_saved(
        request,
        form,
        lambda data: services.assessment_create(
            municipality=data["municipality"],
            by=request.user,
            on=data["date"],
            sections={"introduction": DEFAULT_INTRODUCTION},
        ),
        success=lambda assessment: _("Risikovurderingen for uke %(w)s er opprettet.") % {"w": assessment.iso_week},
        already=lambda assessment: (
            _("Skjemaet var allerede sendt inn: risikovurderingen for uke %(w)s ble opprettet da.")
            % {"w": assessment.iso_week}
        ),
        then=lambda assessment: reverse("assessments:indicators", args=[assessment.pk]),
    )
    if saved is not None:
        return saved
    return render(request, "assessments/create.html", {"form": form})


def _chart_for(request, assessment):
    items = selectors.trend(
        user=request.user, municipality=assessment.municipality, until=assessment.date, include=assessment
    )
    return trend_svg(
        items,
        width=640,
        font_size=12,
        title=_("Utvikling per uke for %(name)s") % {"name": assessment.municipality.name},
    )


@access(anonymous=LOGIN, own=OK, other=NOT_FOUND, obj="assessment")
@login_required
@require_GET
def assessment_detail(request, pk):
    assessment = _assessment_or_404(request.user, pk)
    rows = selectors.indicator_rows(assessment)
    may_draft = _may_draft(request.user, assessment)
    regulation_visible = False
    if assessment.regulation_id:
        from regulations.selectors import regulations_for_user

        regulation_visible = regulations_for_user(request.user).filter(pk=assessment.regulation_id).exists()
    return render(
        request,
        "assessments/detail.html",
        {
            "assessment": assessment,
            "content_warning": content_mismatch(assessment),
            "sections": [
                (label, getattr(assessment, name)) for name, label in SECTION_FIELDS if getattr(assessment, name)
            ],
            "rows": [(row, format_value(row.value, row.code)) for row in rows],
            "measures": [
                (m, measure_shown(m.measure_type.code, m.parameters)) for m in assessment.recommended_measures.all()
            ],
            "transitions": transitions_for_user(assessment, request.user),
            "decisions": decisions_for(assessment),
            "may_edit": assessment.is_editable and may_draft,
            "may_make_regulation": may_draft
            and assessment.is_frozen
            and not assessment.regulation_id
            and any(not m.is_advice for m in assessment.recommended_measures.all()),
            "regulation_visible": regulation_visible,
            "level_description": RISK_LEVEL_DESCRIPTIONS.get(assessment.risk_level, ""),
            "suggested_label": RiskLevel(assessment.suggested_risk_level).label
            if assessment.suggested_risk_level
            else "",
            "chart": _chart_for(request, assessment),
            "chart_table": trend_table(
                selectors.trend(
                    user=request.user, municipality=assessment.municipality, until=assessment.date, include=assessment
                )
            ),
            "may_retry_pdf": has_role(request.user, assessment.municipality_id, *DRAFTING_ROLES, *APPROVING_ROLES),
        },
    )


@access(**EDIT_DRAFT, obj="assessment")
@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk):
    assessment = _assessment_or_404(request.user, pk)
    if (response := _require_editable(request, assessment)) is not None:
        return response
    initial = {"revision": assessment.revision, **{name: getattr(assessment, name) for name, _label in SECTION_FIELDS}}
    form = SectionsForm(request.POST or None, initial=initial)
    saved = form_saved(
        request,
        form,
        lambda data: services.assessment_update_sections(
            assessment=assessment,
            by=request.user,
            expected_revision=data["revision"],
            sections={name: data[name] for name, _label in SECTION_FIELDS},
        ),
        success=_("Teksten er lagret."),
        then=reverse("assessments:detail", args=[assessment.pk]),
    )
    if saved is not None:
        return saved
    return render(request, "assessments/edit.html", {"assessment": assessment, "form": form})


# The figures a reading keeps as they were typed: every input but the R number's (kept apart).
READING_FIGURES = [name for name in IndicatorInputs.__dataclass_fields__ if name not in ("r_value", "r_source")]


def _initial_figures(assessment) -> dict:
    initial = {"days": 14, "population": assessment.municipality.population}
    for reading in assessment.readings.all():
        for field in READING_FIGURES:
            value = getattr(reading, field)
            if value is not None:
                initial[field] = value
        if reading.indicator == "r_number" and reading.value is not None:
            initial["r_value"] = reading.value
            initial["r_source"] = reading.r_source
    return initial


@access(**EDIT_DRAFT, obj="assessment")
@login_required
@require_http_methods(["GET", "POST"])
def assessment_indicators(request, pk):
    assessment = _assessment_or_404(request.user, pk)
    if (response := _require_editable(request, assessment)) is not None:
        return response
    form = IndicatorsForm(request.POST or None, initial=_initial_figures(assessment))
    saved = form_saved(
        request,
        form,
        lambda data: services.assessment_set_indicators(
            assessment=assessment,
            by=request.user,
            inputs=IndicatorInputs(**{k: data.get(k) for k in IndicatorInputs.__dataclass_fields__}),
        ),
        success=_("Indikatorene er beregnet og lagret."),
        then=reverse("assessments:level", args=[assessment.pk]),
    )
    if saved is not None:
        return saved
    return render(request, "assessments/indicators.html", {"assessment": assessment, "form": form})


@access(**EDIT_DRAFT, obj="assessment")
@login_required
@require_http_methods(["GET", "POST"])
def assessment_level(request, pk):
    assessment = _assessment_or_404(request.user, pk)
    if (response := _require_editable(request, assessment)) is not None:
        return response
    initial = {
        "risk_level": assessment.risk_level or assessment.suggested_risk_level,
        "level_justification": assessment.level_justification,
    }
    form = RiskLevelForm(request.POST or None, initial=initial)
    saved = form_saved(
        request,
        form,
        lambda data: services.assessment_set_risk_level(
            assessment=assessment,
            by=request.user,
            level=data["risk_level"],
            justification=data["level_justification"],
        ),
        success=_("Risikonivået er satt."),
        then=reverse("assessments:detail", args=[assessment.pk]),
    )
    if saved is not None:
        return saved
    rows = selectors.indicator_rows(assessment)
    return render(
        request,
        "assessments/level.html",
        {
            "assessment": assessment,
            "form": form,
            "rows": [(row, format_value(row.value, row.code)) for row in rows],
            "levels": selectors.risk_level_rows(),
            "suggested_label": RiskLevel(assessment.suggested_risk_level).label
            if assessment.suggested_risk_level
            else "",
        },
    )


@access(**EDIT_DRAFT, obj="assessment")
@login_required
@require_http_methods(["GET", "POST"])
def measure_add(request, pk):
    """Recommend a measure: its type and parameters and the recommendation's text in one form."""
    assessment = _assessment_or_404(request.user, pk)
    if (response := _require_editable(request, assessment)) is not None:
        return response
    url = reverse("assessments:measure_add", args=[assessment.pk])
    return _recommendation_page(request, assessment, url=url)


@access(**EDIT_DRAFT, obj="assessment")
@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request, pk, measure_pk):
    """Change a recommended measure in the same form as recommending one."""
    assessment = _assessment_or_404(request.user, pk)
    measure = get_object_or_404(
        RecommendedMeasure.objects.filter(assessment=assessment).select_related("measure_type"), pk=measure_pk
    )
    if (response := _require_editable(request, assessment)) is not None:
        return response
    url = reverse("assessments:measure_edit", args=[assessment.pk, measure.pk])
    return _recommendation_page(request, assessment, url=url, measure=measure)


def _recommendation_page(request, assessment, *, url: str, measure: RecommendedMeasure | None = None):
    saving = request.method == "POST" and "save" in request.POST
    swap = {"swap_url": url, "swap_target": "measure-fields", "swap_include": "#id_heading", "with_advice": False}
    data = request.POST if request.method == "POST" else request.GET
    if saving:
        measure_form = MeasureForm(request.POST, **swap)
        form = RecommendationForm(request.POST)
    else:
        chosen = data.get("measure_type")
        if chosen is not None:
            measure_form = MeasureForm(
                measure_type=MeasureType.objects.filter(code=chosen, legacy=False).first(), **swap
            )
        elif measure is not None:
            measure_form = MeasureForm(measure_type=measure.measure_type, parameters=measure.parameters, **swap)
        else:
            measure_form = MeasureForm(**swap)
        initial = _recommendation_initial(measure) if measure is not None else {}
        if chosen is not None:
            # A new type chosen: what was written stays, unchecked; an empty heading gets its name.
            initial |= {name: data.get(name, "") for name in RecommendationForm.base_fields}
            initial["is_advice"] = data.get("is_advice") == "on"
            if not initial["heading"].strip() and measure_form.chosen is not None:
                initial["heading"] = measure_form.chosen.name
        form = RecommendationForm(initial=initial)
        if request.htmx:
            # The heading is swapped in too (out of band) only when it was empty.
            heading = form["heading"] if not data.get("heading", "").strip() and measure_form.chosen else None
            if heading is not None:
                form.fields["heading"].widget.attrs["hx-swap-oob"] = "true"
            return render(
                request, "assessments/_measure_fields.html", {"measure_form": measure_form, "heading": heading}
            )
    if saving and measure_form.is_valid() and form.is_valid():
        data = form.cleaned_data
        fields = {
            "by": request.user,
            "measure_type": measure_form.cleaned_data["measure_type"],
            "parameters": measure_form.parameters,
            "heading": data["heading"],
            "text": data["text"],
            "justification": data["justification"],
            "fhi_level": data["fhi_level"],
            "regulation_chapter": data["regulation_chapter"],
            "is_advice": data["is_advice"],
        }
        try:
            if measure is None:
                services.recommended_measure_add(assessment=assessment, **fields)
            else:
                services.recommended_measure_update(measure=measure, expected_revision=_revision(request), **fields)
        except ValidationError as exc:
            if _about_measure(exc):
                add_measure_errors(measure_form, exc)
            else:
                add_service_errors(form, exc)
        else:
            messages.success(request, _("Tiltaket er lagt til.") if measure is None else _("Tiltaket er endret."))
            return redirect("assessments:detail", pk=assessment.pk)
    return render(
        request,
        "assessments/measure_form.html",
        {
            "assessment": assessment,
            "measure": measure,
            "measure_form": measure_form,
            "form": form,
            "url": url,
        },
    )


def _recommendation_initial(measure: RecommendedMeasure) -> dict:
    return {
        "heading": measure.heading,
        "text": measure.text,
        "justification": measure.justification,
        "fhi_level": measure.fhi_level,
        "regulation_chapter": measure.regulation_chapter,
        "is_advice": measure.is_advice,
    }


def _about_measure(exc: ValidationError) -> bool:
    """Whether a service's refusal is about the measure's type or parameters (not the text)."""
    return hasattr(exc, "error_dict") and not set(exc.error_dict) & set(RecommendationForm.base_fields)


def _revision(request) -> int | None:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return None


@access(**EDIT_DRAFT, obj="assessment", method="POST", kwargs={"action": "down"})
@login_required
@require_POST
def measure_change(request, pk, measure_pk, action):
    assessment = _assessment_or_404(request.user, pk)
    measure = get_object_or_404(RecommendedMeasure.objects.filter(assessment=assessment), pk=measure_pk)
    if (response := _require_editable(request, assessment)) is not None:
        return response
    try:
        if action == "remove":
            services.recommended_measure_remove(measure=measure, by=request.user)
            messages.success(request, _("Tiltaket er fjernet."))
        elif action in ("up", "down"):
            services.recommended_measure_move(measure=measure, by=request.user, up=action == "up")
        else:
            raise Http404
    except ValidationError as exc:
        flash_service_errors(request, exc)
    return redirect("assessments:detail", pk=assessment.pk)


@access(**EDIT_DRAFT, obj="assessment", kwargs={"name": "submit"})
@login_required
@require_http_methods(["GET", "POST"])
def assessment_transition(request, pk, name):
    """Submit, approve, send back (with a comment)."""
    assessment = _assessment_or_404(request.user, pk)
    return transition_page(
        request,
        assessment,
        name,
        actions={
            "submit": services.assessment_submit,
            "approve": services.assessment_approve,
            "send_back": services.assessment_send_back,
        },
        as_name="assessment",
        form_class=CommentForm,
        refusal=_("Du kan ikke utføre denne handlingen på vurderingen nå."),
        success=lambda transition: {
            "submit": _("Vurderingen er sendt til godkjenning."),
            "approve": _("Vurderingen er godkjent. Arkiv-PDF-en lages."),
            "send_back": _("Vurderingen er sendt tilbake til forfatteren."),
        }[transition.name],
        back=reverse("assessments:detail", args=[assessment.pk]),
        crumb=assessment.title,
    )


@access(**EDIT_DRAFT, obj="assessment", method="POST")
@login_required
@require_POST
def assessment_make_regulation(request, pk):
    assessment = _assessment_or_404(request.user, pk)
    if not _may_draft(request.user, assessment):
        raise PermissionDenied(_("Du har ikke tilgang til å lage forskriftsutkast for denne kommunen."))
    try:
        version = services.assessment_create_draft_regulation(assessment=assessment, by=request.user)
    except ValidationError as exc:
        flash_service_errors(request, exc)
        return redirect("assessments:detail", pk=assessment.pk)
    messages.success(
        request,
        _("Forskriftsutkastet er laget. Fyll inn datoene i § %(n)s før det legges fram.")
        % {"n": version.sections.count()},
    )
    return redirect("regulations:version_detail", pk=version.pk)


@access(anonymous=LOGIN, own=OK, other=NOT_FOUND, obj="assessment")
@login_required
@require_GET
def assessment_pdf(request, pk):
    """Approved: the frozen archival bytes. Drafts: rendered on demand, marked UTKAST."""
    assessment = _assessment_or_404(request.user, pk)
    return document_pdf_response(
        request,
        assessment,
        decided=assessment.is_frozen,
        filename=f"risikovurdering-{assessment.municipality.municipality_number}-{assessment.iso_year}-uke{assessment.iso_week:02d}.pdf",
        back_label=_("Tilbake til vurderingen"),
        back_url=reverse("assessments:detail", args=[assessment.pk]),
    )


@access(
    anonymous=LOGIN,
    own={Role.MEDICAL_OFFICER: OK, Role.APPROVER: OK, Role.CASE_OFFICER: OK, "*": FORBIDDEN},
    other=NOT_FOUND,
    obj="assessment",
    method="POST",
)
@login_required
@require_POST
def assessment_pdf_retry(request, pk):
    assessment = _assessment_or_404(request.user, pk)
    return archive_retry(
        request,
        assessment,
        may=has_role(request.user, assessment.municipality_id, *DRAFTING_ROLES, *APPROVING_ROLES),
        decided=assessment.is_frozen,
        requeue=lambda: services.assessment_archive_requeue(assessment=assessment),
        back=reverse("assessments:detail", args=[assessment.pk]),
    )
