"""Forms of the back office for what core owns."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from register.selectors import municipality_get

from .models import Organization


def municipality_filter_field() -> forms.ModelChoiceField:
    """A list page's «Kommune» filter: one municipality, or all."""
    return forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Organization.objects.filter(kind="municipality"),
        required=False,
        empty_label=_("Alle"),
    )


def status_filter_field(choices) -> forms.ChoiceField:
    """A list page's «Status» filter: one of `choices` (a model's status choices), or all."""
    return forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Alle")), *list(choices)])


class LongTextField(forms.CharField):
    """A free text with a length limit that the browser does not enforce: a `maxlength`
    attribute would cut pasted text without a word, so the limit is said next to the field
    and the server's message (how long the text is, how long it may be) is shown instead."""

    def __init__(self, *, max_length: int, help_text="", **kwargs):
        limit = _("Høyst %(n)s tegn.") % {"n": f"{max_length:,}".replace(",", "\u00a0")}
        help_text = format_lazy("{} {}", help_text, limit) if help_text else limit
        super().__init__(max_length=max_length, help_text=help_text, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def long_text_field(label, *, required: bool = True, help_text="", max_length: int = 20000, rows: int = 4):
    """A free text of up to `max_length` characters (a justification, a decision's text) in a box of `rows` rows."""
    return LongTextField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class OrganizationAdminForm(forms.ModelForm):
    """An organization as the administrator edits it: a municipality number must name a
    municipality in the register (the model itself only asks for four digits, so tests and
    services may create organizations freely)."""

    class Meta:
        model = Organization
        # Every field, as the admin showed before this form: a field added to Organization
        # must not silently vanish from the back office.
        fields = "__all__"  # noqa: DJ007

    def clean_municipality_number(self) -> str:
        number = self.cleaned_data.get("municipality_number", "").strip()
        if not number:
            return number
        if not (len(number) == 4 and number.isdigit()):
            raise forms.ValidationError(_("Kommunenummeret må ha fire sifre."), code="invalid_municipality_number")
        if municipality_get(number) is None:
            raise forms.ValidationError(
                _("Kommunenummer %(number)s finnes ikke i kommuneregisteret."),
                params={"number": number},
                code="unknown_municipality_number",
            )
        return number
