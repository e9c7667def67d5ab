"""Evidence forms: one plain Django form per action (``workflows.actions`` says which).

The web UI and the API render and validate exactly these forms, and ``candidacy_perform`` validates
``data``/``files`` with them. Every form takes ``(data, files, candidacy=...)`` and checks what can
be checked from the submission alone: required fields, dates not in the future, ballots that add
up (in favour + against <= present <= entitled), a decision not dated before the resolution it
answers. The guards of ``workflows.rules`` (age, certificate, introducers ...) run afterwards, on the
event date the form yields (``event_date()``).

Document fields follow one naming scheme, ``<prefix>_number``, ``<prefix>_date``, ``<prefix>_signer``,
``<prefix>_file``; ``DOCUMENTS`` maps each prefix to its form code, and ``documents()`` turns the
cleaned data into ``Document`` rows to create.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.core.files.base import File
from django.db.models import Model
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from partycell.formats.dates import DateField
from partycell.people.models import (
    Person,
    normalise_card_number,
    validate_not_in_future,
    validate_party_event_date,
)
from partycell.people.vietnamese import normalise_text
from partycell.rulebook.selectors import RuleNotInForce
from workflows.enums import FormCode, MentorKind, OrganisationIntroduction, Phase, TogetherBy, VoteBody, VoteMethod
from workflows.models import Candidacy, Mentorship, document_number_validator, validate_evidence_file
from workflows.rules import (
    Guard,
    RuleReader,
    ceremony_date_reasons,
    decision_date_reasons,
    decision_received_reasons,
    vote_count_reasons,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def date_field(label: str | StrPromise, *, required: bool = True) -> forms.DateField:
    """A date of the evidence: typed as dd/mm/yyyy (or -, ., or ISO in the API); a refusal names the
    format or the impossible day, the same in the pages and the API (``partycell.formats.dates``)."""
    return DateField(label=label, required=required, validators=[validate_party_event_date, validate_not_in_future])


def number_field(
    label: str | StrPromise = _("Number"), *, required: bool = False, example: str = "125-QĐ/ĐU"
) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=64, validators=[document_number_validator],
        help_text=format_lazy(_('As printed, e.g. "{example}".'), example=example),
    )  # fmt: skip


def signer_field(label: str | StrPromise = _("Signed by")) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=200)


def file_field(label: str | StrPromise = _("Scan (PDF, JPEG or PNG)")) -> forms.FileField:
    return forms.FileField(label=label, required=False, validators=[validate_evidence_file])


def _short(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


class CandidacyForm(forms.Form):
    """A form about one candidacy: every form of ``workflows.actions`` takes ``(data, files, candidacy=...)``.

    ``files`` may be any mapping of field name to file: the API and the confirmation screen pass plain
    dicts, which Django's file widgets read with ``.get()`` just as a ``MultiValueDict``.
    """

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        *,
        candidacy: Candidacy,
        **kwargs: Any,
    ) -> None:
        self.candidacy = candidacy
        super().__init__(data, files, **kwargs)  # type: ignore[arg-type]  # plain dicts of files: see the docstring

    def full_clean(self) -> None:
        """A date the rulebook holds no rule for (before its first version) is the user's error, said as such."""
        try:
            super().full_clean()
        except RuleNotInForce as exc:
            self.add_error(None, str(exc))


