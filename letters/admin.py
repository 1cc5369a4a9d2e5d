"""Back office: letters are read-only here (they change only through the services)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, column

from .models import Letter, LetterDelivery

# Names as the back office shows them. The model's Meta has none, and a Meta change would need a
# migration of this app (a no-op one: Meta names are kept in the migration state, not the
# database); until the next migration of letters moves them into Meta, they are set here.
LetterDelivery._meta.verbose_name = _("forsendelse")
LetterDelivery._meta.verbose_name_plural = _("forsendelser")


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "sender", "status", "letter_date"]
    list_filter = ["status", "sender"]
    search_fields = ["title", "case__title"]
    exclude = ["pdf_error"]


@admin.register(LetterDelivery)
class LetterDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        column("letter", _("brev")),
        column("recipient", _("mottaker")),
        column("channel", _("kanal")),
        column("status", _("status")),
        column("delivered_at", _("levert")),
    ]
    list_filter = ["status", "channel"]
