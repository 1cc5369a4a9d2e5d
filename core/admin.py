"""Back office for administrators: organizations, memberships (roles) and reference data."""

from collections.abc import Callable

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .forms import OrganizationAdminForm
from .models import ArchivedDocument, Membership, Organization, OutboxTask, WorkflowDecision


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    form = OrganizationAdminForm
    list_display = ["name", "kind", "municipality_number", "org_number", "population"]
    list_filter = ["kind", "county"]
    search_fields = ["name", "municipality_number", "org_number"]
    inlines = [MembershipInline]
    # The county comes with the municipality chosen from the register, never typed.
    readonly_fields = ["county"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "role", "title"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__last_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]


def column(name: str, label) -> Callable:
    """A changelist column showing the field `name` (its choice label, if it has choices) under
    `label`, sortable by the field: for a model whose own field names are not yet Norwegian."""

    @admin.display(description=label, ordering=name)
    def show(obj):
        display = getattr(obj, f"get_{name}_display", None)
        return display() if display else getattr(obj, name)

    show.__name__ = name
    return show


class ReadOnlyAdminMixin:
    """Records that only services (or a loading command) write: administrators may look, never change."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Records that only services write: administrators may look, never change."""


@admin.register(WorkflowDecision)
class WorkflowDecisionAdmin(ReadOnlyAdmin):
    list_display = ["at", "content_type", "object_id", "label", "actor"]
    list_filter = ["transition", "content_type"]


@admin.register(ArchivedDocument)
class ArchivedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["filename", "sha256", "pdf_variant", "created_at"]
    exclude = ["content"]


@admin.register(OutboxTask)
class OutboxTaskAdmin(ReadOnlyAdmin):
    list_display = ["task_name", "key", "created_at", "sent_at", "attempts"]
