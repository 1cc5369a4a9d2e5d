from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CommutingRegion


@admin.register(CommutingRegion)
class CommutingRegionAdmin(SimpleHistoryAdmin):
    list_display = ("name", "organization")
    search_fields = ("name",)

    def has_add_permission(self, request):
        return False  # through the directorate's pages, which check who may and record why

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
