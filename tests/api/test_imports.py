"""The import through the API: JSON rows or the workbook itself, all or nothing with a row report,
matched by CCCD, hostile bodies refused with a clear 400 and nothing saved."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from partycell.people.models import Membership, Person
from tests.workbooks import roll_workbook
from workflows.models import Candidacy, TransitionLog


@pytest.fixture(autouse=True)
def on_today():
    with time_machine.travel(datetime.date(2026, 12, 15), tick=False):
        yield


@pytest.fixture
def api(commune_staff):
    client = APIClient()
    client.force_authenticate(commune_staff)
    return client


def url(kind="members"):
    return reverse("api-import", args=[kind])


def member(tree, index=1, **fields):
    return {
        "full_name": f"Phạm Văn Hùng {index}", "date_of_birth": "1980-01-01", "sex": "Nam",
        "citizen_id": f"0010800{index:05d}", "cell": tree.cell_a.code, "status": "Chính thức",
        "admission_decision_date": "02/03/2015", "ceremony_date": "2015-03-20", "recognition_date": "2016-03-20",
        "party_card_number": f"0{index:07d}", "party_card_date": "2016-05-02", **fields,
    }  # fmt: skip


def test_api_import_roll_as_json_then_again_changes_nothing(tree, api):
    body = {"source": "so-dang-vien.xlsx", "rows": [member(tree, 1), member(tree, 2)]}

    first = api.post(url(), body, format="json")
    again = api.post(url(), body, format="json")

    assert first.status_code == 201, first.json()
    assert (first.json()["created"], again.json()["created"], again.json()["unchanged"]) == (2, 0, 2)
    assert Membership.objects.get(person__citizen_id="001080000002").party_card_number == "00000002"
    assert set(TransitionLog.objects.values_list("evidence__file", flat=True)) == {"so-dang-vien.xlsx"}
    assert TransitionLog.objects.count() == 6


def test_api_import_refused_rows_are_reported_and_nothing_saved(tree, api):
    body = {"rows": [member(tree, 1), member(tree, 2, ceremony_date="2015-03-01"),
                     member(tree, 3, party_card_number="00000001")]}  # fmt: skip

    response = api.post(url(), body, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 422
    refused = {row["row"]: row["errors"] for row in response.json()["refused"]}
    assert refused[2] == ["The admission ceremony (01/03/2015) cannot be before the admission decision (02/03/2015)."]
    assert "The party card number 00000001 appears on several rows of the file." in refused[3]
    assert (Person.objects.count(), Candidacy.objects.count()) == (0, 0)


def test_api_import_the_workbook_itself(tree, api):
    roll = roll_workbook([tree.cell_a, tree.cell_c], members=12, in_term=4, probationary=2)

    response = api.post(url(), {"file": SimpleUploadedFile("so.xlsx", roll)}, format="multipart")

    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 12
    assert Candidacy.objects.filter(stage="probationary").count() == 2


def test_api_import_check_only_saves_nothing(tree, api):
    response = api.post(url(), {"rows": [member(tree)], "check_only": True}, format="json")

    assert (response.status_code, response.json()["refused"]) == (200, [])
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [[1, 2], {"rows": "x"}, {"rows": []}, {"rows": [[1]]}, {"rows": [{"shoe_size": 42}]},
     {"rows": [{"full_name": {"a": 1}}]}],
)  # fmt: skip
def test_api_import_a_malformed_body_is_a_400(tree, api, body):
    response = api.post(url(), body, format="json")

    assert response.status_code == 400
    assert Person.objects.count() == 0


def test_api_import_cells_outside_the_users_scope_are_refused(tree, api):
    response = api.post(url(), {"rows": [member(tree, cell=tree.other_cell.code)]}, format="json",
                        HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip

    assert response.status_code == 422
    assert "none of your party cells has the code" in response.json()["refused"][0]["errors"][0]


def test_api_import_refused_to_an_auditor_and_unknown_kind_is_404(tree, auditor, api):
    auditor_api = APIClient()
    auditor_api.force_authenticate(auditor)

    assert auditor_api.post(url(), {"rows": [member(tree)]}, format="json").status_code == 403
    assert api.post(url("everything"), {"rows": [member(tree)]}, format="json").status_code == 404
    assert APIClient().post(url(), {"rows": [member(tree)]}, format="json").status_code == 401
