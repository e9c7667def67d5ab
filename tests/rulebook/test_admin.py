"""Administrators edit rules and calendar days in the Django admin."""

import datetime

import pytest
from django.urls import reverse

from partycell.rulebook.models import CalendarDay, Rule
from partycell.rulebook.selectors import rule_value
from tests.factories import UserFactory

pytestmark = pytest.mark.urls("tests.rulebook.urls")


@pytest.fixture
def admin_client(client, db, settings, tmp_path):
    # WhiteNoise warns (an error under filterwarnings=error) when STATIC_ROOT was never collected.
    settings.STATIC_ROOT = tmp_path
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


def rule_form(**fields) -> dict[str, str]:
    data = {
        "rule_id": "age.min_months",
        "regulation": "999-QĐ/TW",
        "effective_from": "01/01/2027",
        "effective_to": "",
        "value_type": "integer",
        "value": "216",
        "unit": "months",
        "confidence": "H",
        "description": "",
        "source": "",
    }
    data.update(fields)
    return data


def test_rule_admin_changelist_lists_seeded_rules(admin_client):
    response = admin_client.get(reverse("admin:rulebook_rule_changelist"), {"q": "probation.months"})

    assert response.status_code == 200
    assert "probation.months" in response.text
    assert "Điều lệ Đảng" in response.text


def test_rule_admin_add_overlapping_version_shows_error_on_start_date(admin_client):
    response = admin_client.post(reverse("admin:rulebook_rule_add"), rule_form())

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() == {"effective_from"}
    assert not Rule.objects.filter(regulation="999-QĐ/TW").exists()


def test_rule_admin_new_regulation_adopted_without_code_change(admin_client):
    current = Rule.objects.get(rule_id="age.min_months", effective_to__isnull=True)
    close = rule_form(regulation=current.regulation, effective_from="01/07/2025", effective_to="31/12/2026",
                      confidence=current.confidence)
    closed = admin_client.post(reverse("admin:rulebook_rule_change", args=[current.pk]), close)
    assert closed.status_code == 302

    response = admin_client.post(reverse("admin:rulebook_rule_add"), rule_form(value="204"))

    assert response.status_code == 302
    assert rule_value("age.min_months", on=datetime.date(2026, 12, 31)) == 216
    assert rule_value("age.min_months", on=datetime.date(2027, 1, 1)) == 204


def test_calendar_day_admin_add_make_up_saturday(admin_client):
    response = admin_client.post(
        reverse("admin:rulebook_calendarday_add"),
        {"date": "14/03/2026", "kind": "working_day", "reason": "Làm bù"},
    )

    assert response.status_code == 302
    assert CalendarDay.objects.get().date == datetime.date(2026, 3, 14)


def test_calendar_day_admin_changelist_shows_holiday_name(admin_client):
    CalendarDay.objects.create(date=datetime.date(2026, 2, 17), kind="day_off", reason="Tết")

    response = admin_client.get(reverse("admin:rulebook_calendarday_changelist"))

    assert response.status_code == 200
    assert "Tết Nguyên Đán" in response.text
