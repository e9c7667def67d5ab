import pytest

from partycell.people.models import Person
from partycell.signin.models import ApiToken
from tests.factories import CandidacyFactory, MembershipFactory, PersonFactory


def person_payload(unit, **overrides) -> dict:
    payload = {
        "full_name": "Đặng  Thu Thảo",
        "date_of_birth": "2000-02-29",
        "sex": "female",
        "citizen_id": "001300012345",
        "unit": unit.pk,
        "workplace": "Trường THPT Chu Văn An",
        "is_youth_union_member": True,
    }
    payload.update(overrides)
    return payload


def test_person_list_finds_names_without_diacritics(api, secretary, tree):
    PersonFactory(full_name="Nguyễn Văn Đức", unit=tree.cell_a)
    PersonFactory(full_name="Trần Thị Bình", unit=tree.cell_a)

    response = api(secretary).get("/api/v1/people/", {"q": "nguyen van duc"})

    assert response.status_code == 200
    assert [row["full_name"] for row in response.data["results"]] == ["Nguyễn Văn Đức"]


def test_person_list_shows_only_people_in_scope(api, secretary, tree):
    PersonFactory(full_name="Lê Minh Châu", unit=tree.cell_a)
    PersonFactory(full_name="Phạm Quốc Dũng", unit=tree.cell_b)

    response = api(secretary).get("/api/v1/people/")

    assert [row["full_name"] for row in response.data["results"]] == ["Lê Minh Châu"]
    assert response.data["count"] == 1


def test_person_detail_in_another_cell_is_not_found(api, secretary, tree):
    stranger = PersonFactory(unit=tree.cell_b)

    response = api(secretary).get(f"/api/v1/people/{stranger.pk}/")

    assert response.status_code == 404
    assert stranger.full_name not in response.content.decode()


def test_person_detail_shows_record_and_roll_status(api, commune_staff, tree):
    member = MembershipFactory(cell=tree.cell_c).person

    response = api(commune_staff).get(f"/api/v1/people/{member.pk}/")

    assert response.data["full_name"] == member.full_name
    assert response.data["unit_name"] == "Chi bộ Tổ dân phố 5"
    assert response.data["membership"]["status"] == "official"
    assert response.data["membership"]["recognition_date"] == "2016-03-20"


def test_person_create_registers_the_person(api, secretary, tree):
    response = api(secretary).post("/api/v1/people/", person_payload(tree.cell_a), format="json")

    assert response.status_code == 201
    person = Person.objects.get(pk=response.data["id"])
    assert person.full_name == "Đặng Thu Thảo"
    assert person.unit == tree.cell_a
    assert Person.objects.search("dang thu thao").get() == person


def test_person_create_with_bad_fields_names_each_field_in_vietnamese(api, secretary, tree):
    payload = person_payload(tree.cell_a, citizen_id="12345", date_of_birth="31/02/2000", full_name="")

    response = api(secretary).post("/api/v1/people/", payload, format="json")

    assert response.status_code == 400
    assert set(response.data) == {"full_name", "date_of_birth"}
    assert response.data["full_name"] == ["Trường này không được bỏ trống."]
    assert response.data["date_of_birth"][0].startswith("31/02/2000")  # the impossible day named, as on the pages
    assert Person.objects.count() == 0


@pytest.mark.parametrize("typed", ["17.05.1999", "17-05-1999", "17/05/1999", "1999-05-17"])
def test_the_people_api_reads_a_date_of_birth_as_the_pages_do(api, secretary, tree, typed):
    response = api(secretary).post("/api/v1/people/", person_payload(tree.cell_a, date_of_birth=typed), format="json")

    assert response.status_code == 201, response.data
    assert Person.objects.get().date_of_birth.isoformat() == "1999-05-17"


