"""A person's data on request: everything PartyCell holds on them, as one JSON document."""

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.forms.models import model_to_dict

from partycell.people.models import Membership, Person


def person_data(person: Person) -> dict[str, Any]:
    """The record, the roll entry, each candidacy with its audit trail and documents, the corrections."""
    record = model_to_dict(person)
    record.update(id=person.pk, created_at=person.created_at, updated_at=person.updated_at)
    membership = Membership.objects.filter(person=person).first()
    candidacies = []
    for candidacy in person.candidacies.order_by("created_at", "id"):
        candidacies.append({
            **model_to_dict(candidacy, exclude=["person"]),
            "id": candidacy.pk,
            "trail": list(candidacy.transitions.order_by("occurred_at", "id").values(
                "action", "from_stage", "to_stage", "occurred_at", "event_date", "note", "evidence")),
            "documents": list(candidacy.documents.order_by("issued_on", "id").values(
                "form_code", "number", "issued_on", "note")),
        })  # fmt: skip
    return {
        "person": record,
        "membership": model_to_dict(membership, exclude=["person"]) if membership else None,
        "candidacies": candidacies,
        "corrections": list(person.changes.order_by("changed_at", "id").values("changed_at", "reason", "changes")),
    }


ENCODER = DjangoJSONEncoder
