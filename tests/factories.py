"""factory_boy factories: one per model of the project apps, each defined once (tests/test_factories.py
checks it). Every factory called without arguments saves a valid row; its parents (a cell, a person,
a candidacy) are new rows of their own unless you pass them.

Defaults are plain and fixed: a unit is a grassroots cell at the root of its own tree, a person is
born on 17 May 1998, a member was admitted in 2015, a candidacy is at ``source``, events fall in
2026. Extend by adding a class per new model, never by redefining one.

Models with their own way of being saved:

- ``Unit`` is a treebeard node: ``UnitFactory`` adds it as a root, or under ``parent=``.
- ``UnitKind`` and ``ReminderRule`` rows are seeded by migrations; ``unit_kind(code)`` returns a
  seeded kind, and ``ReminderRuleFactory`` sets the one row of its ``kind`` (created if a flush
  removed it) instead of adding a second.
- ``Candidacy.stage`` is protected: pass ``stage=`` to the factory, never assign it afterwards.
- ``TransitionLog``, ``TargetChange``, ``PersonChange`` and the access log are append-only (database
  triggers): create them, never save or delete them again.
"""

import datetime
import hashlib
import importlib

import factory
from django.apps import apps as django_apps
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from partycell.accounts.models import Role, RoleAssignment, User
from partycell.notifications.models import (
    Delivery,
    Notification,
    NotificationPreference,
    ReminderRule,
    ReminderScan,
    RuleKind,
)
from partycell.operations.models import Heartbeat
from partycell.organisations.models import (
    AuthorityGrant,
    OrganisationChange,
    SectorAuthorityRule,
    SpecialSector,
    Unit,
    UnitKind,
)
from partycell.paperwork.models import CalendarFeed, FormTemplate, GeneratedForm
from partycell.people.choices import Sex
from partycell.people.models import Membership, MembershipStatus, Person, PersonChange
from partycell.privacy.models import AccessLogEntry, AccessLogPerson
from partycell.rulebook.models import CalendarDay, Confidence, DayKind, Rule, RuleUnit, ValueType
from partycell.signin.models import ApiToken
from partycell.targets.enums import Basis, ChangeAction, Dimension, PeriodKind, TargetKind
from partycell.targets.models import Period, Target, TargetChange
from workflows.catalogue import DocumentKind, DocumentRequirement
from workflows.enums import FormCode, MentorKind, Phase, Stage, VoteBody, VoteMethod
from workflows.models import Candidacy, Document, Mentorship, TransitionLog, Vote
from workflows.verification import Relation, VerificationRequest, VerificationSubject

__all__ = [
    "Role",
    "assign_role",
    "make_grant",
    "make_unit",
    "unit_kind",
    "AuthorityGrantFactory",
    "CalendarDayFactory",
    "CandidacyFactory",
    "DocumentFactory",
    "MembershipFactory",
    "MentorshipFactory",
    "NotificationFactory",
    "NotificationPreferenceFactory",
    "PeriodFactory",
    "PersonFactory",
    "ReminderRuleFactory",
    "ReminderScanFactory",
    "HeartbeatFactory",
    "FormTemplateFactory",
    "GeneratedFormFactory",
    "CalendarFeedFactory",
    "ApiTokenFactory",
    "RoleAssignmentFactory",
    "RuleFactory",
    "TargetChangeFactory",
    "TargetFactory",
    "TransitionLogFactory",
    "UnitFactory",
    "UnitKindFactory",
    "UserFactory",
    "VerificationRequestFactory",
    "VerificationSubjectFactory",
    "VoteFactory",
]


# --- Organisations ----------------------------------------------------------------------------------


def unit_kind(code: str) -> UnitKind:
    """The seeded kind; re-seeded when a transactional test (live server, worker) flushed the table."""
    kind = UnitKind.objects.filter(code=code).first()
    if kind is None:
        seed = importlib.import_module("partycell.organisations.migrations.0002_default_unit_kinds")
        seed.add_kinds(django_apps, None)
        district = importlib.import_module("partycell.organisations.migrations.0005_district_committee_kind")
        district.seed(django_apps, None)
        kind = UnitKind.objects.get(code=code)
    return kind


