"""Back office: letters are read-only here (they change only through the services)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Letter, LetterDelivery


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "sender", "status", "letter_date"]
    list_filter = ["status", "sender"]
    search_fields = ["title", "case__title"]
    exclude = ["pdf_error"]


@admin.register(LetterDelivery)
class LetterDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["letter", "recipient", "channel", "status", "delivered_at"]
    list_filter = ["status", "channel"]
