"""Shapes of the JSON the API reads and writes. Writes go through the domain services only."""

import copy
import datetime
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject

from partycell.formats.dates import DateNotRead, read_date
from partycell.organisations.models import Unit
from partycell.people.models import Membership, Person, PersonQuerySet
from partycell.people.services import PERSON_FIELDS, person_create, person_update
from partycell.privacy.masking import citizen_id_for
from partycell.selectors import people_visible_to, units_visible_to
from workflows.api.errors import api_validation_error
from workflows.enums import ProposingOrganisation, Stage
from workflows.models import Candidacy, Document, Mentorship, TransitionLog


class ReadableDateField(serializers.DateField):
    """A date the API reads as the pages and the evidence forms do (``partycell.formats.dates``): ISO,
    dd/mm/yyyy, dd-mm-yyyy or dd.mm.yyyy; a refusal names the format or the impossible day."""

    def to_internal_value(self, value: Any) -> datetime.date:
        if isinstance(value, str):
            try:
                return read_date(value)
            except DateNotRead as error:
                raise serializers.ValidationError(error.message, code="invalid") from None
        return super().to_internal_value(value)


class RequestDateTimeField(serializers.DateTimeField):
    """DRF's date-time field, reading the active time zone once per field rather than once per value.

    A field belongs to one serializer, made for one request (``ModelSerializer.get_fields`` copies new
    ones each time), and a request's time zone does not change while it is answered; DRF asked Django
    for it (a context-local lookup) for every date-time of every row."""

    def default_timezone(self) -> datetime.tzinfo | None:
        if "_request_timezone" not in self.__dict__:
            self._request_timezone = super().default_timezone()
        return self._request_timezone


# DRF's ModelSerializer, its fields introspected from the model once per class. DRF builds a model
# serializer's fields anew for every request (about 4 ms for a person, more than serializing ten rows);
# they depend only on the class, so the first build is kept and each serializer gets a deep copy of it:
# new field instances, as DRF's own declared fields are. The copy shares one thing: the ``choices`` a
# choice field was built with, (value, label) pairs that no field changes (each field derives its own
# dictionaries from them, and DRF's first build shares them with the model field); copying the lists of
# pairs was most of the copy. (No docstring: the API schema would show it as the description of every
# serializer below.)
#
# Reading a row: DRF's ``to_representation`` asks each field for its value through ``Field.get_attribute``
# (a walk over ``source_attrs``, an ABC ``Mapping`` check, a callable check, per field and row): on a
# 50-row list of candidacies, more time than the values themselves. A field that reads one attribute
# of a model instance the DRF way is read here with one ``getattr``; any other field (nested lists,
# related fields, ``source="*"``, a field with its own ``get_attribute``), a value that is callable or
# missing, and a dictionary instead of a model, take DRF's own path, so the output is DRF's.
class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: RequestDateTimeField,
    }

    def get_fields(self) -> dict[str, serializers.Field]:
        cls = type(self)
        built = cls.__dict__.get("_built_fields")  # this class's own, never a parent's
        if built is None:
            built = super().get_fields()
            cls._built_fields = built  # type: ignore[attr-defined]  # set once per class
            cls._shared_choices = {  # type: ignore[attr-defined]  # as a deepcopy memo: kept, not copied
                id(choices): choices
                for choices in (getattr(field, "_kwargs", {}).get("choices") for field in built.values())
                if choices is not None
            }
        return copy.deepcopy(built, dict(cls.__dict__["_shared_choices"]))

    @cached_property
    def _readers(self) -> list[tuple[serializers.Field, str | None]]:
        """The readable fields, each with the attribute read directly (None: DRF's own path)."""
        return [
            (field, field.source_attrs[0] if _reads_one_attribute(field) else None)
            for field in self.fields.values()
            if not field.write_only
        ]

    def to_representation(self, instance: Any) -> dict[str, Any]:
        if isinstance(instance, Mapping):
            return super().to_representation(instance)
        data: dict[str, Any] = {}
        for field, attribute_name in self._readers:
            value = _OWN_PATH
            if attribute_name is not None:
                try:
                    value = getattr(instance, attribute_name)
                except (ObjectDoesNotExist, KeyError, AttributeError):
                    value = _OWN_PATH
                if callable(value):
                    value = _OWN_PATH
            if value is _OWN_PATH:
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
            name: str = field.field_name  # type: ignore[assignment]  # set when the field was bound
            is_none = (value.pk if isinstance(value, PKOnlyObject) else value) is None  # as DRF checks
            data[name] = None if is_none else field.to_representation(value)
        return data


