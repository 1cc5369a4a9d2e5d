"""«Gjeldende regler»: what applies in a municipality at a date and time, for staff."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.access import LOGIN, OK, access

from .forms import RulesQueryForm
from .selectors import effective_rules


@access(anonymous=LOGIN, own=OK)
@login_required
@require_GET
def rules_in_force(request):
    form = RulesQueryForm(request.GET or None)
    answer = None
    if form.is_bound and form.is_valid():
        answer = effective_rules(
            municipality=form.cleaned_data["municipality"],
            at=form.cleaned_data["at"],
            visiting=form.cleaned_data["visiting"],
        )
    return render(request, "rules/in_force.html", {"form": form, "answer": answer})
