"""Back office: threshold tables are reference data administrators edit (through the
service, which refuses overlaps and gaps); assessments are read-only here."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin

from . import services
from .indicators import BandInput, validate_bands
from .models import Assessment, ThresholdBand, ThresholdTable


class BandFormSet(forms.BaseInlineFormSet):
    def bands(self) -> list[BandInput]:
        return [
            BandInput(level=f.cleaned_data["level"], lower=f.cleaned_data["lower"], upper=f.cleaned_data.get("upper"))
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("lower") is not None
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        try:
            validate_bands(self.bands())
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc


class ThresholdBandInline(admin.TabularInline):
    model = ThresholdBand
    formset = BandFormSet
    extra = 0
    min_num = 1


@admin.register(ThresholdTable)
class ThresholdTableAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "effective_from", "name", "is_default"]
    list_filter = ["indicator", "is_default"]
    inlines = [ThresholdBandInline]
    # Shown read-only under a Norwegian label (the model field's own is not yet Norwegian).
    exclude = ["created_at"]
    readonly_fields = ["is_default", "created"]

    @admin.display(description=_("opprettet"))
    def created(self, obj):
        return obj.created_at

    def has_change_permission(self, request, obj=None):
        if obj is not None and services.threshold_table_in_use(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Saved together with its bands in save_related, through the service.
        pass

    def save_formset(self, request, form, formset, change):
        pass

    def save_related(self, request, form, formsets, change):
        band_formset = next(fs for fs in formsets if isinstance(fs, BandFormSet))
        # The admin's change message reads these; the service replaced the bands as a whole.
        band_formset.new_objects, band_formset.changed_objects, band_formset.deleted_objects = [], [], []
        data = form.cleaned_data
        services.threshold_table_save(
            by=request.user,
            table=form.instance,
            indicator=data["indicator"],
            effective_from=data["effective_from"],
            name=data["name"],
            note=data.get("note", ""),
            bands=band_formset.bands(),
        )


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["municipality", "iso_year", "iso_week", "status", "risk_level"]
    list_filter = ["status", "municipality"]
    exclude = ["pdf_error"]
