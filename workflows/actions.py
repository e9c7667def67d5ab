"""Each action on a candidacy, declared once.

A declaration (``ActionSpec``) carries everything the interfaces and the services need to know
about one action: its label (the ``Action`` enum member), its evidence form, who may take it
(a permission predicate of ``workflows.permissions``), whom the case waits on for it (the to-do
page), its guards (``workflows.rules``), whether it belongs to this case's path through the tree,
its effect on the membership roll, and whether it keeps the stage or closes the file.

The graph itself (which stages an action leaves from and goes to) is declared once too, by the
transitions of ``Candidacy.stage``; ``sources(action)`` reads it from there. ``spec(name)`` raises
``UnknownAction`` for a name that is not declared: a misspelt action never silently loses a check.

``workflows.gate`` is the one function that combines these into "may do it now".
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from partycell.organisations.authority import Body, NoCompetentCommittee
from workflows import amendments, deadlines, evidence, permissions, roll, rules
from workflows.catalogue import documents_required_for
from workflows.enums import Action
from workflows.exceptions import UnknownAction

if TYPE_CHECKING:
    from django.db.models import Q

    from partycell.organisations.models import Unit
    from workflows.models import Candidacy, TransitionLog

RollEffect = Callable[["Candidacy", datetime.date], None]


@dataclasses.dataclass(frozen=True)
class ActionSpec:
    action: Action
    permission: permissions.Check
    evidence_form: type[evidence.CandidacyForm] | None = None
    # Whom the case waits on for this step (the to-do page); by default whoever may take it.
    awaits: permissions.Check | None = None
    guards: tuple[rules.Guard, ...] = ()
    applies: rules.Applies = rules.always_applies
    roll_effect: RollEffect | None = None
    keeps_stage: bool = False
    # Closes the file (withdrawal, refusal, removal): never a step a case "waits" for.
    irreversible: bool = False
    # Keep-stage actions normally need an open case; a document may be filed on a closed one.
    on_closed: bool = False
    # The cases ready for this step, as a filter, where a guard only time lifts (the to-do page).
    ready: Callable[[datetime.date], Q] | None = None
    # For a keep-stage action: why it is not possible on this case now (e.g. a deadline already extended).
    unavailable: Callable[[Candidacy, datetime.date], list[str]] | None = None
    # An amendment of a recorded entry (a correction, a reversal): why that entry cannot be amended
    # this way (``workflows.amendments``). Whoever may take the amended step may amend it, besides the
    # amendment's own ``permission`` (the deciding committee above); ``gate.amendment_refusals`` asks.
    amends: Callable[[TransitionLog, ActionSpec | None, datetime.date], list[str]] | None = None
    # A decision: whose (``organisations.authority.Body``) on the case's review path on the event date.
    # Its unit is stored on the audit entry (``TransitionLog.deciding_unit``) and kept after mergers.
    decided_by: str | None = None

    @property
    def name(self) -> str:
        return self.action.value

    @property
    def label(self) -> str:
        return str(self.action.label)

    @property
    def awaited_by(self) -> permissions.Check:
        return self.awaits or self.permission

    @property
    def is_forward(self) -> bool:
        """A step the procedure moves forward by (not an exit, not a keep-stage correction)."""
        return not self.keeps_stage and not self.irreversible and self.amends is None


A = Action
P = permissions
R = rules
E = evidence

_ADMISSION_GUARDS = (
    R.not_in_future_reasons, R.paused_reasons, R.age_reasons, R.education_reasons, documents_required_for(A.CELL_VOTE),
    R.introducer_reasons, R.mentor_reasons, R.readmission_reasons,
)  # fmt: skip
_RECOGNITION_VOTE_GUARDS = (
    R.not_in_future_reasons, R.probation_elapsed_reasons, documents_required_for(A.RECOGNITION_VOTE),
    R.probation_helper_reasons, R.mentor_reasons,
)  # fmt: skip

DECLARATIONS: tuple[ActionSpec, ...] = (
    # Admission (domain.md 1A): the file is built by the cell, or by committee staff on its behalf.
    ActionSpec(A.SYMPATHISER_ADD, P.FILE_STEP, E.SympathiserAddForm, awaits=P.CELL_STEP),
    ActionSpec(A.AWARENESS_CLASS_RECORD, P.FILE_STEP, E.AwarenessClassForm, awaits=P.CELL_STEP),
    ActionSpec(A.FILE_OPEN, P.FILE_STEP, E.FileOpenForm, awaits=P.CELL_STEP),
    ActionSpec(A.HISTORY_VERIFY, P.GRASSROOTS_STEP, E.HistoryVerifyForm),
    ActionSpec(A.INTRODUCTION_RECORD, P.FILE_STEP, E.IntroductionForm, awaits=P.CELL_STEP,
               guards=(R.introducer_reasons,)),
    ActionSpec(A.CELL_VOTE, P.CELL_STEP, E.CellVoteForm, guards=_ADMISSION_GUARDS, ready=R.not_paused_q,
               decided_by=Body.CELL),
    ActionSpec(A.PARTIAL_APPRAISE, P.PARTIAL_STEP, E.PartialAppraiseForm, applies=R.partial_appraisal_applies,
               decided_by=Body.PARTIAL),
    ActionSpec(A.GRASSROOTS_VOTE, P.GRASSROOTS_STEP, E.GrassrootsVoteForm, applies=R.grassroots_vote_applies,
               decided_by=Body.GRASSROOTS),
    # A grassroots committee delegated to decide votes itself first, against its own ratio (A10b, 3.3).
    ActionSpec(A.DELEGATED_ADMISSION_VOTE, P.DECISION, E.DelegatedAdmissionVoteForm,
               guards=(R.not_in_future_reasons,), applies=R.delegated_admission_vote_applies,
               decided_by=Body.COMPETENT),
    ActionSpec(A.ADMISSION_DECIDE, P.DECISION, E.AdmissionDecisionForm,
               guards=(R.decision_date_reasons, R.consent_reasons, documents_required_for(A.ADMISSION_DECIDE)),
               applies=R.admission_decision_applies,
               roll_effect=roll.roll_admit, decided_by=Body.COMPETENT),
    ActionSpec(A.COMPETENT_REJECT, P.DECISION, E.CompetentRejectForm, applies=R.admission_refusal_applies,
               irreversible=True, decided_by=Body.COMPETENT),
    ActionSpec(A.GRASSROOTS_REJECT, P.GRASSROOTS_STEP, E.GrassrootsRejectForm, applies=R.grassroots_vote_applies,
               irreversible=True, decided_by=Body.GRASSROOTS),
    ActionSpec(A.CELL_REJECT, P.CELL_STEP, E.CellRejectForm, irreversible=True, decided_by=Body.CELL),
    ActionSpec(A.WITHDRAW, P.CELL_STEP, E.WithdrawForm, applies=R.in_admission_phase, irreversible=True),
    # A failed admission vote reported upward (A9, 2A): the superior committee lets the cell vote again or
    # pauses the admission; to drop it, it refuses admission (competent_reject).
    ActionSpec(A.ESCALATION_REVOTE, P.DECISION, E.EscalationRevoteForm, guards=(R.decision_date_reasons,),
               applies=R.escalated_in_admission, decided_by=Body.COMPETENT),
    ActionSpec(A.ESCALATION_PAUSE, P.DECISION, E.EscalationPauseForm, guards=(R.decision_date_reasons,),
               applies=R.escalated_in_admission, decided_by=Body.COMPETENT),
    # Probation and recognition (domain.md 1B).
    ActionSpec(A.CEREMONY_HOLD, P.CELL_STEP, E.CeremonyForm,
               guards=(R.ceremony_date_reasons, R.ceremony_lateness_reasons), roll_effect=roll.roll_ceremony),
    ActionSpec(A.RECOGNITION_VOTE, P.CELL_STEP, E.RecognitionVoteForm, guards=_RECOGNITION_VOTE_GUARDS,
               ready=R.probation_elapsed_q, decided_by=Body.CELL),
    ActionSpec(A.RECOGNITION_REVIEW, P.GRASSROOTS_STEP, E.RecognitionReviewForm,
               applies=R.recognition_review_applies, decided_by=Body.GRASSROOTS),
    ActionSpec(A.DELEGATED_RECOGNITION_VOTE, P.DECISION, E.DelegatedRecognitionVoteForm,
               guards=(R.not_in_future_reasons,), applies=R.delegated_recognition_vote_applies,
               decided_by=Body.COMPETENT),
    ActionSpec(A.RECOGNITION_DECIDE, P.DECISION, E.RecognitionDecisionForm, guards=(R.decision_date_reasons,),
               applies=R.recognition_decision_applies, roll_effect=roll.roll_recognise, decided_by=Body.COMPETENT),
    ActionSpec(A.PROBATION_REMOVE, P.DECISION, E.ProbationRemoveForm, guards=(R.removal_resolution_reasons,),
               applies=R.in_recognition_phase, roll_effect=roll.roll_remove, irreversible=True,
               decided_by=Body.COMPETENT),
    ActionSpec(A.ADMISSION_ANNUL, P.DECISION, E.AdmissionAnnulForm, applies=R.in_recognition_phase,
               roll_effect=roll.roll_remove, irreversible=True, decided_by=Body.COMPETENT),
    # Actions that keep the stage.
    ActionSpec(A.CANDIDACY_CREATE, P.FILE_STEP, keeps_stage=True),
    ActionSpec(A.MENTOR_ASSIGN, P.FILE_STEP, E.MentorAssignForm, keeps_stage=True),
    ActionSpec(A.MENTOR_END, P.FILE_STEP, E.MentorEndForm, keeps_stage=True),
    ActionSpec(A.DOCUMENT_ADD, P.RECORD_EVIDENCE, E.DocumentAddForm, keeps_stage=True, on_closed=True),
    ActionSpec(A.EDUCATION_EXCEPTION_SET, P.FILE_STEP, keeps_stage=True),
    ActionSpec(A.CANDIDACY_TRANSFER, P.TRANSFER, keeps_stage=True),
    ActionSpec(A.DEADLINE_EXTEND, P.DECISION, E.DeadlineExtendForm, keeps_stage=True,
               unavailable=deadlines.extension_refusals, decided_by=Body.COMPETENT),
    # Background verification (domain.md A6): the grassroots organisation's staff, as for its conclusion.
    ActionSpec(A.VERIFICATION_SUBJECT_ADD, P.GRASSROOTS_STEP, keeps_stage=True),
    ActionSpec(A.VERIFICATION_REQUEST_SEND, P.GRASSROOTS_STEP, keeps_stage=True),
    ActionSpec(A.VERIFICATION_REPLY_RECORD, P.GRASSROOTS_STEP, keeps_stage=True),
    # Amendments of a recorded step: the step's own officers, or the deciding committee above.
    ActionSpec(A.STEP_CORRECT, P.DECISION, keeps_stage=True, on_closed=True, amends=amendments.correction_refusals),
    ActionSpec(A.STEP_REVERSE, P.DECISION, E.StepReverseForm, amends=amendments.reversal_refusals),
    # The party card (B13): issued by the committee above the grassroots organisation, by its own decision,
    # to an official member; the roll records it on the member's case, which is closed by then.
    ActionSpec(A.PARTY_CARD_ISSUE, P.DECISION, keeps_stage=True, on_closed=True, unavailable=roll.card_refusals,
               decided_by=Body.COMPETENT),
    # Bringing in what already exists (workflows.imports): the import's own audit rows.
    ActionSpec(A.IMPORT, P.FILE_STEP, keeps_stage=True, on_closed=True),
)  # fmt: skip

_BY_NAME: dict[str, ActionSpec] = {declaration.name: declaration for declaration in DECLARATIONS}


def spec(name: str) -> ActionSpec:
    """The declaration of ``name``; ``UnknownAction`` when there is none."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownAction(name) from None


