"""Retention: people never admitted are anonymised once their last candidacy has been closed for
``PRIVACY_RETENTION_YEARS`` years (a setting, 5 by default; ``manage.py anonymise_expired`` runs it).

Anonymising keeps the row (candidacies, votes and the audit trail point to it by id) but removes what
identifies the person: the name becomes "Ẩn danh", the CCCD a placeholder that no real CCCD can be
(province code 000), the birth date its year only, contacts and workplace blank; the relatives listed
for background verification lose their names and addresses; the corrections of the record (old and new
values) are deleted, which the database allows only once ``anonymised_at`` is set. Audit entries hold ids,
so none is rewritten. Each run is one access-log entry naming the people anonymised.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from partycell.people.choices import KINH, Religion
from partycell.people.models import Membership, Person, PersonChange
from partycell.privacy.access import log_access

ANONYMOUS_NAME = "Ẩn danh"
DEFAULT_RETENTION_YEARS = 5


def retention_years() -> int:
    return int(getattr(settings, "PRIVACY_RETENTION_YEARS", DEFAULT_RETENTION_YEARS))


def expired_people(*, today: datetime.date) -> QuerySet[Person]:
    """People never admitted (no roll entry), not yet anonymised, with no open candidacy, whose last
    candidacy closed (or, without one, whose record was created) more than the retention period ago."""
    from workflows.enums import OPEN
    from workflows.models import Candidacy

    years = retention_years()
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    open_candidacy = Candidacy.objects.filter(person=OuterRef("pk"), stage__in=sorted(OPEN))
    return (
        Person.objects.filter(anonymised_at__isnull=True)
        .exclude(Exists(Membership.objects.filter(person=OuterRef("pk"))))
        .exclude(Exists(open_candidacy))
        .annotate(last_closed=Max("candidacies__closed_on"))
        .filter(
            Q(last_closed__lt=cutoff)
            | (Q(created_at__date__lt=cutoff) & ~Exists(Candidacy.objects.filter(person=OuterRef("pk"))))
        )
    )


@transaction.atomic
def anonymise(person: Person) -> None:
    from workflows.verification import VerificationSubject

    person.full_name = ANONYMOUS_NAME
    person.citizen_id = f"000{person.pk:09d}"  # no province has code 000, so no real CCCD is taken
    person.date_of_birth = datetime.date(person.date_of_birth.year, 1, 1)
    person.workplace = person.residence = person.phone = person.email = ""
    person.ethnic_group, person.religion = KINH, Religion.NONE
    person.anonymised_at = timezone.now()
    person.save()
    PersonChange.objects.filter(person=person).delete()  # allowed by the trigger now that anonymised_at is set
    VerificationSubject.objects.filter(candidacy__person=person).update(full_name=ANONYMOUS_NAME, address="",
                                                                        birth_year=None, note="")  # fmt: skip


def anonymise_expired(*, today: datetime.date | None = None, dry_run: bool = False) -> list[int]:
    """Anonymise every expired person; return their ids. One access-log entry records the run."""
    today = today or timezone.localdate()
    ids = sorted(expired_people(today=today).values_list("pk", flat=True))
    if dry_run or not ids:
        return ids
    with transaction.atomic():
        for person in Person.objects.filter(pk__in=ids):
            anonymise(person)
        log_access(user=None, person_ids=ids, what="anonymised (retention)",
                   query=f"retention_years={retention_years()}")  # fmt: skip
    return ids
