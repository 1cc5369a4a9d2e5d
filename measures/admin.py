"""Back office: the measure catalog is editable reference data, with its history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import MeasureType


@admin.register(MeasureType)
class MeasureTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]