def deciding_unit(name: str, candidacy: Candidacy, on: datetime.date) -> Unit | None:
    """The unit whose decision an entry of ``name`` on ``on`` records (``ActionSpec.decided_by``), from
    the case's review path on that date; None for an action that records no decision."""
    declaration = _BY_NAME.get(name)
    if declaration is None or declaration.decided_by is None:
        return None
    if declaration.decided_by == Body.CELL:
        return candidacy.cell  # the cell's own resolution: no need to walk the tree
    try:
        return candidacy.review_path(on=on).unit_of(declaration.decided_by)
    except NoCompetentCommittee:
        return None


def transition_specs() -> list[ActionSpec]:
    """The actions that move the stage, in the order of the procedure (happy path first, exits last);
    not the reversal of a recorded step, which is asked of one entry (``gate.amendment_refusals``)."""
    return sorted((d for d in DECLARATIONS if not d.keeps_stage and d.amends is None), key=lambda d: d.irreversible)


@functools.cache
def _sources() -> dict[str, frozenset[str]]:
    from workflows.models import Candidacy

    found: dict[str, set[str]] = {}
    for transition in Candidacy._meta.get_field("stage").get_all_transitions(Candidacy):
        assert isinstance(transition.source, str)  # the states of Candidacy.stage are Stage values
        found.setdefault(transition.name, set()).add(transition.source)
    return {name: frozenset(stages) for name, stages in found.items()}


def sources(name: str) -> frozenset[str]:
    """The stages ``name`` leaves from, as declared by the transition on ``Candidacy.stage``."""
    return _sources().get(spec(name).name, frozenset())