def refresh_case_dates(candidacy: Candidacy) -> None:
    """Rows made here bypass the services: recompute the dates they keep on the case, in the database and
    on this copy (``workflows.case_dates``)."""
    from workflows import case_dates

    case_dates.refresh_case(candidacy)


class UnitKindFactory(factory.django.DjangoModelFactory):
    """A kind of one's own; for the seeded kinds (cells, committees) use ``unit_kind(code)``."""

    class Meta:
        model = UnitKind

    code = factory.Sequence(lambda n: f"test_kind_{n}")
    name = factory.Sequence(lambda n: f"Loại tổ chức {n}")
    is_cell = True


class UnitFactory(factory.django.DjangoModelFactory):
    """A unit of the seeded kind ``kind_code``: a root, or the last child of ``parent``."""

    class Meta:
        model = Unit

    class Params:
        kind_code = "grassroots_cell"

    parent = None
    kind = factory.LazyAttribute(lambda o: unit_kind(o.kind_code))
    name = factory.LazyAttributeSequence(lambda o, n: f"{o.kind.name} {n}")
    code = factory.Sequence(lambda n: f"U{n:06d}")

    @classmethod
    def _build(cls, model_class, *args, parent: Unit | None = None, **kwargs) -> Unit:
        return model_class(*args, **kwargs)

    @classmethod
    def _create(cls, model_class, *args, parent: Unit | None = None, **kwargs) -> Unit:
        unit = model_class(*args, **kwargs)
        if parent is None:
            return model_class.objects.add_root(instance=unit)
        parent.refresh_from_db()  # treebeard reads the parent's path and child count from the row
        return model_class.objects.add_child(parent, instance=unit)


def make_unit(kind_code: str, *, parent: Unit | None = None, name: str | None = None, **fields) -> Unit:
    """Create a unit of a seeded kind, as a root or under ``parent``."""
    if name is not None:
        fields["name"] = name
    return UnitFactory(kind_code=kind_code, parent=parent, **fields)


class AuthorityGrantFactory(factory.django.DjangoModelFactory):
    """A delegation to admit, decided and in force from 1 January 2026, with no end."""

    class Meta:
        model = AuthorityGrant

    unit = factory.SubFactory(UnitFactory, kind_code="grassroots_committee")
    kind = AuthorityGrant.Kind.ADMISSION_DELEGATED
    decision_number = "01-QĐ/TU"
    valid_from = datetime.date(2026, 1, 1)
    decision_date = factory.SelfAttribute("valid_from")
    valid_to = None


class OrganisationChangeFactory(factory.django.DjangoModelFactory):
    """A rename of a new unit on 1 July 2025 by a provincial decision; the tree itself changes only
    through ``partycell.organisations.services``."""

    class Meta:
        model = OrganisationChange

    unit = factory.SubFactory(UnitFactory)
    change = OrganisationChange.Change.RENAME
    effective_on = datetime.date(2025, 7, 1)
    decision_number = factory.Sequence(lambda n: f"{1000 + n}-QĐ/TU")
    decision_date = datetime.date(2025, 6, 20)
    issuing_body = "Ban Thường vụ Tỉnh ủy Thái Nguyên"
    name_before = "Đảng ủy xã cũ"
    name_after = factory.LazyAttribute(lambda o: o.unit.name)


class SectorAuthorityRuleFactory(factory.django.DjangoModelFactory):
    """The army's rule: the nearest committee of a kind of its own above the grassroots decides."""

    class Meta:
        model = SectorAuthorityRule

    sector = SpecialSector.ARMY
    deciding_kind = factory.SubFactory(UnitKindFactory, is_cell=False, is_upper_grassroots=True)
    valid_from = datetime.date(2011, 1, 1)
    source = "Quy định của Bộ Chính trị về tổ chức đảng trong Quân đội"


