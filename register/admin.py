"""Back office: the register is loaded by `load_municipalities`, so administrators look it up
here but do not add or delete entries; its history shows every load that changed a row."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdminMixin

from .models import County, Municipality


class RegisterAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read-only, with the history of every load."""


@admin.register(County)
class CountyAdmin(RegisterAdmin):
    list_display = ["number", "name", "valid_from", "valid_until"]
    search_fields = ["number", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(RegisterAdmin):
    list_display = ["number", "name", "county", "org_number", "population", "valid_from", "valid_until"]
    list_filter = ["county"]
    list_select_related = ["county"]
    search_fields = ["number", "name", "org_number"]
