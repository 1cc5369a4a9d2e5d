"""Back-office view of the trail: read-only, no add, change or delete."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("seq", "at", "kind", "action", "actor_label", "object_repr")
    list_filter = ("kind",)
    search_fields = ("comment", "object_repr", "subject_repr", "actor_label")
    date_hierarchy = "at"
    ordering = ("-at", "-id")
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def get_actions(self, request):
        return {}