def make_grant(
    unit: Unit, kind: str, *, valid_from: datetime.date, valid_to: datetime.date | None = None
) -> AuthorityGrant:
    return AuthorityGrantFactory(unit=unit, kind=kind, valid_from=valid_from, valid_to=valid_to)


# --- Accounts ---------------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    """Password ``matkhau-demo-123``. A username already taken returns that user, unchanged."""

    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Văn"
    last_name = "Nguyễn"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.LazyFunction(lambda: make_password("matkhau-demo-123"))


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.CELL_SECRETARY


def assign_role(user: User, role: str, unit: Unit) -> RoleAssignment:
    return RoleAssignmentFactory(user=user, role=role, unit=unit)


# --- People -----------------------------------------------------------------------------------------


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Iterator(["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Quốc Dũng", "Hoàng Thị Hà"])
    date_of_birth = datetime.date(1998, 5, 17)
    sex = Sex.MALE
    # 001 (Hà Nội) as the province code a real CCCD starts with; 000 is no province: anonymised records use it.
    citizen_id = factory.Sequence(lambda n: f"001{n + 1:09d}")
    unit = factory.SubFactory(UnitFactory)


class PersonChangeFactory(factory.django.DjangoModelFactory):
    """A correction of a person's record, as ``person_update`` writes it."""

    class Meta:
        model = PersonChange

    person = factory.SubFactory(PersonFactory)
    reason = "Nhập nhầm"
    changes = factory.LazyAttribute(lambda o: {"workplace": ["", o.person.workplace or "Tổ Toán"]})


class MembershipFactory(factory.django.DjangoModelFactory):
    """An official member since 2016 (admitted 2 March 2015); the person's record is kept by the cell."""

    class Meta:
        model = Membership

    cell = factory.SubFactory(UnitFactory)
    person = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..cell"))
    status = MembershipStatus.OFFICIAL
    admission_decision_date = datetime.date(2015, 3, 2)
    ceremony_date = datetime.date(2015, 3, 20)
    recognition_date = datetime.date(2016, 3, 20)


# --- Rulebook ---------------------------------------------------------------------------------------


class RuleFactory(factory.django.DjangoModelFactory):
    """A version of a rule id of its own (``test.rule_<n>``), in force from 1 January 2026.

    To change a seeded rule, close its version and create the next one with ``rule_id=``.
    """

    class Meta:
        model = Rule

    rule_id = factory.Sequence(lambda n: f"test.rule_{n}")
    regulation = "999-QĐ/TW"
    effective_from = datetime.date(2026, 1, 1)
    effective_to = None
    value_type = ValueType.INTEGER
    value = "12"
    unit = RuleUnit.MONTHS
    confidence = Confidence.LOW


class CalendarDayFactory(factory.django.DjangoModelFactory):
    """An extra day off, one day after the other from Monday 4 January 2100 (clear of any walk)."""

    class Meta:
        model = CalendarDay

    date = factory.Sequence(lambda n: datetime.date(2100, 1, 4) + datetime.timedelta(days=n))
    kind = DayKind.DAY_OFF
    reason = "Nghỉ bổ sung"


# --- Workflows --------------------------------------------------------------------------------------


class CandidacyFactory(factory.django.DjangoModelFactory):
    """A candidacy placed directly at ``stage`` (tests only: real code moves it through services).

    The person's record is kept by the candidacy's cell; pass ``person__<field>`` to shape them.
    """

    class Meta:
        model = Candidacy

    cell = factory.SubFactory(UnitFactory)
    person = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..cell"))
    stage = Stage.SOURCE


