"""Forms of the background-verification tracker, rendered by the page and validated by the API.

They parse what was typed (a date, a number, a choice among this case's people); what the input
means for the procedure (a letter before the file was opened, a reply before its letter, a negative
cost, a chaser who may not record the reply, a commune outside its province) is judged once, by the
services of ``workflows.verification_services``, whose errors the interfaces attach to the fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partycell.accounts.models import User
from workflows.evidence import CandidacyForm, date_field, file_field
from workflows.verification import Conclusion, Relation, VerificationSubject
from workflows.verification_services import assignee_choices, commune_choices, province_choices

NO_CHOICE = ("", "—")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class SubjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: VerificationSubject) -> str:
        return f"{obj.full_name} · {obj.get_relation_display()}"


class VerificationSubjectForm(CandidacyForm):
    """A person to verify (``verification_subject_add``)."""

    relation = forms.ChoiceField(label=_("Relation to the applicant"), choices=Relation.choices)
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, required=False,
        help_text=_("For the applicant, leave empty: the candidate's name is used."),
    )  # fmt: skip
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def _province_code(form: forms.Form) -> int | None:
    """The province the submission (or the initial data) names, if it is a whole number."""
    value = form.data.get("province_code") if form.is_bound else form.initial.get("province_code")
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class VerificationRequestForm(CandidacyForm):
    """A verification letter sent about one of this case's people (``verification_request_send``)."""

    subject = SubjectChoiceField(label=_("Person to verify"), queryset=VerificationSubject.objects.none())
    organisation = forms.CharField(
        label=_("Sent to (organisation)"), max_length=200,
        help_text=_("For example the commune party committee or the police of the place of residence."),
    )  # fmt: skip
    province_code = forms.IntegerField(label=_("Province"), required=False, widget=forms.Select())
    commune_code = forms.IntegerField(label=_("Commune"), required=False, widget=forms.Select())
    locality_text = forms.CharField(
        label=_("Or the locality, typed"), max_length=300, required=False,
        help_text=_("A locality's name before the 2025 reorganisation, a place abroad, a village or street."),
    )  # fmt: skip
    reference = forms.CharField(label=_("Letter number"), max_length=64, required=False)
    sent_on = date_field(_("Sent on"))
    assignee = UserChoiceField(
        label=_("Chased by"), queryset=User.objects.none(), required=False,
        help_text=_("The staff member who follows up the reply."),
    )  # fmt: skip
    cost_vnd = forms.IntegerField(
        label=_("Cost advanced (VND)"), required=False, initial=0,
        # A text box, not type=number: the wheel or a stray key never changes a sum, and phones show digits.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )  # fmt: skip
    file = file_field(_("Letter scan (PDF, JPEG or PNG)"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = self.candidacy.verification_subjects.all()  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["assignee"].queryset = User.objects.filter(  # type: ignore[attr-defined]  # a ModelChoiceField
            pk__in=[user.pk for user in assignee_choices(self.candidacy)]
        ).order_by("last_name", "first_name", "username")
        self.fields["province_code"].widget.choices = [NO_CHOICE, *province_choices()]
        province = _province_code(self)
        communes = commune_choices(province) if province is not None else ()
        self.fields["commune_code"].widget.choices = [NO_CHOICE, *communes]

    def clean_cost_vnd(self) -> int:
        # Empty means nothing was advanced; a negative sum is the service's to refuse, with its message.
        value: int | None = self.cleaned_data.get("cost_vnd")
        return 0 if value is None else value


# A reply concludes one way or the other: "awaiting reply" is the state before it.
REPLY_CONCLUSIONS = [(Conclusion.CLEAR.value, Conclusion.CLEAR.label), (Conclusion.ISSUE.value, Conclusion.ISSUE.label)]


class VerificationReplyForm(CandidacyForm):
    """The reply to a verification letter (``verification_reply_record``)."""

    replied_on = date_field(_("Reply received on"))
    conclusion = forms.ChoiceField(
        label=_("Conclusion"), widget=forms.RadioSelect,
        choices=REPLY_CONCLUSIONS,
    )  # fmt: skip
    note = forms.CharField(
        label=_("What the reply says"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the reply raises an issue."),
    )  # fmt: skip
    file = file_field(_("Reply scan (PDF, JPEG or PNG)"))
