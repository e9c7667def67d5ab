import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from partycell.people.models import Person
from tests.factories import Role, UserFactory, assign_role
from workflows.enums import ProposingOrganisation, Stage
from workflows.models import Candidacy


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def registration(cell, **overrides):
    data = {
        "cell": cell.pk, "full_name": "Đặng Thị Thu Trang", "date_of_birth": "17/05/1999", "sex": "female",
        "citizen_id": "001199012345", "ethnic_group": "01", "religion": "none", "education_level": "upper_secondary",
        "qualification": "university", "occupation": "teacher", "sector": "education", "workplace": "THPT Chu Văn An",
        "is_youth_union_member": "on", "note": "",
    }  # fmt: skip
    return {**data, **overrides}


def test_register_creates_person_and_candidacy_together(tree, secretary, login):
    response = login(secretary).post(reverse("candidacy-register"), registration(tree.cell_a))

    candidacy = Candidacy.objects.get(person__citizen_id="001199012345")
    assert response.status_code == 302
    assert response["Location"] == reverse("candidacy-detail", args=[candidacy.pk])
    assert (candidacy.cell, candidacy.stage, candidacy.person.unit) == (tree.cell_a, Stage.SOURCE, tree.cell_a)
    assert candidacy.person.is_youth_union_member is True
    assert [log.action for log in candidacy.transitions.all()] == ["candidacy_create"]


def test_register_with_a_bad_value_keeps_everything_typed_and_marks_the_field(tree, commune_staff, login):
    response = login(commune_staff).post(
        reverse("candidacy-register"), registration(tree.cell_a, citizen_id="12345", date_of_birth="31/02/1999")
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"citizen_id", "date_of_birth"}
    assert 'value="Đặng Thị Thu Trang"' in html
    assert 'value="THPT Chu Văn An"' in html
    assert 'value="31/02/1999"' in html
    assert html.count("field-error") == 2
    assert 'aria-invalid="true"' in html
    assert Person.objects.count() == 0


def test_register_refuses_a_cell_outside_the_users_scope(tree, secretary, login):
    response = login(secretary).post(reverse("candidacy-register"), registration(tree.cell_b))

    assert response.status_code == 422
    assert "cell" in response.context["form"].errors
    assert Person.objects.count() == 0


def test_register_a_duplicate_citizen_id_creates_nothing(tree, secretary, login):
    client = login(secretary)
    client.post(reverse("candidacy-register"), registration(tree.cell_a))

    response = client.post(reverse("candidacy-register"), registration(tree.cell_a, full_name="Người Khác"))

    assert response.status_code == 422
    assert "citizen_id" in response.context["form"].errors
    assert Person.objects.count() == 1


def test_register_by_commune_staff_opens_the_candidacy(tree, commune_staff, login):
    response = login(commune_staff).post(reverse("candidacy-register"), registration(tree.cell_a))

    assert response.status_code == 302
    assert Candidacy.objects.get().cell == tree.cell_a


def test_register_refused_by_the_workflow_creates_no_person_either(tree, login):
    # A standing member may edit records but keeps no cell's file: the engine refuses to open the
    # candidacy, and the person saved a moment before is rolled back with it.
    standing = UserFactory(username="thuongtruc")
    assign_role(standing, Role.COMMUNE_STANDING, tree.commune)

    response = login(standing).post(reverse("candidacy-register"), registration(tree.cell_a))

    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    assert Person.objects.count() == 0
    assert Candidacy.objects.count() == 0


def test_register_is_forbidden_to_an_auditor(tree, auditor, login):
    client = login(auditor)

    assert client.get(reverse("candidacy-register")).status_code == 403
    assert client.post(reverse("candidacy-register"), registration(tree.cell_a)).status_code == 403
    assert Person.objects.count() == 0


def test_register_form_labels_every_field(tree, commune_staff, login):
    response = login(commune_staff).get(reverse("candidacy-register"))

    html = response.content.decode()
    for field in response.context["form"]:
        assert f'for="{field.auto_id}"' in html, field.name


def test_register_records_the_proposing_mass_organisation_shown_on_the_page_and_in_the_export(
    tree, commune_staff, login
):
    client = login(commune_staff)

    response = client.post(reverse("candidacy-register"), registration(tree.cell_a, proposed_by="youth_union"))

    candidacy = Candidacy.objects.get(person__citizen_id="001199012345")
    assert candidacy.proposed_by == "youth_union"
    assert candidacy.transitions.get().evidence["proposed_by"] == "youth_union"
    page = client.get(response["Location"]).content.decode()
    with translation.override("vi"):
        label = str(ProposingOrganisation.YOUTH_UNION.label)
        header = gettext("Proposed by (mass organisation)")
    assert f'<dd id="proposed-by">{label}</dd>' in page
    sheet = load_workbook(io.BytesIO(client.get(reverse("candidacy-export")).content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index(header)
    assert [row[column] for row in rows[1:]] == [label]


def test_register_refuses_an_unknown_proposing_organisation_and_creates_nothing(tree, commune_staff, login):
    response = login(commune_staff).post(reverse("candidacy-register"), registration(tree.cell_a, proposed_by="kgb"))

    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"proposed_by"}
    assert (Person.objects.count(), Candidacy.objects.count()) == (0, 0)


def test_register_without_a_proposing_organisation_leaves_it_unrecorded(tree, secretary, login):
    login(secretary).post(reverse("candidacy-register"), registration(tree.cell_a))

    assert Candidacy.objects.get().proposed_by == ""


def test_register_a_readmission_with_the_day_the_record_was_cleared_shown_on_the_case(tree, commune_staff, login):
    client = login(commune_staff)

    response = client.post(
        reverse("candidacy-register"), registration(tree.cell_a, is_readmission="on", record_cleared_on="02.03.2018")
    )

    candidacy = Candidacy.objects.get()
    assert response.status_code == 302
    assert (candidacy.is_readmission, candidacy.record_cleared_on) == (True, datetime.date(2018, 3, 2))
    page = client.get(reverse("candidacy-detail", args=[candidacy.pk])).content.decode()
    assert "02/03/2018" in page


@pytest.mark.parametrize(
    "overrides",
    [{"record_cleared_on": "02/03/2018"}, {"is_readmission": "on", "record_cleared_on": "02/03/2099"}],
    ids=["cleared-date-without-readmission", "cleared-date-in-the-future"],
)
def test_register_refuses_a_record_cleared_date_that_does_not_fit_and_creates_nothing(
    tree, commune_staff, login, overrides
):
    response = login(commune_staff).post(reverse("candidacy-register"), registration(tree.cell_a, **overrides))

    assert response.status_code == 422
    assert "Ngày xóa án tích chỉ ghi cho trường hợp kết nạp lại" in response.content.decode()
    assert not Person.objects.exists() and not Candidacy.objects.exists()
