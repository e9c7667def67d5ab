"""Domain errors raised by ``workflows.services``. Interfaces turn them into messages or 4xx answers."""

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _


class WorkflowError(Exception):
    """Base class: something the user can fix or must be told about; nothing was changed."""


class ActionNotAllowed(WorkflowError):
    """The user may not take this step now. ``reasons`` are translated sentences for the user.

    ``offered`` is False when the step is not the user's or not on this case's path (it is never
    shown), True when it is blocked by something that can be added or awaited (shown, with reasons).
    """

    def __init__(self, reasons: list[str], *, offered: bool = True) -> None:
        self.reasons = list(reasons)
        self.offered = offered
        super().__init__(" ".join(self.reasons))


class StaleCandidacy(WorkflowError):
    """Someone else changed the candidacy since it was loaded; reload and try again."""

    def __init__(self, message: str | None = None) -> None:
        self.message = message or _("This candidacy was changed by someone else. Reload the page and try again.")
        super().__init__(self.message)


class EvidenceInvalid(WorkflowError):
    """The submitted evidence does not validate. ``errors`` maps field names ("__all__" too) to messages
    (a form's ``errors`` as it is: each message is turned into a string here)."""

    def __init__(self, errors: Mapping[str, Iterable[object]]) -> None:
        self.errors = {field: [str(message) for message in messages] for field, messages in errors.items()}
        super().__init__("; ".join(f"{field}: {' '.join(messages)}" for field, messages in self.errors.items()))


class UnknownAction(KeyError):
    """No action of this name is declared in ``workflows.actions`` (a programming error, or a bad URL)."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(name)
