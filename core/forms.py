"""Forms of the back office for what core owns."""

from django import forms
from django.utils.translation import gettext_lazy as _

from register.selectors import municipality_get

from .models import Organization, Role


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


def long_text_field(label, *, required: bool = True, help_text="") -> forms.CharField:
    """A free text of up to 20,000 characters (a justification, a decision's text) in a four-row box."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
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


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label=_("Begrunnelse"),
        max_length=500,
        help_text=_("Hvorfor endringen gjøres. Lagres i revisjonssporet."),
    )


def _role_field(choices) -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Rolle"), choices=[("", _("Velg rolle")), *choices])


class MemberInviteForm(forms.Form):
    """An administrator invites a colleague by e-mail, with the role they are to have."""

    email = forms.EmailField(label=_("E-postadresse"), max_length=254)
    first_name = forms.CharField(label=_("Fornavn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Etternavn"), max_length=150, required=False)
    role = _role_field(Role.choices)
    reason = _reason_field()


class RoleChangeForm(forms.Form):
    """One role given to or taken from a member; `choices` are the roles that make sense."""

    def __init__(self, *args, choices=Role.choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"] = _role_field(choices)
        self.fields["reason"] = _reason_field()
