"""Choices of the targets app. Dimension *definitions* (which people count) live in selectors."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.enums import Stage


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Calendar year")
    TERM = "term", _("Congress term")


class TargetKind(models.TextChoices):
    ADMISSIONS = "admissions", _("Admissions")
    RECOGNITIONS = "recognitions", _("Recognitions as official member")


# The TransitionLog stage whose event date counts an achievement of each kind.
ACHIEVEMENT_STAGE: dict[str, Stage] = {
    TargetKind.ADMISSIONS: Stage.ADMISSION_DECIDED,
    TargetKind.RECOGNITIONS: Stage.OFFICIAL,
}


class Basis(models.TextChoices):
    ABSOLUTE = "absolute", _("A number of people")
    PERCENT = "percent", _("A percentage of the unit's members")


class Dimension(models.TextChoices):
    TOTAL = "total", _("All")
    WOMEN = "women", _("Women")
    ETHNIC_MINORITY = "ethnic_minority", _("Ethnic minorities")
    YOUTH_UNION = "youth_union", _("Youth Union members")
    AGE_18_30 = "age_18_30", _("Aged 18 to 30 at the decision date")
    RELIGIOUS = "religious", _("Religious followers")
    PRIVATE_FDI = "private_fdi", _("Private or FDI enterprise workers")
    STUDENT = "student", _("Students")
    MILITIA_RESERVE = "militia_reserve", _("Militia or reserve forces")
    RESIDENTIAL_CELL = "residential_cell", _("In residential (village) cells")


SUB_DIMENSIONS = [d for d in Dimension if d != Dimension.TOTAL]


class ChangeAction(models.TextChoices):
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    ALLOCATED = "allocated", _("Allocated from the parent unit")