class TransitionLogFactory(factory.django.DjangoModelFactory):
    """An audit row as the workflow services write it; the cell defaults to the candidacy's."""

    class Meta:
        model = TransitionLog
        skip_postgeneration_save = True

    candidacy = factory.SubFactory(CandidacyFactory)
    action = factory.LazyAttribute(lambda o: o.to_stage)
    from_stage = ""
    to_stage = Stage.ADMISSION_DECIDED
    event_date = datetime.date(2026, 3, 2)
    cell = factory.LazyAttribute(lambda o: o.candidacy.cell)

    @factory.post_generation
    def case_dates(self, create: bool, extracted: object, **kwargs: object) -> None:
        """Written as the services write it: the case's stale-document dates follow (workflows.case_dates)."""
        if create:
            refresh_case_dates(self.candidacy)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document
        skip_postgeneration_save = True

    candidacy = factory.SubFactory(CandidacyFactory)
    form_code = FormCode.APPLICATION
    issued_on = datetime.date(2026, 1, 5)

    @factory.post_generation
    def case_dates(self, create: bool, extracted: object, **kwargs: object) -> None:
        """Filed as the services file it: the case's stale-document dates follow (workflows.case_dates)."""
        if create:
            refresh_case_dates(self.candidacy)


class VoteFactory(factory.django.DjangoModelFactory):
    """The cell's admission vote on 3 March 2026: 6 of 7 members in favour, two thirds needed."""

    class Meta:
        model = Vote

    candidacy = factory.SubFactory(CandidacyFactory)
    phase = Phase.ADMISSION
    body = VoteBody.CELL
    meeting_date = datetime.date(2026, 3, 3)
    eligible = 7
    present = 7
    in_favour = 6
    against = 1
    method = VoteMethod.SECRET_BALLOT
    attempt = 1
    ratio = "2/3"
    passed = True


class MentorshipFactory(factory.django.DjangoModelFactory):
    """An introducer who has worked with the person for 24 months; by default a new official member
    of the candidacy's cell."""

    class Meta:
        model = Mentorship

    candidacy = factory.SubFactory(CandidacyFactory)
    mentor = factory.LazyAttribute(lambda o: MembershipFactory(cell=o.candidacy.cell).person)
    kind = MentorKind.INTRODUCER
    months_together = 24
    assigned_on = datetime.date(2025, 9, 1)


class VerificationSubjectFactory(factory.django.DjangoModelFactory):
    """The applicant's father, on the list of people to verify of a case whose file is open."""

    class Meta:
        model = VerificationSubject

    candidacy = factory.SubFactory(CandidacyFactory, stage=Stage.FILE_OPEN)
    relation = Relation.FATHER
    full_name = "Đặng Văn Hùng"
    birth_year = 1968


class VerificationRequestFactory(factory.django.DjangoModelFactory):
    """A letter about that person sent on Monday 1 June 2026 to a commune party committee, still unanswered."""

    class Meta:
        model = VerificationRequest

    subject = factory.SubFactory(VerificationSubjectFactory)
    organisation = "Đảng ủy xã Đại Phúc"
    locality = "Xã Đại Phúc"
    sent_on = datetime.date(2026, 6, 1)
    cost_vnd = 45_000


# --- Targets ----------------------------------------------------------------------------------------


class PeriodFactory(factory.django.DjangoModelFactory):
    """The year 2026. A period with the same kind and dates is shared, not duplicated."""

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

    unit = factory.SubFactory(UnitFactory)
    period = factory.SubFactory(PeriodFactory)
    kind = TargetKind.ADMISSIONS
    dimension = Dimension.TOTAL
    basis = Basis.ABSOLUTE
    number = 10
    amount = factory.SelfAttribute("number")


class TargetChangeFactory(factory.django.DjangoModelFactory):
    """The history row of a target being set, as ``partycell.targets.services`` writes it."""

    class Meta:
        model = TargetChange

    target = factory.SubFactory(TargetFactory)
    action = ChangeAction.CREATED
    actor = factory.SubFactory(UserFactory)
    reason = "Kế hoạch năm 2026"
    before = None
    after = factory.LazyAttribute(lambda o: o.target.snapshot())


# --- Notifications ----------------------------------------------------------------------------------


class ReminderRuleFactory(factory.django.DjangoModelFactory):
    """The one rule of ``kind``, set to these values: migrations seed a row per kind, so this
    updates that row (or recreates it after a flush) rather than adding a second."""

    class Meta:
        model = ReminderRule

    kind = RuleKind.UPCOMING_DEADLINE
    lead_times = "0"
    months = None
    is_active = True

    @classmethod
    def _create(cls, model_class, *args, kind: str, **values) -> ReminderRule:
        rule, _ = model_class.objects.update_or_create(kind=kind, defaults=values)
        return rule


