"""Rule versions refuse bad data with the field named, so an administrator sees where the mistake is."""

import datetime
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from partycell.rulebook.models import Rule

D = datetime.date


def make_rule(**fields) -> Rule:
    values = {
        "rule_id": "test.sample_months",
        "regulation": "294-QĐ/TW",
        "effective_from": D(2025, 7, 1),
        "effective_to": None,
        "value_type": "integer",
        "value": "12",
        "unit": "months",
        "confidence": "H",
    }
    values.update(fields)
    return Rule(**values)


def clean_errors(rule: Rule) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        rule.full_clean()
    return caught.value.message_dict


@pytest.mark.django_db
def test_rule_clean_end_before_start_names_effective_to():
    rule = make_rule(effective_from=D(2025, 7, 1), effective_to=D(2025, 6, 30))

    errors = clean_errors(rule)

    assert list(errors) == ["effective_to"]
    assert errors["effective_to"] == ["The end date cannot be before the start date."]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["3/2", "0/3", "2/0", "-1/3", "2:3", "0.66", "two thirds"])
def test_rule_clean_invalid_fraction_names_value(value):
    rule = make_rule(value_type="fraction", value=value, unit="ratio")

    errors = clean_errors(rule)

    assert "value" in errors
    assert "p/q" in errors["value"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value_type", "value"),
    [("integer", "12.5"), ("integer", "twelve"), ("boolean", "yes"), ("text", "   "), ("fraction", "")],
)
def test_rule_clean_value_not_of_its_type_names_value(value_type, value):
    rule = make_rule(value_type=value_type, value=value)

    errors = clean_errors(rule)

    assert "value" in errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value_type", "value", "canonical", "typed"),
    [
        ("integer", " 216 ", "216", 216),
        ("fraction", "4 / 6", "2/3", Fraction(2, 3)),
        ("fraction", "1/1", "1/1", Fraction(1)),
        ("boolean", "TRUE", "true", True),
        ("boolean", "false", "false", False),
        ("text", "lower_secondary", "lower_secondary", "lower_secondary"),
    ],
)
def test_rule_clean_valid_value_is_stored_canonically(value_type, value, canonical, typed):
    rule = make_rule(value_type=value_type, value=value)

    rule.full_clean()
    rule.save()
    rule.refresh_from_db()

    assert rule.value == canonical
    assert rule.typed_value == typed
    assert type(rule.typed_value) is type(typed)


@pytest.mark.django_db
def test_rule_clean_start_inside_open_version_names_effective_from():
    make_rule(effective_from=D(2025, 7, 1)).save()
    newer = make_rule(effective_from=D(2026, 7, 1), value="18")

    errors = clean_errors(newer)

    assert list(errors) == ["effective_from"]
    assert "test.sample_months" in errors["effective_from"][0]
    assert "01/07/2025" in errors["effective_from"][0]


@pytest.mark.django_db
def test_rule_clean_same_start_as_other_version_names_effective_from():
    make_rule(effective_from=D(2025, 7, 1), effective_to=D(2025, 12, 31)).save()

    errors = clean_errors(make_rule(effective_from=D(2025, 7, 1), effective_to=D(2025, 8, 1)))

    assert list(errors) == ["effective_from"]


@pytest.mark.django_db
def test_rule_clean_end_reaching_into_later_version_names_effective_to():
    make_rule(effective_from=D(2025, 7, 1)).save()

    errors = clean_errors(make_rule(effective_from=D(2025, 1, 20), effective_to=D(2025, 7, 1)))

    assert list(errors) == ["effective_to"]


@pytest.mark.django_db
def test_rule_clean_adjacent_versions_accepted():
    make_rule(effective_from=D(2025, 1, 20), effective_to=D(2025, 6, 30)).save()
    current = make_rule(effective_from=D(2025, 7, 1))

    current.full_clean()
    current.save()

    assert Rule.objects.filter(rule_id="test.sample_months").count() == 2


@pytest.mark.django_db
def test_rule_clean_editing_a_version_does_not_overlap_itself():
    rule = make_rule()
    rule.save()

    rule.value = "18"
    rule.full_clean()
    rule.save()

    assert Rule.objects.get(pk=rule.pk).typed_value == 18


@pytest.mark.django_db
def test_rule_clean_other_rule_id_with_same_dates_accepted():
    make_rule(rule_id="test.one").save()

    make_rule(rule_id="test.two").full_clean()


@pytest.mark.django_db
def test_rule_clean_rule_id_with_spaces_names_rule_id():
    errors = clean_errors(make_rule(rule_id="Age min months"))

    assert list(errors) == ["rule_id"]