_OWN_PATH = object()  # the field is read the DRF way (``Field.get_attribute``)


def _reads_one_attribute(field: serializers.Field) -> bool:
    return (
        type(field).get_attribute is serializers.Field.get_attribute
        and len(field.source_attrs) == 1
        and not isinstance(field, serializers.ListSerializer)
    )


class ChoiceLabelField(serializers.CharField):
    """The label of a stored choice, ``get_<source>_display()``, in the request's language (read-only).

    Called here directly: with ``source="get_..._display"`` DRF inspects the method's signature on every
    row before calling it, which cost more than the label itself on a 50-row list."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance: Any) -> Any:
        return getattr(instance, f"get_{self.source}_display")()


class UnitSummarySerializer(ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "code"]


class MembershipSerializer(ModelSerializer):
    status_label = ChoiceLabelField(source="status")

    class Meta:
        model = Membership
        fields = [
            "status", "status_label", "cell", "admission_decision_number", "admission_decision_date",
            "ceremony_date", "recognition_date", "party_card_number", "party_card_date", "party_card_decision_number",
            "party_card_decision_date", "left_on",
        ]  # fmt: skip
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class ScopedUnitField(serializers.PrimaryKeyRelatedField):
    """A unit id, looked up only among the units the requesting user can see."""

    def get_queryset(self) -> QuerySet[Unit]:
        return units_visible_to(self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class ScopedPersonField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> PersonQuerySet:
        return people_visible_to(self.context["request"].user)


class ListedCitizenIdMixin(serializers.Serializer):
    """On a list (``view.action == "list"``) the CCCD is masked for roles that do not need it, as in the
    exports (``partycell.privacy.masking``); a person's own record (detail) shows it whole."""

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        view = self.context.get("view")
        if getattr(view, "action", None) == "list" and data.get("citizen_id"):
            user = self.context["request"].user
            data["citizen_id"] = citizen_id_for(user, citizen_id=data["citizen_id"], unit=instance.unit)
        return data


CITIZEN_ID_HELP = _("CCCD, 12 digits. On lists it is masked (********1234) for roles that do not need it.")


