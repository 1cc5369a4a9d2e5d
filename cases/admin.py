"""Back office: cases are read-only here (they change only through the services)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin

from .models import Case


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "organization", "created_at"]
    search_fields = ["title"]

    @admin.display(description=_("saksnummer"))
    def reference(self, case: Case) -> str:
        return case.reference
