"""Forms for letters: thin input validation; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ModelChoiceField, SubmitOnceForm
from core.models import Organization

from .models import RecipientKind
from .selectors import organizations_for_group, recipient_organizations


class LetterCreateForm(SubmitOnceForm):
    organization = ModelChoiceField(queryset=Organization.objects.none(), label=_("Avsender"))
    case_reference = forms.CharField(
        label=_("Eksisterende sak (ÅÅ/NNNNN)"),
        required=False,
        max_length=20,
        help_text=_("La stå tom for å opprette en ny sak."),
    )
    case_title = forms.CharField(label=_("Sakstittel for ny sak"), required=False, max_length=300)
    title = forms.CharField(label=_("Tittel"), max_length=300)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()


class LetterEditForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Tittel"), max_length=300)
    their_reference = forms.CharField(label=_("Deres ref."), max_length=100, required=False)
    department = forms.CharField(label=_("Avdeling"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Tekst"),
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=100_000,
        required=False,
        help_text=_("Avsnitt (<p>), lister, utheving og lenker. Annet fjernes."),
    )
    closing = forms.CharField(label=_("Hilsen"), max_length=100, initial="Vennlig hilsen")
    letter_date = forms.DateTimeField(
        label=_("Dato og klokkeslett"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_letter_date(self):
        value = self.cleaned_data["letter_date"]
        if not 2000 <= value.year <= 2100:
            raise forms.ValidationError(_("Velg en dato mellom år 2000 og 2100."))
        return value


class RecipientForm(forms.Form):
    """One recipient: an organization from the registry (chosen among the search results the
    page shows, but any organization the registry holds is accepted) or a typed address."""

    kind = forms.ChoiceField(label=_("Type"), choices=RecipientKind.choices)
    organization = ModelChoiceField(queryset=None, required=False, label=_("Fra registeret"))
    name = forms.CharField(label=_("Navn (fri adresse)"), max_length=200, required=False)
    contact_person = forms.CharField(label=_("Kontaktperson"), max_length=200, required=False)
    address = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postnummer"), max_length=4, required=False)
    postal_place = forms.CharField(label=_("Poststed"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = recipient_organizations()

    def kind_fields(self) -> list:
        """The field above the registry's search results (recipient or copy, for either)."""
        return [self["kind"]]

    def typed_fields(self) -> list:
        """The fields of a typed address, shown below the registry's search results."""
        return [self[name] for name in self.fields if name not in ("kind", "organization")]


class GroupForm(forms.Form):
    group = forms.ChoiceField(
        label=_("Gruppe"),
        choices=[
            ("all_municipalities", _("Alle kommuner")),
            ("county", _("Alle kommuner i et fylke")),
            ("saved_list", _("Lagret liste")),
        ],
    )
    county = forms.CharField(label=_("Fylke"), required=False, max_length=100)
    saved_list = ModelChoiceField(queryset=None, required=False, label=_("Lagret liste"))
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=RecipientKind.choices,
        help_text=_("En lagret liste legger til hver mottaker med typen den ble lagret med."),
    )

    def __init__(self, *args, lists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["saved_list"].queryset = lists

    def clean(self):
        """A group that names nothing is refused with what is missing, instead of «0 mottakere
        lagt til»: a county without municipalities in the registry, a saved list not chosen."""
        data = super().clean()
        group, county = data.get("group"), " ".join((data.get("county") or "").split())
        if group == "county":
            if not county:
                raise forms.ValidationError(_("Skriv inn navnet på fylket."))
            if not organizations_for_group(group="county", county=county).exists():
                raise forms.ValidationError(_("Fant ingen kommuner i fylket «%(county)s».") % {"county": county[:100]})
            data["county"] = county
        if group == "saved_list" and data.get("saved_list") is None and "saved_list" not in self.errors:
            raise forms.ValidationError(_("Velg en lagret liste."))
        return data


class CsvForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil"),
        help_text=_(
            "Kolonner: navn;kontaktperson;adresse;postnummer;poststed;epost;type. Med kolonnen kommunenummer "
            "(eller orgnr) knyttes raden til organisasjonen i registeret, som da ser brevet."
        ),
    )


class SignatoryForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    title = forms.CharField(label=_("Tittel"), max_length=100, required=False)
    on_behalf = forms.BooleanField(label=_("e.f. (etter fullmakt)"), required=False)


class ApproverForm(forms.Form):
    """One approver among `candidates` (the page offers the search results among them)."""

    user = ModelChoiceField(queryset=None, label=_("Godkjenner"))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class ApproveForm(forms.Form):
    content_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)


class RecipientListForm(forms.Form):
    name = forms.CharField(label=_("Navn på listen"), max_length=200)
