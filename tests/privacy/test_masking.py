"""CCCD masked in exports for roles that do not need it (a setting); committee staff see it whole."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partycell.privacy.masking import mask_citizen_id
from tests.factories import CandidacyFactory, PersonFactory


def _sheet(response) -> list[tuple]:
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_mask_keeps_the_last_four_digits():
    assert mask_citizen_id("001300012345") == "********2345"


def test_cell_secretary_exports_people_with_the_cccd_masked(client, tree, secretary):
    PersonFactory(unit=tree.cell_a, citizen_id="001300012345")
    client.force_login(secretary)

    rows = _sheet(client.get(reverse("person-export")))

    assert rows[1][3] == "********2345"
    assert "001300012345" not in str(rows)


def test_commune_staff_exports_people_with_the_whole_cccd(client, tree, commune_staff):
    PersonFactory(unit=tree.cell_a, citizen_id="001300012345")
    client.force_login(commune_staff)

    assert _sheet(client.get(reverse("person-export")))[1][3] == "001300012345"


def test_auditor_exports_candidacies_with_the_cccd_masked(client, tree, auditor):
    CandidacyFactory(cell=tree.cell_a, person=PersonFactory(unit=tree.cell_a, citizen_id="001300012345"))
    client.force_login(auditor)

    rows = _sheet(client.get(reverse("candidacy-export")))

    assert rows[1][2] == "********2345"


@pytest.mark.parametrize("roles", [["cell_secretary"], []])
def test_which_roles_see_the_whole_cccd_is_a_setting(client, tree, secretary, commune_staff, settings, roles):
    settings.PRIVACY_FULL_CITIZEN_ID_ROLES = roles
    PersonFactory(unit=tree.cell_a, citizen_id="001300012345")
    client.force_login(secretary)
    whole_for_secretary = _sheet(client.get(reverse("person-export")))[1][3] == "001300012345"
    client.force_login(commune_staff)
    whole_for_staff = _sheet(client.get(reverse("person-export")))[1][3] == "001300012345"

    assert (whole_for_secretary, whole_for_staff) == ("cell_secretary" in roles, False)
