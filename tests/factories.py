"""factory_boy factories. Shared by every test module: extend by adding classes, never by rewriting."""

import datetime
import importlib
import itertools

import factory
from django.apps import apps as django_apps
from django.contrib.auth.hashers import make_password

from partycell.accounts.models import Role, RoleAssignment, User
from partycell.organisations.models import AuthorityGrant, Unit, UnitKind
from partycell.people.choices import Sex
from partycell.people.models import Membership, MembershipStatus, Person

_unit_numbers = itertools.count(1)
_citizen_ids = itertools.count(1)


def unit_kind(code: str) -> UnitKind:
    """The seeded kind; re-seeded when a transactional test (live server, worker) flushed the table."""
    kind = UnitKind.objects.filter(code=code).first()
    if kind is None:
        seed = importlib.import_module("partycell.organisations.migrations.0002_default_unit_kinds")
        seed.add_kinds(django_apps, None)
        kind = UnitKind.objects.get(code=code)
    return kind


def make_unit(kind_code: str, *, parent: Unit | None = None, name: str | None = None, **fields) -> Unit:
    """Create a unit of a seeded kind, as a root or under ``parent``."""
    number = next(_unit_numbers)
    unit = Unit(
        name=name or f"{unit_kind(kind_code).name} {number}",
        kind=unit_kind(kind_code),
        code=f"U{number:06d}",
        **fields,
    )
    if parent is None:
        return Unit.objects.add_root(instance=unit)
    parent.refresh_from_db()
    return Unit.objects.add_child(parent, instance=unit)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Văn"
    last_name = "Nguyễn"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.LazyFunction(lambda: make_password("matkhau-demo-123"))


def assign_role(user: User, role: str, unit: Unit) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, role=role, unit=unit)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Iterator(["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Quốc Dũng", "Hoàng Thị Hà"])
    date_of_birth = datetime.date(1998, 5, 17)
    sex = Sex.MALE
    citizen_id = factory.LazyFunction(lambda: f"{next(_citizen_ids):012d}")
    unit = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..cell"))
    cell = None
    status = MembershipStatus.OFFICIAL
    admission_decision_date = datetime.date(2015, 3, 2)
    ceremony_date = datetime.date(2015, 3, 20)
    recognition_date = datetime.date(2016, 3, 20)


def make_grant(unit: Unit, kind: str, *, valid_from: datetime.date, valid_to: datetime.date | None = None):
    return AuthorityGrant.objects.create(
        unit=unit, kind=kind, decision_number="01-QĐ/TU", decision_date=valid_from,
        valid_from=valid_from, valid_to=valid_to,
    )


__all__ = ["Role", "make_unit", "assign_role", "UserFactory", "PersonFactory", "MembershipFactory", "make_grant"]


# --- Candidacies, transition log and targets (issue 5) ----------------------------------------------
from partycell.targets.enums import Basis, Dimension, PeriodKind, TargetKind  # noqa: E402
from partycell.targets.models import Period, Target  # noqa: E402
from workflows.enums import Stage  # noqa: E402
from workflows.models import Candidacy, TransitionLog  # noqa: E402


class CandidacyFactory(factory.django.DjangoModelFactory):
    """``stage`` is protected: pass it here, never assign it after the row is loaded."""

    class Meta:
        model = Candidacy

    person = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..cell"))
    cell = None
    stage = Stage.SOURCE


class TransitionLogFactory(factory.django.DjangoModelFactory):
    """An audit row as the workflow services write it; the cell defaults to the candidacy's."""

    class Meta:
        model = TransitionLog

    candidacy = factory.SubFactory(CandidacyFactory)
    action = factory.LazyAttribute(lambda o: o.to_stage)
    from_stage = ""
    to_stage = Stage.ADMISSION_DECIDED
    event_date = datetime.date(2026, 3, 2)
    cell = factory.LazyAttribute(lambda o: o.candidacy.cell)


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period
        django_get_or_create = ("kind", "starts_on", "ends_on")

    kind = PeriodKind.YEAR
    starts_on = datetime.date(2026, 1, 1)
    ends_on = datetime.date(2026, 12, 31)
    name = factory.LazyAttribute(
        lambda o: str(o.starts_on.year) if o.kind == PeriodKind.YEAR else f"{o.starts_on.year}–{o.ends_on.year}"
    )


class TargetFactory(factory.django.DjangoModelFactory):
    """A number-of-people target; use ``partycell.targets.services.target_set`` for percentages."""

    class Meta:
        model = Target

    unit = None
    period = factory.SubFactory(PeriodFactory)
    kind = TargetKind.ADMISSIONS
    dimension = Dimension.TOTAL
    basis = Basis.ABSOLUTE
    number = 10
    amount = factory.SelfAttribute("number")


# --- workflows ----------------------------------------------------------------------------------------
from workflows.enums import FormCode, MentorKind, Stage  # noqa: E402
from workflows.models import Candidacy, Document, Mentorship  # noqa: E402


class CandidacyFactory(factory.django.DjangoModelFactory):
    """A candidacy placed directly at ``stage`` (tests only: real code moves it through services)."""

    class Meta:
        model = Candidacy

    person = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..cell"))
    cell = None
    stage = Stage.SOURCE


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    candidacy = None
    form_code = FormCode.APPLICATION
    issued_on = datetime.date(2026, 1, 5)


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentorship

    candidacy = None
    mentor = factory.LazyAttribute(lambda o: MembershipFactory(cell=o.candidacy.cell).person)
    kind = MentorKind.INTRODUCER
    months_together = 24
    assigned_on = datetime.date(2025, 9, 1)
