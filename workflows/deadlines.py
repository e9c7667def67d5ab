"""Legal deadlines of the current step, stored on the candidacy when it enters a stage (domain.md 1A, 1B).

- background verification: working days from the opening of the file (the personal history's date),
  a configurable default (domain.md A6 names no period);
- admission decision: 60 working days from the cell resolution (+30 by ``deadline_extend``), running
  through the partial and grassroots reviews;
- ceremony: 30 working days from receipt of the decision;
- probation: 12 months from the ceremony (``probation_ends_on``); recognition vote within 30 working
  days after that;
- recognition decision: 30 working days from the cell's recognition resolution (+30).

Every number is read from the rulebook in force on the day the period starts; working days come
from the rulebook calendar (Tết and moved days off included). Each function returns the rule
versions it read, for ``TransitionLog.rules``.
"""

import datetime

from django.utils.translation import gettext as _

from partycell.rulebook.calendar import add_months, add_working_days
from workflows.enums import AWAITING_ADMISSION_DECISION, AWAITING_RECOGNITION_DECISION, Phase, Stage
from workflows.models import Candidacy
from workflows.rules import RuleReader

VERIFICATION = "deadline.verification_working_days"
ADMISSION_DECISION = "deadline.admission_decision_working_days"
ADMISSION_EXTENSION = "deadline.admission_decision_extension_working_days"
CEREMONY = "deadline.ceremony_working_days"
RECOGNITION_VOTE = "deadline.recognition_vote_working_days"
RECOGNITION_DECISION = "deadline.recognition_decision_working_days"
RECOGNITION_EXTENSION = "deadline.recognition_decision_extension_working_days"
PROBATION_MONTHS = "probation.months"

EXTENSION_RULE = {ADMISSION_DECISION: ADMISSION_EXTENSION, RECOGNITION_DECISION: RECOGNITION_EXTENSION}


def _window(candidacy: Candidacy) -> str:
    """The deadline rule that governs the candidacy's current stage, or '' when none runs."""
    stage = candidacy.stage
    if stage == Stage.FILE_OPEN:
        return VERIFICATION
    if stage in AWAITING_ADMISSION_DECISION or (
        stage == Stage.ESCALATED and candidacy.escalated_phase == Phase.ADMISSION
    ):
        return ADMISSION_DECISION
    if stage in AWAITING_RECOGNITION_DECISION or (
        stage == Stage.ESCALATED and candidacy.escalated_phase == Phase.RECOGNITION
    ):
        return RECOGNITION_DECISION
    if stage == Stage.ADMISSION_DECIDED:
        return CEREMONY
    if stage == Stage.PROBATIONARY:
        return RECOGNITION_VOTE
    return ""


def extension_refusals(candidacy: Candidacy, on: datetime.date) -> list[str]:
    """Why this case's deadline cannot be extended now (A11, B10): only a decision deadline, only once."""
    if candidacy.stage_due_rule not in EXTENSION_RULE or candidacy.stage_due_on is None:
        return [_("Only the deadline of an admission or recognition decision can be extended.")]
    if candidacy.deadline_extended:
        return [_("The deadline has already been extended once.")]
    return []


def due_after(start: datetime.date, rule_id: str) -> tuple[datetime.date, dict]:
    """The deadline ``rule_id`` sets for a period starting on ``start`` (the rule in force that day,
    counted in working days), and the rule version read."""
    rules = RuleReader(start)
    return add_working_days(start, rules.integer(rule_id)), rules.used


def extended(due_on: datetime.date, rule_id: str) -> tuple[datetime.date, dict]:
    """``due_on`` moved by the extension of ``rule_id`` (read on ``due_on``); ``KeyError`` if none."""
    rules = RuleReader(due_on)
    return add_working_days(due_on, rules.integer(EXTENSION_RULE[rule_id])), rules.used


def window_due_on(start: datetime.date, rule_id: str, *, is_extended: bool = False) -> datetime.date:
    """The deadline of a window as the workflow stores it: ``due_after``, then ``extended`` if it was."""
    due_on, _used = due_after(start, rule_id)
    return extended(due_on, rule_id)[0] if is_extended else due_on


def _set(candidacy: Candidacy, rule_id: str, start: datetime.date) -> dict:
    candidacy.stage_due_on, used = due_after(start, rule_id)
    candidacy.stage_due_rule = rule_id
    candidacy.deadline_extended = False
    candidacy.deadline_extension_reason = ""
    return used


def stage_deadline_apply(*, candidacy: Candidacy, on: datetime.date) -> dict:
    """Set ``stage_due_on``/``stage_due_rule`` (and ``probation_ends_on``) for the stage just entered.

    A window that keeps running across stages (e.g. the 60 working days through the grassroots
    review) is left as it is, extension included. ``on`` is the date of the event that moved the
    case. Returns the rule versions read.
    """
    rule_id = _window(candidacy)
    if not rule_id:
        candidacy.stage_due_on = None
        candidacy.stage_due_rule = ""
        candidacy.deadline_extended = False
        candidacy.deadline_extension_reason = ""
        return {}
    if rule_id == candidacy.stage_due_rule and candidacy.stage_due_on is not None:
        return {}
    if rule_id == VERIFICATION:
        return _set(candidacy, rule_id, on)
    if rule_id == ADMISSION_DECISION:
        return _set(candidacy, rule_id, candidacy.cell_resolution_date or on)
    if rule_id == CEREMONY:
        return _set(candidacy, rule_id, candidacy.decision_received_on or candidacy.admission_decision_date or on)
    if rule_id == RECOGNITION_VOTE:
        candidacy.probation_ends_on, used = probation_end(candidacy.ceremony_date or on)
        return {**used, **_set(candidacy, rule_id, candidacy.probation_ends_on)}
    return _set(candidacy, rule_id, candidacy.recognition_vote_date or on)


def probation_end(ceremony: datetime.date) -> tuple[datetime.date, dict]:
    """The end of the probation that starts with the ceremony on ``ceremony`` (the months in force that day)."""
    rules = RuleReader(ceremony)
    return add_months(ceremony, rules.integer(PROBATION_MONTHS)), rules.used


def stage_deadline_recompute(*, candidacy: Candidacy, on: datetime.date) -> dict:
    """The current stage's deadline computed again from the candidacy's (corrected) dates, ``on`` being
    the date the stage was entered; a one-time extension already granted is kept. After a correction
    or a reversal (``workflows.amendments``). Returns the rule versions read."""
    was_extended, reason = candidacy.deadline_extended, candidacy.deadline_extension_reason
    candidacy.stage_due_on, candidacy.stage_due_rule = None, ""
    if candidacy.ceremony_date is not None:
        candidacy.probation_ends_on, used = probation_end(candidacy.ceremony_date)
    else:
        candidacy.probation_ends_on, used = None, {}
    used = {**used, **stage_deadline_apply(candidacy=candidacy, on=on)}
    if was_extended and candidacy.stage_due_on is not None and candidacy.stage_due_rule in EXTENSION_RULE:
        candidacy.stage_due_on, extension = extended(candidacy.stage_due_on, candidacy.stage_due_rule)
        candidacy.deadline_extended, candidacy.deadline_extension_reason = True, reason
        used.update(extension)
    return used


def extension_due_on(*, candidacy: Candidacy) -> tuple[datetime.date, dict]:
    """The extended deadline (the current one plus the extension rule's working days) and the rule read.

    Raises ``KeyError`` when the current deadline cannot be extended.
    """
    if candidacy.stage_due_on is None:
        raise KeyError(candidacy.stage_due_rule)
    return extended(candidacy.stage_due_on, candidacy.stage_due_rule)
