from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from regulations.selectors import attention_items

from .access import LOGIN, OK, access
from .selectors import DRAFTING_ROLES, organization_ids_for_user


@access(anonymous=LOGIN, own=OK)
@login_required
def dashboard(request):
    return render(request, "core/dashboard.html", {
        "items": attention_items(user=request.user), "now": timezone.now(),
        "may_draft": bool(organization_ids_for_user(request.user, *DRAFTING_ROLES)),
    })


@access(anonymous=OK, own=OK)
def healthz(request):
    """Liveness for load balancers: answers even when Redis is down."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
