"""Back office: regulations are read-only here (they change only through the workflow
services); the measure catalog they draw on is edited in measures/admin.py."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Regulation, RegulationVersion


@admin.register(Regulation)
class RegulationAdmin(ReadOnlyAdmin):
    list_display = ["title", "municipality", "created_at"]
    list_filter = ["municipality"]
    search_fields = ["title"]


@admin.register(RegulationVersion)
class RegulationVersionAdmin(ReadOnlyAdmin):
    list_display = ["regulation", "number", "kind", "status", "valid_from", "valid_until"]
    list_filter = ["status", "kind"]
    exclude = ["pdf_error"]
