"""Stages of a candidacy and named groups of them. No other module repeats a list of stages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    # Admission (domain.md 1A)
    SOURCE = "source", _("Source (outstanding non-member)")
    SYMPATHISER = "sympathiser", _("On the sympathiser list")
    CLASS_DONE = "class_done", _("Awareness class completed")
    FILE_OPEN = "file_open", _("Application file opened")
    VERIFIED = "verified", _("Personal history verified")
    INTRODUCED = "introduced", _("Introduced, comments collected")
    CELL_APPROVED = "cell_approved", _("Proposed by the cell")
    PARTIAL_APPRAISED = "partial_appraised", _("Appraised by the partial committee")
    GRASSROOTS_APPROVED = "grassroots_approved", _("Proposed by the grassroots committee")
    ADMISSION_DECIDED = "admission_decided", _("Admission decided")
    # Probation and recognition (domain.md 1B)
    PROBATIONARY = "probationary", _("Probationary member")
    RECOGNITION_PROPOSED = "recognition_proposed", _("Recognition proposed by the cell")
    RECOGNITION_REVIEWED = "recognition_reviewed", _("Recognition reviewed by the grassroots committee")
    OFFICIAL = "official", _("Official member")
    # Escalation after three votes without two thirds (domain.md B12 and 2A)
    ESCALATED = "escalated", _("Referred to the superior committee")
    # Exits (domain.md 2A, 2B)
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REJECTED = "rejected", _("Not admitted")
    REMOVED = "removed", _("Removed from the probationary roll")
    ANNULLED = "annulled", _("Admission decision annulled")


# Before the admission decision.
PRE_ADMISSION = frozenset(
    {
        Stage.SOURCE, Stage.SYMPATHISER, Stage.CLASS_DONE, Stage.FILE_OPEN, Stage.VERIFIED, Stage.INTRODUCED,
        Stage.CELL_APPROVED, Stage.PARTIAL_APPRAISED, Stage.GRASSROOTS_APPROVED,
    }
)  # fmt: skip
# Waiting for a committee above the cell (the 60-working-day window runs).
AWAITING_ADMISSION_DECISION = frozenset({Stage.CELL_APPROVED, Stage.PARTIAL_APPRAISED, Stage.GRASSROOTS_APPROVED})
# The person is a party member (probationary) while in these stages.
PROBATION = frozenset(
    {Stage.ADMISSION_DECIDED, Stage.PROBATIONARY, Stage.RECOGNITION_PROPOSED, Stage.RECOGNITION_REVIEWED}
)
AWAITING_RECOGNITION_DECISION = frozenset({Stage.RECOGNITION_PROPOSED, Stage.RECOGNITION_REVIEWED})
EXITS = frozenset({Stage.WITHDRAWN, Stage.REJECTED, Stage.REMOVED, Stage.ANNULLED})
CLOSED = EXITS | {Stage.OFFICIAL}
OPEN = frozenset(Stage.values) - CLOSED

# The order of the happy path, for funnels and timelines.
FUNNEL_ORDER = [
    Stage.SOURCE, Stage.SYMPATHISER, Stage.CLASS_DONE, Stage.FILE_OPEN, Stage.VERIFIED, Stage.INTRODUCED,
    Stage.CELL_APPROVED, Stage.PARTIAL_APPRAISED, Stage.GRASSROOTS_APPROVED, Stage.ADMISSION_DECIDED,
    Stage.PROBATIONARY, Stage.RECOGNITION_PROPOSED, Stage.RECOGNITION_REVIEWED, Stage.OFFICIAL,
]  # fmt: skip


class Phase(models.TextChoices):
    ADMISSION = "admission", _("Admission")
    RECOGNITION = "recognition", _("Recognition")
