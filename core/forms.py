"""Forms of the back office for what core owns."""

import html
import uuid

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.models import ModelChoiceIterator
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from register.selectors import municipalities_all, municipality_get

from .models import Organization, OrganizationKind, Role


def _escaped(value) -> str:
    """`conditional_escape` without its lazy-text wrapper (hundreds of options a page)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _attributes(attrs: dict) -> str:
    """What django/forms/widgets/attrs.html writes: ` name="value"`, ` name` for True, in order."""
    return "".join(
        f" {_escaped(name)}" if value is True else f' {_escaped(name)}="{_escaped(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


# The name of a create form's one-time token (SubmitOnceForm); core.views_helpers.form_saved
# creates once per token and takes it out of the data it hands to the service.
ONCE_FIELD = "once"


class SubmitOnceForm(forms.Form):
    """A create form that creates once: shown, it carries a new UUID in a hidden field; sent
    twice (a double click, «send again»), the second leads to what the first created
    (`core.views_helpers.form_saved`, `core.services.created_once`). A form sent without it
    (an old page, a script) creates as before."""

    once = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)


class ListSelect(forms.Select):
    """Django's <select>, with the same markup, its options written in one go instead of
    through a template each: a list of the register's 357 organizations (a filter, a
    sender) costs 15 ms the other way, most of a page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        # A model field's choices are a query: read once, and not counted first (as list() would).
        choices = list(iter(self.choices))
        if self.allow_multiple_selected or any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups, several chosen
        wanted, chosen = set(self.format_value(value)), False
        options = []
        for option_value, label in choices:
            shown = "" if option_value is None else str(option_value)
            selected = not chosen and shown in wanted
            chosen = chosen or selected
            options.append(
                f'<option value="{_escaped(shown)}"{" selected" if selected else ""}>{_escaped(label)}</option>'
            )
        # Every name, value and label here is escaped.
        attributes = _attributes(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{_escaped(name)}"{attributes}>{"".join(options)}</select>')


class _ListedChoices(ModelChoiceIterator):
    """A model field's choices read in one query, as any other query is: Django's own reads
    them through `iterator()`, which on PostgreSQL opens a server-side cursor (DECLARE, FETCH,
    CLOSE: round trips more for every list on a page, however short)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    """Django's ModelChoiceField, its choices read without a server-side cursor."""

    iterator = _ListedChoices


class _NameChoices(_ListedChoices):
    """The choices of an OrganizationChoiceField: primary key and name, read as plain rows
    (a model instance for each of 357 organizations costs more than writing the list)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class OrganizationChoiceField(ModelChoiceField):
    """One organization of a long list (the register's 357), written by ListSelect; the
    choice sent is looked up in the queryset as by any ModelChoiceField."""

    iterator = _NameChoices
    widget = ListSelect


def municipality_filter_field() -> forms.ModelChoiceField:
    """A list page's «Kommune» filter: one municipality, or all."""
    return OrganizationChoiceField(
        label=_("Kommune"),
        queryset=Organization.objects.filter(kind="municipality"),
        required=False,
        empty_label=_("Alle"),
    )


def status_filter_field(choices) -> forms.ChoiceField:
    """A list page's «Status» filter: one of `choices` (a model's status choices), or all."""
    return forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *list(choices)], widget=ListSelect
    )


def _grouped(number: int) -> str:
    """20 000: a count with the Norwegian thousands separator (a non-breaking space)."""
    return f"{number:,}".replace(",", "\u00a0")


class LongTextField(forms.CharField):
    """A free text with a length limit that the browser does not enforce: a `maxlength`
    attribute would cut pasted text without a word, so the limit is said next to the field
    and the server's message (how long the text is, how long it may be) is shown instead."""

    def __init__(self, *, max_length: int, help_text="", **kwargs):
        limit = _("Høyst %(n)s tegn.") % {"n": _grouped(max_length)}
        help_text = format_lazy("{} {}", help_text, limit) if help_text else limit
        super().__init__(max_length=max_length, help_text=help_text, **kwargs)
        # Django's own message writes the numbers ungrouped («20000»), unlike the help beside it.
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def validate(self, value):
        super().validate(value)
        if self.max_length is not None and len(value) > self.max_length:
            raise forms.ValidationError(
                _("Teksten er for lang: %(length)s tegn. Høyst %(n)s tegn er tillatt."),
                code="max_length",
                params={"length": _grouped(len(value)), "n": _grouped(self.max_length)},
            )

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


def _municipality_choice_label(municipality) -> str:
    """«5402 Harstad (Troms og Finnmark, til og med 2023)»: number, name, county and, for a
    number no longer in use, its last year."""
    county = municipality.county.name
    if municipality.valid_until is not None:
        return str(
            _("%(number)s %(name)s (%(county)s, til og med %(year)s)")
            % {
                "number": municipality.number,
                "name": municipality.name,
                "county": county,
                "year": municipality.valid_until.year,
            }
        )
    return f"{municipality.number} {municipality.name} ({county})"


class OrganizationAdminForm(forms.ModelForm):
    """An organization as the administrator edits it. A municipality is chosen from the
    register (`register`, loaded by `load_municipalities`), never typed: the choice gives its
    number and county and, when left empty, its name, organization number and population. The
    model itself only asks for four digits, so tests and services may create organizations freely."""

    municipality_number = forms.CharField(
        label=_("Kommune fra kommuneregisteret"),
        required=False,
        widget=forms.Select,
        help_text=_(
            "Bare for kommuner. Kommunenummer og fylke hentes fra registeret, og navn, organisasjonsnummer "
            "og innbyggertall også når feltene står tomme."
        ),
    )

    class Meta:
        model = Organization
        # Every field, as the admin showed before this form: a field added to Organization
        # must not silently vanish from the back office.
        fields = "__all__"  # noqa: DJ007

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("– ikke en kommune –"))] + [
            (m.number, _municipality_choice_label(m)) for m in municipalities_all()
        ]
        current = self.instance.municipality_number
        if current and current not in {number for number, _label in choices}:
            choices.append((current, current))  # a number no longer in force stays as it was
        self.fields["municipality_number"].widget.choices = choices
        self.fields["name"].required = False  # the register's name when left empty

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

    def clean(self):
        data = super().clean()
        number, kind = data.get("municipality_number", ""), data.get("kind")
        if "municipality_number" not in self.errors:
            if kind == OrganizationKind.MUNICIPALITY and not number:
                self.add_error("municipality_number", _("Velg kommunen fra kommuneregisteret."))
            elif kind and kind != OrganizationKind.MUNICIPALITY and number:
                self.add_error("municipality_number", _("Bare kommuner har kommunenummer."))
        entry = municipality_get(number) if number and "municipality_number" not in self.errors else None
        if entry is not None:
            self.instance.county = entry.county.name
            data["name"] = data.get("name") or f"{entry.name} kommune"
            data["org_number"] = data.get("org_number") or entry.org_number
            if data.get("population") is None:
                data["population"] = entry.population
        elif kind and kind != OrganizationKind.MUNICIPALITY:
            self.instance.county = ""
        if not data.get("name") and "name" not in self.errors:
            self.add_error("name", _("Skriv organisasjonens navn, eller velg kommunen fra kommuneregisteret."))
        return data


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
