"""Forms on the case page: thin input validation; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ListSelect, ModelChoiceField, OrganizationChoiceField
from core.models import Organization, OrganizationKind


class IncomingDocumentForm(forms.Form):
    """Register a received document (a reply) in the case."""

    title = forms.CharField(label=_("Tittel"), max_length=300)
    sender = OrganizationChoiceField(
        queryset=Organization.objects.order_by("name"), required=False, label=_("Avsender fra registeret")
    )
    sender_name = forms.CharField(
        label=_("Avsender (fritt navn)"),
        max_length=200,
        required=False,
        help_text=_("Bare når avsenderen ikke finnes i registeret."),
    )
    their_reference = forms.CharField(label=_("Avsenders ref."), max_length=100, required=False)
    received_at = forms.DateTimeField(
        label=_("Mottatt"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    in_reply_to = ModelChoiceField(queryset=None, required=False, label=_("Svar på brev"), widget=ListSelect)
    file = forms.FileField(label=_("Dokumentet (PDF)"), required=False, help_text=_("Valgfritt; høyst 10 MB."))

    MAX_BYTES = 10 * 1024 * 1024

    def __init__(self, *args, replies_to, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["in_reply_to"].queryset = replies_to
        self.fields["in_reply_to"].label_from_instance = lambda document: f"{document.reference} {document.title}"

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if not 2000 <= value.year <= 2100:
            raise forms.ValidationError(_("Velg en dato mellom år 2000 og 2100."))
        return value

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError(_("Filen er for stor (høyst 10 MB)."))
            if not upload.name.lower().endswith(".pdf"):
                raise forms.ValidationError(_("Velg en PDF-fil."))
        return upload


class CaseLinkForm(forms.Form):
    """One optional choice per kind of document a case can concern (cases.registry.LinkKind),
    among those the person may see; the field is named after CaseLink's foreign key."""

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        for entry in choices:
            kind = entry.kind
            field = ModelChoiceField(queryset=entry.allowed, required=False, label=kind.label, widget=ListSelect)
            field.label_from_instance = kind.choice_label
            # Any document the person may link is accepted; only the first matches are offered.
            field.widget.choices = [("", "---------")] + [(d.pk, kind.choice_label(d)) for d in entry.shown]
            if entry.more:
                field.help_text = _("Viser de %(shown)s første. Skriv i søkefeltet for å finne andre.") % {
                    "shown": len(entry.shown)
                }
            self.fields[kind.field] = field

    def document(self):
        """The one document chosen, or None when none or more than one is (the service says so)."""
        chosen = [value for value in self.cleaned_data.values() if value is not None]
        return chosen[0] if len(chosen) == 1 else None


# Whose archive system the case's own number belongs to, by the kind of organization.
OWN_ARCHIVE_HELP = {
    OrganizationKind.MUNICIPALITY: _("Valgfritt: saksnummeret i kommunens eget arkivsystem, f.eks. 2021/1234."),
    OrganizationKind.DIRECTORATE: _("Valgfritt: saksnummeret i direktoratets eget arkivsystem, f.eks. 2021/1234."),
    OrganizationKind.COUNTY_GOVERNOR: _(
        "Valgfritt: saksnummeret i statsforvalterens eget arkivsystem, f.eks. 2021/1234."
    ),
    OrganizationKind.MINISTRY: _("Valgfritt: saksnummeret i departementets eget arkivsystem, f.eks. 2021/1234."),
    OrganizationKind.PUBLIC_HEALTH_INSTITUTE: _(
        "Valgfritt: saksnummeret i instituttets eget arkivsystem, f.eks. 2021/1234."
    ),
}
OWN_ARCHIVE_HELP_ANY = _("Valgfritt: saksnummeret i organisasjonens eget arkivsystem, f.eks. 2021/1234.")


class ExternalReferenceForm(forms.Form):
    """The case's number in the organization's own archive (optional), its help worded for the
    kind of organization the case belongs to."""

    external_reference = forms.CharField(
        label=_("Saksnummer i eget arkiv"), max_length=50, required=False, help_text=OWN_ARCHIVE_HELP_ANY
    )

    def __init__(self, *args, organization: Organization | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if organization is not None:
            self.fields["external_reference"].help_text = OWN_ARCHIVE_HELP.get(organization.kind, OWN_ARCHIVE_HELP_ANY)