class PersonSerializer(ListedCitizenIdMixin, ModelSerializer):
    """A person's record. Create and update call ``person_create`` / ``person_update``."""

    # Declared so the schema allows the masked form on lists; the model checks what is written (12 digits).
    citizen_id = serializers.CharField(max_length=12, help_text=CITIZEN_ID_HELP)

    serializer_field_mapping = {**ModelSerializer.serializer_field_mapping,
                                models.DateField: ReadableDateField}  # fmt: skip

    unit = ScopedUnitField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    membership = MembershipSerializer(read_only=True, allow_null=True)
    reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True,
        help_text=_("Why the record is corrected: required when changing a person (PUT, PATCH)."),
    )  # fmt: skip

    class Meta:
        model = Person
        fields = ["id", *PERSON_FIELDS, "unit_name", "membership", "reason", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        # The model's full_clean() (in the service) checks the CCCD format and uniqueness, with a
        # message that never says whose the CCCD is: the declared field above carries no validator.

    def create(self, validated_data: dict) -> Person:
        validated_data.pop("reason", None)
        try:
            return person_create(actor=self.context["request"].user, data=validated_data)
        except DjangoValidationError as error:
            raise api_validation_error(error) from error

    def update(self, instance: Person, validated_data: dict) -> Person:
        try:
            reason = validated_data.pop("reason", "")
            return person_update(actor=self.context["request"].user, person=instance, data=validated_data,
                                 reason=reason)  # fmt: skip
        except DjangoValidationError as error:
            raise api_validation_error(error) from error


class PersonSummarySerializer(ListedCitizenIdMixin, ModelSerializer):
    citizen_id = serializers.CharField(read_only=True, help_text=CITIZEN_ID_HELP)

    class Meta:
        model = Person
        fields = ["id", "full_name", "date_of_birth", "sex", "citizen_id", "unit"]


class CandidacySerializer(ModelSerializer):
    person = PersonSummarySerializer(read_only=True)
    cell = UnitSummarySerializer(read_only=True)
    stage_label = ChoiceLabelField(source="stage")
    is_open = serializers.BooleanField(read_only=True)
    # Blank while the case is open / was never escalated: the schema's enum must allow "" (read-only model
    # fields lose ``allow_blank`` in DRF, so they are declared).
    exit_stage = serializers.ChoiceField(choices=Stage.choices, allow_blank=True, read_only=True)
    escalated_phase = serializers.ChoiceField(
        choices=Candidacy._meta.get_field("escalated_phase").choices or [], allow_blank=True, read_only=True
    )

    class Meta:
        model = Candidacy
        fields = [
            "id", "person", "cell", "stage", "stage_label", "is_open", "attempt", "is_readmission", "proposed_by",
            "record_cleared_on", "stage_entered_at", "stage_due_on", "stage_due_rule", "deadline_extended",
            "deadline_extension_reason", "failed_vote_count", "escalated_phase",
            "cell_resolution_date", "admission_decision_date", "admission_decision_number",
            "decision_received_on", "ceremony_date", "probation_ends_on", "recognition_vote_date",
            "recognition_decision_date", "recognition_effective_on", "exit_stage", "exit_reason",
            "closed_on", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class CandidacyCreateSerializer(serializers.Serializer):
    """Open a candidacy for a person in a cell (both must be visible to the user)."""

    person = ScopedPersonField()
    cell = ScopedUnitField()
    is_readmission = serializers.BooleanField(default=False)
    record_cleared_on = serializers.DateField(
        default=None, allow_null=True,
        help_text=_("Readmission after a less serious crime: the day the criminal record was cleared."),
    )  # fmt: skip
    note = serializers.CharField(default="", allow_blank=True)
    proposed_by = serializers.ChoiceField(choices=ProposingOrganisation.choices, default="", allow_blank=True)


class ActorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class TransitionLogSerializer(ModelSerializer):
    from_stage = serializers.ChoiceField(choices=Stage.choices, allow_blank=True, read_only=True)  # "" on creation
    from_stage_label = ChoiceLabelField(source="from_stage")
    to_stage_label = ChoiceLabelField(source="to_stage")
    actor = ActorSerializer(read_only=True, allow_null=True)

    class Meta:
        model = TransitionLog
        fields = [
            "id", "action", "from_stage", "from_stage_label", "to_stage", "to_stage_label", "actor",
            "occurred_at", "event_date", "evidence", "note", "corrects",
        ]  # fmt: skip
        read_only_fields = fields


# These two serializers name keys ``label``, ``required``, ``help_text`` and ``fields``, which are also attributes of
# a DRF field or serializer; declared in get_fields() (as DRF's own get_fields returns declared fields),
# not as class attributes, they do not shadow them for the type checker. The JSON is the same.


class EvidenceFieldSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "name": serializers.CharField(),
            "label": serializers.CharField(),
            "type": serializers.ChoiceField(
                choices=["string", "text", "integer", "number", "boolean", "date", "datetime", "file", "choice",
                         "multiple_choice"]
            ),  # fmt: skip
            "required": serializers.BooleanField(),
            "help_text": serializers.CharField(allow_blank=True),
            "choices": serializers.ListField(child=serializers.DictField(), required=False),
        }


class ActionSerializer(serializers.Serializer):
    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "name": serializers.CharField(),
            "label": serializers.CharField(),
            "allowed": serializers.BooleanField(),
            "reasons": serializers.ListField(child=serializers.CharField()),
            "irreversible": serializers.BooleanField(),
            "fields": EvidenceFieldSerializer(many=True),
        }


class TransitionsSerializer(serializers.Serializer):
    stage = serializers.CharField()
    stage_label = serializers.CharField()
    actions = ActionSerializer(many=True)


class MentorshipSerializer(ModelSerializer):
    mentor = PersonSummarySerializer(read_only=True)
    kind_label = ChoiceLabelField(source="kind")

    class Meta:
        model = Mentorship
        fields = [
            "id", "mentor", "kind", "kind_label", "months_together", "together_by", "is_replacement", "replaces",
            "organisation_introduction", "assigned_on", "ended_on", "reason",
        ]  # fmt: skip
        read_only_fields = fields


class DocumentSerializer(ModelSerializer):
    form_label = serializers.CharField(read_only=True)
    has_file = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField(help_text=_("Where to download the scan; null without one."))

    class Meta:
        model = Document
        fields = ["id", "form_code", "form_label", "number", "issued_on", "signer", "has_file", "file_url", "note",
                  "action"]  # fmt: skip
        read_only_fields = fields

    def get_has_file(self, document: Document) -> bool:
        return bool(document.file)

    def get_file_url(self, document: Document) -> str | None:
        if not document.file:
            return None
        return reverse("api-document-file", args=[document.candidacy_id, document.pk])


class ProblemSerializer(serializers.Serializer):
    """The body of a 403, 404 or 409: ``detail``, and for a refused action the reasons."""

    detail = serializers.CharField(help_text=_("What went wrong, in the request's language."))
    reasons = serializers.ListField(child=serializers.CharField(), required=False)
