from django import forms
from django.utils.translation import gettext_lazy as _

from partycell.notifications.models import Delivery


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(label=_("E-mail me"), choices=Delivery.choices, widget=forms.RadioSelect)
