"""Reads of candidacies. Every page, export and API endpoint starts from ``candidacies_visible_to``."""

from django.db.models import QuerySet

from partycell.accounts.models import User
from partycell.selectors import scope_q
from workflows.models import Candidacy


def candidacies_visible_to(user: User, *, editing: bool = False) -> QuerySet[Candidacy]:
    return Candidacy.objects.filter(scope_q(user, field="cell__", editing=editing))
