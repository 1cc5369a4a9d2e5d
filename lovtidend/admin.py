from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Announcement


@admin.register(Announcement)
class AnnouncementAdmin(SimpleHistoryAdmin):
    list_display = ("lovdata_id", "version", "announced_on", "department", "recorded_by")
    search_fields = ("lovdata_id", "version__regulation__title")
    # Recorded through lovtidend.services.announcement_record only (who and why, validation).
    readonly_fields = ("version", "announced_on", "department", "lovdata_id", "recorded_at", "recorded_by")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
