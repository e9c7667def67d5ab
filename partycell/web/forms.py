"""Forms of the web pages. They parse and validate input; the services do the writing."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from partycell.formats.dates import DateField
from partycell.organisations.models import Unit
from partycell.people.models import Person
from workflows.enums import ProposingOrganisation

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from workflows.models import Candidacy

_F = TypeVar("_F", bound=forms.BaseForm)


class CellChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        # The code is what an import file names the cell by; showing it here is how users learn it.
        return _("%(name)s (code %(code)s)") % {"name": obj.name, "code": obj.code}


def dates_as_typed(form: _F) -> _F:
    """Give every date field of ``form`` (an engine form) the dd/mm/yyyy box and its explained refusals."""
    for name, field in form.fields.items():
        if isinstance(field, forms.DateField) and not isinstance(field, DateField):
            form.fields[name] = DateField.like(field)
    return form


class CandidateRegistrationForm(forms.ModelForm):
    """One form for a new candidate: the person's record plus the cell that will consider them."""

    cell = CellChoiceField(queryset=Unit.objects.none(), label=_("Party cell"))
    # The mass organisation that proposed the person to the cell (domain.md A1): kept on the candidacy.
    proposed_by = forms.ChoiceField(
        label=_("Proposed by (mass organisation)"), choices=ProposingOrganisation.choices, required=False,
        help_text=_("The organisation that selected the person and introduced them to the cell, if any."),
    )  # fmt: skip
    # A readmission (domain.md 2C): a former member applying again; the record's clearing date only for one
    # once convicted of a less serious crime (the readmission guard waits the rulebook's months after it).
    is_readmission = forms.BooleanField(label=_("Readmission (a former party member applying again)"), required=False)
    record_cleared_on = DateField(
        label=_("Criminal record cleared on"), required=False,
        help_text=_("Only for a readmission of a person once convicted of a less serious crime."),
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Person
        fields = [
            "full_name", "date_of_birth", "sex", "citizen_id", "ethnic_group", "religion", "education_level",
            "qualification", "occupation", "sector", "workplace", "residence", "phone", "email",
            "is_youth_union_member", "is_trade_union_member", "is_womens_union_member",
            "is_farmers_union_member", "is_veterans_association_member", "is_militia_or_reserve",
        ]  # fmt: skip
        field_classes = {"date_of_birth": DateField}
        widgets = {"citizen_id": forms.TextInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args: Any, cells: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A drop-down of the cells, or a search when they are too many (a province's administrator).
        from partycell.web.unit_field import search_units_when_many  # it reads the selectors, which import this

        search_units_when_many(self, "cell", "cell", cells)
        # The cell goes first: it decides who will see the record.
        self.order_fields(["cell", *self.Meta.fields, "proposed_by", *self.CANDIDACY_FIELDS, "note"])

    CANDIDACY_FIELDS = ("is_readmission", "record_cleared_on")

    def candidacy_data(self) -> dict[str, Any]:
        """What the candidacy records besides the person: the proposer, readmission, the note."""
        return {name: self.cleaned_data[name] for name in ("proposed_by", *self.CANDIDACY_FIELDS, "note")}

    def _post_clean(self) -> None:
        # The person's unit is the chosen cell; model validation needs it before full_clean runs.
        if self.cleaned_data.get("cell") is not None:
            self.instance.unit = self.cleaned_data["cell"]
        super()._post_clean()  # type: ignore[misc]  # Django's hook (BaseModelForm._post_clean), not in the stubs
        if "unit" in self.errors:
            self.add_error("cell", self.errors.pop("unit"))

    def person_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["unit"] = self.cleaned_data["cell"]
        return data


class SpreadsheetUploadForm(forms.Form):
    KIND_CANDIDATES = "candidates"
    KIND_MEMBERS = "members"

    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=_("Use the template; the first row must hold the headers."),
    )

    def clean_file(self) -> "UploadedFile[Any]":
        upload = self.cleaned_data["file"]
        limit = settings.EVIDENCE_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too big (at most %(mb)s MB)."), code="too_big", params={"mb": limit // (1024 * 1024)}
            )
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("This is not an Excel .xlsx file."), code="not_xlsx")
        return upload


class ConfirmForm(forms.Form):
    """The second step of an irreversible action: an explicit yes."""

    confirmed = forms.BooleanField(label=_("I have checked the details and want to record this."), required=True)


class AwarenessRosterForm(forms.Form):
    """One awareness class for many candidates: the class once, then a tick and a certificate number per row."""

    starts_on = DateField(label=_("Class started on"))
    ends_on = DateField(label=_("Class ended on"))
    issued_on = DateField(label=_("Certificates issued on"))
    issuer = forms.CharField(label=_("Issued by (political centre)"), max_length=200)

    def __init__(self, *args: Any, candidacies: "Iterable[Candidacy]", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidacies = list(candidacies)
        for candidacy in self.candidacies:
            self.fields[f"select_{candidacy.pk}"] = forms.BooleanField(
                label=_("Attended: %(name)s") % {"name": candidacy.person.full_name}, required=False
            )
            self.fields[f"certificate_{candidacy.pk}"] = forms.CharField(
                label=_("Certificate number for %(name)s") % {"name": candidacy.person.full_name},
                required=False,
                max_length=64,
            )

    def rows(self) -> "list[tuple[Candidacy, forms.BoundField, forms.BoundField]]":
        """(candidacy, tick field, certificate field) for the template."""
        return [(c, self[f"select_{c.pk}"], self[f"certificate_{c.pk}"]) for c in self.candidacies]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        starts, ends, issued = cleaned.get("starts_on"), cleaned.get("ends_on"), cleaned.get("issued_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The class cannot end before it starts."))
        if ends and issued and issued < ends:
            self.add_error("issued_on", _("Certificates are issued after the class ends."))
        selected = [c for c in self.candidacies if cleaned.get(f"select_{c.pk}")]
        if not selected:
            raise forms.ValidationError(_("Tick at least one candidate who attended."), code="none_selected")
        for candidacy in selected:
            if not cleaned.get(f"certificate_{candidacy.pk}"):
                self.add_error(f"certificate_{candidacy.pk}", _("Enter the certificate number."))
        return cleaned

    def certificates(self) -> dict:
        return {
            c: self.cleaned_data[f"certificate_{c.pk}"] for c in self.candidacies if self.cleaned_data[f"select_{c.pk}"]
        }


def mentor_form(form_class: type[_F], *args: Any, people: QuerySet[Person], **kwargs: Any) -> _F:
    """The engine's mentor form, offering only the official members the user may see."""
    form = form_class(*args, **kwargs)
    mentor = form.fields["mentor"]
    assert isinstance(mentor, forms.ModelChoiceField)  # as the engine's form declares it
    mentor.queryset = people
    return dates_as_typed(form)