def test_person_create_with_bad_fields_speaks_english_when_asked(api, secretary, tree):
    payload = person_payload(tree.cell_a, full_name="")

    response = api(secretary).post("/api/v1/people/", payload, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.data["full_name"] == ["This field may not be blank."]


def test_person_create_with_malformed_citizen_id_is_rejected_by_the_model(api, secretary, tree):
    response = api(secretary).post(
        "/api/v1/people/", person_payload(tree.cell_a, citizen_id="12345"), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.data == {"citizen_id": ["A citizen ID (CCCD) has exactly 12 digits."]}


def test_person_create_duplicate_citizen_id_does_not_reveal_the_owner(api, secretary, tree):
    owner = PersonFactory(full_name="Vũ Hoàng Long", unit=tree.other_cell, citizen_id="001300012345")

    response = api(secretary).post(
        "/api/v1/people/", person_payload(tree.cell_a), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.data == {"citizen_id": ["This citizen ID (CCCD) is already registered."]}
    body = response.content.decode()
    assert owner.full_name not in body
    assert tree.other_cell.name not in body
    assert Person.objects.count() == 1


def test_person_create_in_unit_outside_scope_is_refused(api, secretary, tree):
    response = api(secretary).post("/api/v1/people/", person_payload(tree.cell_b), format="json")

    assert response.status_code == 400
    assert list(response.data) == ["unit"]
    assert Person.objects.count() == 0


def test_person_update_changes_the_record_and_keeps_who_what_and_why(api, secretary, tree):
    person = PersonFactory(full_name="Lê Minh Châu", unit=tree.cell_a, workplace="Tổ Văn")

    data = {"workplace": "Tổ Toán", "reason": "Chuyển tổ từ tháng 9"}
    response = api(secretary).patch(f"/api/v1/people/{person.pk}/", data, format="json")

    assert response.status_code == 200
    person.refresh_from_db()
    assert person.workplace == "Tổ Toán"
    assert response.data["workplace"] == "Tổ Toán"
    [change] = person.changes.all()
    assert (change.changes, change.reason, change.changed_by) == (
        {"workplace": ["Tổ Văn", "Tổ Toán"]}, "Chuyển tổ từ tháng 9", secretary)


def test_person_update_without_a_reason_is_refused_and_changes_nothing(api, secretary, tree):
    person = PersonFactory(full_name="Lê Minh Châu", unit=tree.cell_a, workplace="Tổ Văn")

    response = api(secretary).patch(f"/api/v1/people/{person.pk}/", {"workplace": "Tổ Toán"}, format="json",
                                    HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip

    assert response.status_code == 400
    assert response.data["reason"] == ["Give the reason for the correction."]
    person.refresh_from_db()
    assert person.workplace == "Tổ Văn" and not person.changes.exists()


def test_person_update_in_another_cell_is_not_found(api, secretary, tree):
    stranger = PersonFactory(unit=tree.cell_b, workplace="")

    response = api(secretary).patch(f"/api/v1/people/{stranger.pk}/", {"workplace": "X"}, format="json")

    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.workplace == ""


@pytest.mark.parametrize("method", ["post", "patch"])
def test_person_write_by_auditor_is_forbidden(api, auditor, tree, method):
    person = PersonFactory(unit=tree.cell_a, workplace="")
    url = "/api/v1/people/" if method == "post" else f"/api/v1/people/{person.pk}/"

    response = getattr(api(auditor), method)(url, person_payload(tree.cell_a), format="json")

    assert response.status_code == 403
    assert response.data["detail"] == "Bạn không được cấp quyền để thực hiện hành động này."
    assert Person.objects.count() == 1
    person.refresh_from_db()
    assert person.workplace == ""


def test_person_list_by_auditor_reads_the_whole_province(api, auditor, tree):
    PersonFactory(unit=tree.cell_a)
    PersonFactory(unit=tree.other_cell)

    response = api(auditor).get("/api/v1/people/")

    assert response.data["count"] == 2


def test_person_list_without_credentials_asks_for_a_token(api, tree):
    response = api().get("/api/v1/people/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_token_obtained_with_password_authenticates(api, secretary, tree):
    PersonFactory(full_name="Lê Minh Châu", unit=tree.cell_a)
    obtained = api().post("/api/v1/auth/token/", {"username": "bithu_a", "password": "matkhau-demo-123"})

    response = api().get("/api/v1/people/", HTTP_AUTHORIZATION=f"Token {obtained.data['token']}")

    assert ApiToken.objects.get(user=secretary).prefix == obtained.data["token"][:8]
    assert [row["full_name"] for row in response.data["results"]] == ["Lê Minh Châu"]


def test_token_with_wrong_password_is_refused(api, secretary):
    response = api().post("/api/v1/auth/token/", {"username": "bithu_a", "password": "sai-mat-khau"})

    assert response.status_code == 400
    assert "token" not in response.data
    assert ApiToken.objects.count() == 0


@pytest.mark.parametrize("rows", [1, 3])
def test_person_list_query_count_is_fixed(api, secretary, tree, django_assert_num_queries, rows):
    for _ in range(rows):
        MembershipFactory(cell=tree.cell_a)
    client = api(secretary)

    # role assignments (scope), count, page of people with unit and membership, the access log's entry
    with django_assert_num_queries(4):
        response = client.get("/api/v1/people/")

    assert len(response.data["results"]) == rows


def test_token_guessing_is_throttled(api, secretary):
    client = api()
    for _ in range(10):
        client.post("/api/v1/auth/token/", {"username": "bithu_a", "password": "sai-mat-khau"})

    response = client.post("/api/v1/auth/token/", {"username": "bithu_a", "password": "matkhau-demo-123"})

    assert response.status_code == 429
    assert ApiToken.objects.count() == 0


def test_the_api_people_list_masks_the_cccd_for_a_cell_secretary_but_not_for_commune_staff(
    api, secretary, commune_staff, tree
):
    person = PersonFactory(unit=tree.cell_a, citizen_id="001300012345")

    as_secretary = api(secretary).get("/api/v1/people/").json()["results"]
    as_staff = api(commune_staff).get("/api/v1/people/").json()["results"]
    detail = api(secretary).get(f"/api/v1/people/{person.pk}/").json()

    assert [row["citizen_id"] for row in as_secretary if row["id"] == person.pk] == ["********2345"]
    assert [row["citizen_id"] for row in as_staff if row["id"] == person.pk] == ["001300012345"]
    assert detail["citizen_id"] == "001300012345"  # a person's own record, logged in the access log


def test_the_api_candidacy_list_masks_the_cccd_for_a_cell_secretary(api, secretary, tree):
    case = CandidacyFactory(cell=tree.cell_a, person=PersonFactory(unit=tree.cell_a, citizen_id="001300012345"))

    rows = api(secretary).get("/api/v1/candidacies/").json()["results"]

    assert [row["person"]["citizen_id"] for row in rows if row["id"] == case.pk] == ["********2345"]
