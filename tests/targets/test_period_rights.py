"""Target periods are shared by every unit (issue 13, finding 8, second part): only committee staff and
administrators add them, the one who did is recorded, and a period in year 1 never reaches a page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from partycell.targets.enums import PeriodKind
from partycell.targets.models import Period
from partycell.targets.services import period_create
from tests.factories import PeriodFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
YEAR_2031 = {"kind": "year", "starts_on": "01/01/2031", "ends_on": "31/12/2031"}


@pytest.mark.parametrize("persona", ["secretary", "cell_committee_member", "auditor"])
def test_cell_roles_and_auditors_may_not_add_a_period(db, client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(reverse("targets:period-new"), YEAR_2031, **EN)

    assert response.status_code == 403
    assert Period.objects.count() == 0


def test_commune_staff_adds_a_period_and_is_recorded(client, commune_staff):
    client.force_login(commune_staff)

    response = client.post(reverse("targets:period-new"), YEAR_2031, **EN)

    assert response.status_code == 302
    assert Period.objects.get().created_by == commune_staff


def test_service_refuses_a_cell_secretary(secretary):
    with pytest.raises(PermissionDenied):
        period_create(actor=secretary, kind=PeriodKind.YEAR, starts_on=datetime.date(2031, 1, 1),
                      ends_on=datetime.date(2031, 12, 31))  # fmt: skip
    assert Period.objects.count() == 0


def test_dashboard_offers_add_a_period_only_to_those_who_may(client, tree, secretary, commune_staff):
    period = PeriodFactory()
    for user, offered in ((secretary, False), (commune_staff, True)):
        client.force_login(user)
        html = client.get(reverse("targets:unit", args=[tree.cell_a.pk]), {"period": period.pk}, **EN).content.decode()
        assert (reverse("targets:period-new") in html) is offered


def test_a_period_in_year_1_is_refused(client, commune_staff):
    client.force_login(commune_staff)

    response = client.post(reverse("targets:period-new"),
                           {"kind": "year", "starts_on": "01/01/0001", "ends_on": "31/12/0001"}, **EN)  # fmt: skip

    assert "A period starts on or after 03/02/1930." in response.content.decode()
    assert Period.objects.count() == 0


def test_a_period_of_a_thousand_years_is_refused(commune_staff):
    with pytest.raises(ValidationError):
        period_create(actor=commune_staff, kind=PeriodKind.TERM, starts_on=datetime.date(2025, 1, 1),
                      ends_on=datetime.date(3025, 1, 1))  # fmt: skip


def test_compliance_page_of_a_period_in_year_1_says_why_instead_of_500(client, tree, auditor):
    # A period already stored (by the admin, or before this validation existed).
    period = PeriodFactory(name="1", kind=PeriodKind.YEAR, starts_on=datetime.date(1, 1, 1),
                           ends_on=datetime.date(1, 12, 31))  # fmt: skip
    client.force_login(auditor)

    response = client.get(reverse("targets:compliance", args=[tree.province.pk]), {"period": period.pk}, **EN)

    assert response.status_code == 200
    assert "the rulebook holds no rules for its dates" in response.content.decode()
