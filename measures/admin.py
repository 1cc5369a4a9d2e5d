"""Back office: the measure catalog is editable reference data, with its history."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import column

from .models import MeasureType


@admin.register(MeasureType)
class MeasureTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", column("order", _("rekkefølge"))]
    search_fields = ["name", "code"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The model's label and help text of these two are not yet Norwegian (changing them
        # there needs a migration of this app).
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "order":
            field.label = _("Rekkefølge")
        elif db_field.name == "parameter_schema":
            field.help_text = _("Bare for tiltakstypene i første katalog: parametrene slik første utgave beskrev dem.")
        return field