class EvidenceForm(CandidacyForm):
    """Base class. Subclasses set ``event_date_field`` and ``DOCUMENTS``."""

    event_date_field: ClassVar[str] = ""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @property
    def DOCUMENTS(self) -> Mapping[str, str]:  # noqa: N802 - a subclass sets it as a class attribute or a property
        """Prefix -> form code of the documents the submission may carry."""
        return {}

    def event_date(self) -> datetime.date:
        """The legal date of the event this evidence records (after ``is_valid()``)."""
        return self.cleaned_data[self.event_date_field]

    def transition_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for the model transition besides ``on``."""
        return {}

    def documents(self) -> list[dict[str, Any]]:
        """``Document`` fields for each document given in the submission (those with a date)."""
        data = self.cleaned_data
        rows = []
        for prefix, form_code in self.DOCUMENTS.items():
            issued_on = data.get(f"{prefix}_date")
            if issued_on is None:
                continue
            rows.append(
                {
                    "form_code": form_code,
                    "number": data.get(f"{prefix}_number") or "",
                    "issued_on": issued_on,
                    "signer": data.get(f"{prefix}_signer") or "",
                    "file": data.get(f"{prefix}_file"),
                }
            )
        return rows

    def summary(self) -> dict[str, Any]:
        """The cleaned data as JSON for ``TransitionLog.evidence`` (files by name only)."""
        return {name: _jsonable(value) for name, value in self.cleaned_data.items() if value not in (None, "")}

    def _rule_errors(self, field: str, guard: Guard) -> None:
        """Attach to ``field`` the reasons a date guard of ``workflows.rules`` gives for its value, so
        that a rule about dates is stated once and the form says it next to the field."""
        day = self.cleaned_data.get(field)
        if day:
            for reason in guard(self.candidacy, RuleReader(day)):
                self.add_error(field, reason)

    def _not_before(self, field: str, earliest: datetime.date | None, message: str | StrPromise) -> None:
        value = self.cleaned_data.get(field)
        if value and earliest and value < earliest:
            self.add_error(field, message % {"date": _short(earliest)})


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, File):  # an upload, or a scan kept between the form and its confirmation
        # Only that a scan came: the sender's file name may hold a person's name ("CCCD Nguyen Van A.pdf"),
        # and the audit row keeps no copy of it; the Document row (in ``evidence["documents"]``) has the scan.
        return True
    if isinstance(value, Model):
        return value.pk
    return value


# --- Admission ----------------------------------------------------------------------------------------


class SympathiserAddForm(EvidenceForm):
    resolution_date = date_field(_("Date of the cell resolution"))
    resolution_number = number_field(_("Resolution number"), example="12-NQ/CB")
    resolution_file = file_field()
    event_date_field = "resolution_date"
    DOCUMENTS = {"resolution": FormCode.CELL_MINUTES}


class AwarenessClassForm(EvidenceForm):
    certificate_number = number_field(_("Certificate number"), example="35-CN/TTCT")
    certificate_date = date_field(_("Certificate issued on"))
    certificate_signer = signer_field(_("Issued by (political centre)"))
    certificate_file = file_field()
    event_date_field = "certificate_date"
    DOCUMENTS = {"certificate": FormCode.AWARENESS_CERTIFICATE}


class FileOpenForm(EvidenceForm):
    application_date = date_field(_("Application (1-KNĐ) dated"))
    application_file = file_field(_("Application scan"))
    history_date = date_field(_("Personal history (2-KNĐ) dated"))
    history_file = file_field(_("Personal history scan"))
    event_date_field = "history_date"
    DOCUMENTS = {"application": FormCode.APPLICATION, "history": FormCode.PERSONAL_HISTORY}


class HistoryVerifyForm(EvidenceForm):
    verification_number = number_field(_("Conclusion number"), example="08-KL/ĐU")
    verification_date = date_field(_("Verification concluded on"))
    verification_signer = signer_field()
    verification_file = file_field()
    event_date_field = "verification_date"
    DOCUMENTS = {"verification": FormCode.VERIFICATION}

    def clean(self) -> dict[str, Any]:
        super().clean()
        self._not_before(
            "verification_date",
            self._history_date(),
            _("The verification cannot precede the personal history of %(date)s."),
        )
        return self.cleaned_data

    def _history_date(self) -> datetime.date | None:
        return (
            self.candidacy.documents.filter(form_code=FormCode.PERSONAL_HISTORY)
            .order_by("-issued_on").values_list("issued_on", flat=True).first()
        )  # fmt: skip


class IntroductionForm(EvidenceForm):
    introduction_date = date_field(_("Introduction letters (3-KNĐ) dated"))
    introduction_file = file_field(_("Introduction letters scan"))
    organisation_resolution_number = number_field(_("Youth Union / trade-union resolution number"), example="05-NQ/ĐTN")
    organisation_resolution_date = date_field(_("Youth Union / trade-union resolution dated"), required=False)
    organisation_resolution_file = file_field(_("Resolution scan"))
    comments_date = date_field(_("Summary of comments (5-KNĐ) dated"))
    comments_file = file_field(_("Summary of comments scan"))
    event_date_field = "comments_date"

    @property
    def DOCUMENTS(self) -> dict[str, str]:  # noqa: N802 - the base class's name
        documents: dict[str, str] = {"introduction": FormCode.INTRODUCTION, "comments": FormCode.COMMENTS_SUMMARY}
        organisation = self._organisation()
        if organisation == OrganisationIntroduction.TRADE_UNION:
            documents["organisation_resolution"] = FormCode.TRADE_UNION_RESOLUTION
        elif organisation == OrganisationIntroduction.YOUTH_UNION:
            documents["organisation_resolution"] = FormCode.YOUTH_UNION_RESOLUTION
        return documents

    def _organisation(self) -> str:
        return (
            self.candidacy.mentorships.filter(kind=MentorKind.INTRODUCER, ended_on__isnull=True)
            .exclude(organisation_introduction="").values_list("organisation_introduction", flat=True).first()
            or ""
        )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        super().clean()
        if self.cleaned_data.get("organisation_resolution_date") and not self._organisation():
            self.add_error(
                "organisation_resolution_date",
                _("No introducer is recorded as introducing together with the Youth Union or trade union."),
            )
        return self.cleaned_data


class VoteForm(EvidenceForm):
    """A vote: the ballots, and the resolution issued when it passes."""

    body: ClassVar[str] = VoteBody.CELL
    phase: ClassVar[str] = Phase.ADMISSION
    resolution_code: ClassVar[str] = FormCode.CELL_RESOLUTION

    meeting_date = date_field(_("Meeting date"))
    eligible = forms.IntegerField(
        label=_("Members entitled to vote"), min_value=0, required=False,
        help_text=_("Leave empty to use the official members on the roll on the meeting date."),
    )  # fmt: skip
    eligible_override_reason = forms.CharField(
        label=_("Why this differs from the roll"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    present = forms.IntegerField(label=_("Members present"), min_value=0)
    in_favour = forms.IntegerField(label=_("In favour"), min_value=0)
    against = forms.IntegerField(label=_("Against"), min_value=0)
    method = forms.ChoiceField(label=_("Voting method"), choices=VoteMethod.choices)
    resolution_number = number_field(_("Resolution number (when passed)"), example="12-NQ/CB")
    resolution_file = file_field(_("Resolution or minutes scan"))
    event_date_field = "meeting_date"

    def eligible_on_roll(self) -> int | None:
        """Members entitled to vote according to the roll; None for committees (not on the roll)."""
        if self.body != VoteBody.CELL or not self.cleaned_data.get("meeting_date"):
            return None
        from workflows.selectors import official_members_on

        return official_members_on(cell=self.candidacy.cell, on=self.cleaned_data["meeting_date"])

    def earliest_meeting(self) -> datetime.date | None:
        return None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        roll = self.eligible_on_roll()
        if data.get("eligible") is None:
            if roll is None:
                self.add_error("eligible", _("Enter the number of committee members entitled to vote."))
                return data
            data["eligible"] = roll
        elif roll is not None and data["eligible"] != roll and not data.get("eligible_override_reason"):
            self.add_error(
                "eligible_override_reason",
                _("The roll shows %(count)s official members on the meeting date; explain the difference.")
                % {"count": roll},
            )
        data["eligible_on_roll"] = roll
        self._not_before(
            "meeting_date", self.earliest_meeting(), _("The meeting cannot precede the resolution of %(date)s.")
        )
        if all(data.get(name) is not None for name in ("in_favour", "against", "present", "eligible")):
            for reason in vote_count_reasons(
                in_favour=data["in_favour"], against=data["against"], present=data["present"], eligible=data["eligible"]
            ):
                self.add_error(None, reason)
        return data

    def documents(self) -> list[dict[str, Any]]:
        # The resolution exists only when the vote passes; the service adds it then.
        return []

    def resolution_document(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "form_code": self.resolution_code,
            "number": data.get("resolution_number") or "",
            "issued_on": data["meeting_date"],
            "signer": "",
            "file": data.get("resolution_file"),
        }


class CellVoteForm(VoteForm):
    pass


class PartialAppraiseForm(EvidenceForm):
    report_number = number_field(_("Report number"), example="07-BC/ĐUBP")
    report_date = date_field(_("Report (7-KNĐ) dated"))
    report_signer = signer_field()
    report_file = file_field()
    event_date_field = "report_date"
    DOCUMENTS = {"report": FormCode.PARTIAL_REPORT}

    def clean(self) -> dict[str, Any]:
        super().clean()
        self._not_before(
            "report_date",
            self.candidacy.cell_resolution_date,
            _("The report cannot precede the cell resolution of %(date)s."),
        )
        return self.cleaned_data


class GrassrootsVoteForm(VoteForm):
    body = VoteBody.GRASSROOTS
    resolution_code = FormCode.GRASSROOTS_RESOLUTION

    def earliest_meeting(self) -> datetime.date | None:
        return self.candidacy.cell_resolution_date


class DelegatedAdmissionVoteForm(VoteForm):
    """The vote of a grassroots committee delegated to decide admission, against its own ratio (A10b, 3.3)."""

    body = VoteBody.COMPETENT
    resolution_code = FormCode.GRASSROOTS_RESOLUTION

    def earliest_meeting(self) -> datetime.date | None:
        return self.candidacy.cell_resolution_date


class DecisionForm(EvidenceForm):
    """A decision of the competent committee: number, date, signer, scan."""

    decision_code: ClassVar[str] = FormCode.ADMISSION_DECISION

    decision_number = number_field(_("Decision number"), required=True)
    decision_date = date_field(_("Decision dated"))
    decision_signer = signer_field()
    decision_file = file_field(_("Decision scan"))
    event_date_field = "decision_date"

    @property
    def DOCUMENTS(self) -> dict[str, str]:  # noqa: N802 - the base class's name
        return {"decision": self.decision_code}

    def clean(self) -> dict[str, Any]:
        super().clean()
        self._rule_errors("decision_date", decision_date_reasons)
        return self.cleaned_data


class AdmissionDecisionForm(DecisionForm):
    received_on = date_field(_("Decision received by the cell on"), required=False)
    consent_number = number_field(
        _("Provincial consent number (over 60, literate only, readmission)"), example="215-CV/TU"
    )
    consent_date = date_field(_("Provincial consent dated"), required=False)
    consent_file = file_field(_("Consent scan"))

    @property
    def DOCUMENTS(self) -> dict[str, str]:  # noqa: N802
        return {"decision": FormCode.ADMISSION_DECISION, "consent": FormCode.PROVINCIAL_CONSENT}

    def clean(self) -> dict[str, Any]:
        super().clean()
        for reason in decision_received_reasons(
            received_on=self.cleaned_data.get("received_on"), decided_on=self.cleaned_data.get("decision_date")
        ):
            self.add_error("received_on", reason)
        decided = self.cleaned_data.get("decision_date")
        consent = self.cleaned_data.get("consent_date")
        if decided and consent and consent > decided:
            self.add_error("consent_date", _("The consent must come before the decision."))
        return self.cleaned_data

    def transition_kwargs(self) -> dict[str, Any]:
        return {"number": self.cleaned_data["decision_number"], "received_on": self.cleaned_data.get("received_on")}


class ExitForm(EvidenceForm):
    """Leaving the procedure: the date, the reason, and the document if there is one."""

    exit_code: ClassVar[str] = FormCode.OTHER

    exit_date = date_field(_("Date"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    exit_number = number_field(_("Document number"))
    exit_file = file_field(_("Document scan"))
    event_date_field = "exit_date"

    def documents(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        if not (data.get("exit_number") or data.get("exit_file")):
            return []
        return [{"form_code": self.exit_code, "number": data.get("exit_number") or "", "issued_on": data["exit_date"],
                 "signer": "", "file": data.get("exit_file")}]  # fmt: skip

    def transition_kwargs(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data["reason"]}


class CellRejectForm(ExitForm):
    exit_code = FormCode.CELL_MINUTES


class WithdrawForm(ExitForm):
    pass


class GrassrootsRejectForm(ExitForm):
    exit_code = FormCode.GRASSROOTS_RESOLUTION


class CompetentRejectForm(ExitForm):
    pass


class EscalationRevoteForm(EvidenceForm):
    """The superior committee's decision on a failed vote reported upward (2A): the cell votes again."""

    decision_number = number_field(_("Decision or notice number"), example="45-TB/ĐU")
    decision_date = date_field(_("Decided on"))
    decision_file = file_field(_("Decision scan"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    event_date_field = "decision_date"

    def clean(self) -> dict[str, Any]:
        super().clean()
        self._rule_errors("decision_date", decision_date_reasons)
        return self.cleaned_data

    def documents(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        if not (data.get("decision_number") or data.get("decision_file")):
            return []
        return [{"form_code": FormCode.OTHER, "number": data.get("decision_number") or "",
                 "issued_on": data["decision_date"], "signer": "", "file": data.get("decision_file")}]  # fmt: skip


class EscalationPauseForm(EscalationRevoteForm):
    """The superior committee pauses the admission: the cell may vote again from ``paused_until``."""

    # A day to come: not ``date_field``, which refuses the future.
    paused_until = forms.DateField(label=_("Paused until"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        super().clean()
        self._not_before_strictly("paused_until", self.cleaned_data.get("decision_date"))
        return self.cleaned_data

    def _not_before_strictly(self, field: str, decided: datetime.date | None) -> None:
        until = self.cleaned_data.get(field)
        if until and decided and until <= decided:
            self.add_error(field, _("The pause ends after the decision of %(date)s.") % {"date": _short(decided)})

    def transition_kwargs(self) -> dict[str, Any]:
        return {"until": self.cleaned_data["paused_until"]}


# --- Probation and recognition ------------------------------------------------------------------------


class CeremonyForm(EvidenceForm):
    ceremony_date = date_field(_("Ceremony held on"))
    received_on = date_field(_("Decision received by the cell on"), required=False)
    record_file = file_field(_("Ceremony record scan"))
    late_reason = forms.CharField(
        label=_("Reason for holding it after the deadline"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Needed when the ceremony is held after its deadline; the superior committee approves a longer delay."
        ),
    )  # fmt: skip
    approval_number = number_field(_("Superior committee's approval number (late ceremony)"), example="52-CV/ĐU")
    approval_date = date_field(_("Superior committee's approval dated"), required=False)
    approval_file = file_field(_("Approval scan"))
    event_date_field = "ceremony_date"

    def __init__(self, data: Any = None, files: Any = None, *, candidacy: Candidacy, **kwargs: Any) -> None:
        super().__init__(data, files, candidacy=candidacy, **kwargs)
        if candidacy.decision_received_on is not None:
            # Recorded with the decision already: do not ask twice (a wrong date is corrected, not retyped).
            del self.fields["received_on"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        for reason in decision_received_reasons(
            received_on=self.cleaned_data.get("received_on"), decided_on=self.candidacy.admission_decision_date
        ):
            self.add_error("received_on", reason)
        self._rule_errors("ceremony_date", ceremony_date_reasons)
        return self.cleaned_data

    def documents(self) -> list[dict[str, Any]]:
        # The reason for a late ceremony is written on its record (A13); the superior's approval is a document.
        data = self.cleaned_data
        rows = [{"form_code": FormCode.CEREMONY_RECORD, "number": "", "issued_on": data["ceremony_date"],
                 "signer": "", "file": data.get("record_file"), "note": data.get("late_reason") or ""}]  # fmt: skip
        if data.get("approval_date"):
            rows.append({"form_code": FormCode.SUPERIOR_APPROVAL, "number": data.get("approval_number") or "",
                         "issued_on": data["approval_date"], "signer": "",
                         "file": data.get("approval_file")})  # fmt: skip
        return rows

    def transition_kwargs(self) -> dict[str, Any]:
        return {"received_on": self.cleaned_data.get("received_on")}


class RecognitionVoteForm(VoteForm):
    phase = Phase.RECOGNITION
    resolution_code = FormCode.CELL_RECOGNITION_RESOLUTION


class RecognitionReviewForm(VoteForm):
    body = VoteBody.GRASSROOTS
    phase = Phase.RECOGNITION
    resolution_code = FormCode.GRASSROOTS_RECOGNITION_RESOLUTION

    def earliest_meeting(self) -> datetime.date | None:
        return self.candidacy.recognition_vote_date


class DelegatedRecognitionVoteForm(VoteForm):
    """The vote of a grassroots committee delegated to decide recognition, against its own ratio."""

    body = VoteBody.COMPETENT
    phase = Phase.RECOGNITION
    resolution_code = FormCode.GRASSROOTS_RECOGNITION_RESOLUTION

    def earliest_meeting(self) -> datetime.date | None:
        return self.candidacy.recognition_vote_date


class RecognitionDecisionForm(DecisionForm):
    decision_code = FormCode.RECOGNITION_DECISION


class ReasonedDecisionForm(DecisionForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        # A removal or annulment answers no particular resolution: only "not in the future" applies.
        forms.Form.clean(self)
        return self.cleaned_data

    def transition_kwargs(self) -> dict[str, Any]:
        return {"reason": self.cleaned_data["reason"]}


class ProbationRemoveForm(ReasonedDecisionForm):
    decision_code = FormCode.REMOVAL_DECISION


class AdmissionAnnulForm(ReasonedDecisionForm):
    decision_code = FormCode.ANNULMENT_DECISION


# --- Forms for the services that are not transitions ----------------------------------------------------


class MentorAssignForm(CandidacyForm):
    """Assign an official member as helper, introducer or probation helper (``mentor_assign``)."""

    mentor = forms.ModelChoiceField(
        label=_("Party member"), queryset=Person.objects.filter(membership__status="official")
    )
    kind = forms.ChoiceField(label=_("Role"), choices=MentorKind.choices)
    assigned_on = date_field(_("Assigned on"))
    months_together = forms.IntegerField(
        label=_("Months worked, studied or lived together"), min_value=0, required=False
    )
    together_by = forms.ChoiceField(
        label=_("Known the applicant by"), choices=TogetherBy.choices, required=False,
        help_text=_("Living in the same place counts only where the rulebook in force says so (from 24-QĐ/TW)."),
    )  # fmt: skip
    is_replacement = forms.BooleanField(label=_("Replaces an introducer who cannot follow up"), required=False)
    replaces = forms.ModelChoiceField(
        label=_("Replaces the introducer"), queryset=Mentorship.objects.none(), required=False,
        help_text=_("An introducer of this file whose assignment has ended, with its reason: the replacement is "
                    "then exempt from the months together."),
    )  # fmt: skip
    organisation_introduction = forms.ChoiceField(
        label=_("Introduced together with"), choices=OrganisationIntroduction.choices, required=False
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        replaces = self.fields["replaces"]
        assert isinstance(replaces, forms.ModelChoiceField)  # as declared
        if self.candidacy.pk is not None:
            replaces.queryset = self.candidacy.mentorships.filter(kind=MentorKind.INTRODUCER).select_related("mentor")

    def clean(self) -> dict[str, Any]:
        super().clean()
        if self.cleaned_data.get("replaces") is not None:
            self.cleaned_data["is_replacement"] = True
        self.cleaned_data["together_by"] = self.cleaned_data.get("together_by") or TogetherBy.WORK
        return self.cleaned_data


def document_kind_choices() -> list[tuple[str, str]]:
    """The forms of the document catalogue in use, in its order (read when the form is built)."""
    from workflows.catalogue import DocumentKind

    return [(kind.code, f"{kind.code} · {kind.label}" if kind.code not in kind.label else kind.label)
            for kind in DocumentKind.objects.filter(is_active=True)]  # fmt: skip


class DocumentAddForm(CandidacyForm):
    """Add a document to the file without changing the stage (``document_add``)."""

    form_code = forms.ChoiceField(label=_("Form"), choices=document_kind_choices)
    number = number_field()
    issued_on = date_field(_("Issued on"))
    signer = signer_field()
    file = file_field()
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MentorEndForm(CandidacyForm):
    """End a helper's or introducer's assignment (``mentor_end``): when, and why; or void one that was
    entered by mistake, so that it never counted."""

    by_mistake = forms.BooleanField(
        label=_("Entered by mistake: it never counted"), required=False,
        help_text=_("Tick this for a wrong entry (wrong person, wrong months). Otherwise give the day it ended."),
    )  # fmt: skip
    ended_on = date_field(_("Ended on"), required=False)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: moved to another unit; entered with the wrong months."),
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        super().clean()
        if not self.cleaned_data.get("by_mistake") and not self.cleaned_data.get("ended_on") and not self.errors:
            self.add_error("ended_on", _("Give the day the assignment ended, or tick “entered by mistake”."))
        return self.cleaned_data


class DeadlineExtendForm(CandidacyForm):
    reason = forms.CharField(label=_("Reason for the extension"), widget=forms.Textarea(attrs={"rows": 3}))


class StepReverseForm(CandidacyForm):
    """Reverse a step that should not have happened (``step_reverse``): why. The date is the day it is recorded."""

    reason = forms.CharField(
        label=_("Why the step is reversed"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the vote was recorded on the wrong person's file."),
    )  # fmt: skip


class StepCorrectionReasonForm(forms.Form):
    """The reason a correction asks for, besides the corrected values (the step's own evidence form)."""

    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the correction, with your name and the time."),
    )  # fmt: skip


class _NormalisedCharField(forms.CharField):
    """Text normalised before it is validated: a full-width digit or a zero-width space is no error."""

    def __init__(self, normalise: Callable[[str], str], **kwargs: Any) -> None:
        self.normalise = normalise
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return self.normalise(super().to_python(value) or "")


class PartyCardIssueForm(forms.Form):
    """The party card issued to an official member (``party_card_issue``): the number as printed, the
    card's date and the decision that issued it. The card's rules (after recognition, a number no one
    else holds) are the service's."""

    card_number = _NormalisedCharField(
        normalise_card_number, label=_("Party card number"), max_length=64, help_text=_("As printed on the card.")
    )
    issued_on = date_field(_("Card issued on"))
    decision_number = _NormalisedCharField(
        normalise_text, label=_("Card-issue decision number"), max_length=64, validators=[document_number_validator],
        help_text=format_lazy(_('As printed, e.g. "{example}".'), example="1024-QĐ/ĐU"),
    )  # fmt: skip
    decision_date = date_field(_("Card-issue decision dated"))