class NotificationFactory(factory.django.DjangoModelFactory):
    """An unread notice of a deadline due on 12 June 2026, about a new candidacy, one working day ahead."""

    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = RuleKind.UPCOMING_DEADLINE
    candidacy = factory.SubFactory(CandidacyFactory)
    unit = None
    due_on = datetime.date(2026, 6, 12)
    lead_days = 1
    stage = factory.LazyAttribute(lambda o: o.candidacy.stage if o.candidacy is not None else "")


class HeartbeatFactory(factory.django.DjangoModelFactory):
    """The beat heartbeat, stamped now (as a worker stamps it every minute)."""

    class Meta:
        model = Heartbeat
        django_get_or_create = ("name",)

    name = "beat"
    beat_at = factory.LazyFunction(timezone.now)


class ReminderScanFactory(factory.django.DjangoModelFactory):
    """A finished scan on 11 June 2026 that found nothing due."""

    class Meta:
        model = ReminderScan

    on = datetime.date(2026, 6, 11)
    finished_at = factory.LazyAttribute(
        lambda o: datetime.datetime.combine(o.on, datetime.time(6), tzinfo=datetime.UTC)
    )
    candidacies_due = 0
    notices_created = 0


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    """The model's default (the daily digest) unless ``delivery=`` says otherwise."""

    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(UserFactory)
    delivery = Delivery.DIGEST


class DocumentKindFactory(factory.django.DjangoModelFactory):
    """A form of the document catalogue (the migration seeds the real ones; this adds another)."""

    class Meta:
        model = DocumentKind
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n + 90}-KNĐ")
    name = "Mẫu bổ sung"


class DocumentRequirementFactory(factory.django.DjangoModelFactory):
    """A catalogue requirement: ``kind`` must be on file before ``action`` from 2011 on."""

    class Meta:
        model = DocumentRequirement

    action = "cell_vote"
    kind = factory.SubFactory(DocumentKindFactory)
    need = "before"
    effective_from = datetime.date(2011, 1, 19)


class AccessLogEntryFactory(factory.django.DjangoModelFactory):
    """A person page viewed, as ``partycell.privacy.access.log_access`` writes it (people added apart)."""

    class Meta:
        model = AccessLogEntry

    user = factory.SubFactory(UserFactory)
    what = "person page"
    path = "/people/1/"


class AccessLogPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessLogPerson

    entry = factory.SubFactory(AccessLogEntryFactory)
    person = factory.SubFactory(PersonFactory)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class FormTemplateFactory(factory.django.DjangoModelFactory):
    """An uploaded .docx template of a KNĐ form, in force from a date (the bytes are not a real .docx)."""

    class Meta:
        model = FormTemplate

    form_code = FormCode.CELL_RESOLUTION
    effective_from = factory.Sequence(lambda n: datetime.date(2030, 1, 1) + datetime.timedelta(days=n))
    content = b"PK template"
    sha256 = factory.LazyAttribute(lambda template: hashlib.sha256(template.content).hexdigest())
    file_name = "6-KND.docx"


class GeneratedFormFactory(factory.django.DjangoModelFactory):
    """A form generated for a case and kept byte for byte."""

    class Meta:
        model = GeneratedForm

    candidacy = factory.SubFactory(CandidacyFactory)
    form_code = FormCode.CELL_RESOLUTION
    dated = datetime.date(2026, 3, 2)
    template_sha256 = _sha256("template")
    data_sha256 = factory.Sequence(lambda n: _sha256(f"data {n}"))
    content = b"PK form"


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    """A user's secret iCalendar address (only its hash is stored)."""

    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(UserFactory)
    token_sha256 = factory.Sequence(lambda n: _sha256(f"feed {n}"))


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """An API token that expires in 30 days (only its digest is stored)."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = "Laptop"
    digest = factory.Sequence(lambda n: _sha256(f"token {n}"))
    prefix = factory.Sequence(lambda n: f"{n:08d}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
