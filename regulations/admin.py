"""Back office: the measure catalog is editable reference data; regulations are read-only here
(they change only through the workflow services)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin

from .models import MeasureType, Regulation, RegulationVersion


@admin.register(MeasureType)
class MeasureTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


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
