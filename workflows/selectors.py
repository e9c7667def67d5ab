"""Reads of candidacies. Every page, export and API endpoint starts from ``candidacies_visible_to``."""

import dataclasses
import datetime

from django import forms
from django.db.models import Q, QuerySet

from partycell.accounts.models import User
from partycell.organisations.models import Unit
from partycell.people.models import Membership
from partycell.selectors import scope_q
from workflows.models import Candidacy


def candidacies_visible_to(user: User, *, editing: bool = False) -> QuerySet[Candidacy]:
    return Candidacy.objects.filter(scope_q(user, field="cell__", editing=editing))


def official_members_on(*, cell: Unit, on: datetime.date) -> int:
    """Members of ``cell`` entitled to vote on ``on``: its official members (probationary ones too
    when the rule ``vote.probationary_members_vote`` says so). Members who left before ``on`` do not count.
    """
    from partycell.rulebook.selectors import rule_value

    current = Q(left_on__isnull=True) | Q(left_on__gt=on)
    entitled = Q(recognition_date__lte=on)
    if rule_value("vote.probationary_members_vote", on=on):
        entitled |= Q(admission_decision_date__lte=on)
    return Membership.objects.filter(current & entitled, cell=cell).count()


@dataclasses.dataclass(frozen=True)
class ActionAvailability:
    """One transition from the candidacy's current stage, and whether ``user`` may take it now."""

    name: str
    label: str
    allowed: bool
    reasons: list[str]
    form_class: type[forms.Form]
    irreversible: bool


def available_actions(*, user: User, candidacy: Candidacy) -> list[ActionAvailability]:
    """Every transition that applies from the current stage, with the reasons it is blocked today.

    Transitions that do not belong to this case's path (no partial committee, the grassroots
    committee decides itself ...) are left out. Reasons come first from the permission, then from
    the guards, judged on today's date; a blocked action can still be shown, disabled, with them.
    """
    from workflows import permissions, rules
    from workflows.evidence import EVIDENCE_FORMS

    order = {name: index for index, name in enumerate(EVIDENCE_FORMS)}
    transitions = sorted(
        Candidacy._meta.get_field("stage").get_all_transitions(Candidacy),
        key=lambda transition: (transition.custom["irreversible"], order[transition.name]),
    )
    result = []
    for transition in transitions:
        if transition.source != candidacy.stage or not rules.applies(transition.name, candidacy):
            continue
        reasons = permissions.reasons(transition.name, user=user, candidacy=candidacy)
        reasons += rules.blocking_reasons(transition.name, candidacy)
        result.append(
            ActionAvailability(
                name=transition.name,
                label=str(transition.custom["label"]),
                allowed=not reasons,
                reasons=reasons,
                form_class=EVIDENCE_FORMS[transition.name],
                irreversible=transition.custom["irreversible"],
            )
        )
    return result
