from django import forms
from django.utils.translation import gettext_lazy as _


class AnnouncementForm(forms.Form):
    announced_on = forms.DateField(label=_("Kunngjort dato"), widget=forms.DateInput(attrs={"type": "date"}))
    lovdata_id = forms.CharField(
        label=_("Lovdata-ID"), max_length=40, help_text=_("For eksempel FOR-2021-03-03-521, som Lovdata har gitt.")
    )
    reason = forms.CharField(label=_("Merknad"), max_length=500, required=False)
