import pytest
from drf_spectacular.validation import validate_schema

from tests.factories import CandidacyFactory
from workflows import actions
from workflows.api.evidence import field_type
from workflows.enums import Stage


def test_schema_is_valid_openapi_listing_the_endpoints(api, secretary):
    response = api(secretary).get("/api/v1/schema/", {"format": "json"})

    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/people/",
        "/api/v1/candidacies/{id}/",
        "/api/v1/candidacies/{id}/transitions/",
        "/api/v1/candidacies/{id}/history/",
        "/api/v1/auth/token/",
    } <= set(schema["paths"])
    perform = schema["paths"]["/api/v1/candidacies/{id}/transitions/cell_vote/"]["post"]
    assert {"200", "400", "401", "403", "404", "409", "429"} <= set(perform["responses"])
    assert {"application/json", "multipart/form-data"} <= set(perform["requestBody"]["content"])


def test_swagger_ui_is_served_from_local_assets(client, secretary):
    client.force_login(secretary)

    page = client.get("/api/v1/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def _component(schema, body):
    return schema["components"]["schemas"][body["schema"]["$ref"].rsplit("/", 1)[1]]


def test_each_action_has_its_own_request_schema_generated_from_its_evidence_form(api, secretary):
    schema = api(secretary).get("/api/v1/schema/", {"format": "json"}).json()

    for spec in actions.transition_specs():
        operation = schema["paths"][f"/api/v1/candidacies/{{id}}/transitions/{spec.name}/"]["post"]
        assert operation["operationId"] == f"candidacy_{spec.name}"
        assert spec.evidence_form is not None, spec.name
        content = operation["requestBody"]["content"]
        as_json = _component(schema, content["application/json"])
        as_multipart = _component(schema, content["multipart/form-data"])
        fields = spec.evidence_form.base_fields
        scans = {name for name, field in fields.items() if field_type(field) == "file"}
        assert set(as_multipart["properties"]) == set(fields) | {"expected_stage"}, spec.name
        assert set(as_json["properties"]) == set(fields) - scans | {"expected_stage"}, spec.name
        required = {name for name, field in fields.items() if field.required}
        assert set(as_multipart.get("required", [])) == required, spec.name
    # The generic URL stays for any name (404 for one no action declares) but is not described twice.
    assert "/api/v1/candidacies/{id}/transitions/{action}/" not in schema["paths"]


def test_a_vote_s_counts_are_described_as_non_negative_integers(api, secretary):
    schema = api(secretary).get("/api/v1/schema/", {"format": "json"}).json()
    body = schema["paths"]["/api/v1/candidacies/{id}/transitions/cell_vote/"]["post"]["requestBody"]["content"]
    vote = _component(schema, body["application/json"])

    assert vote["properties"]["present"] == {**vote["properties"]["present"], "type": "integer", "minimum": 0}
    assert {"meeting_date", "present", "in_favour", "against", "method"} <= set(vote["required"])


def test_blank_stage_fields_of_an_open_case_are_allowed_by_the_schema(api, secretary, tree):
    """An open case has no exit stage and was never escalated: "" must be a value the schema allows."""
    schema = api(secretary).get("/api/v1/schema/", {"format": "json"}).json()
    candidacy = schema["components"]["schemas"]["Candidacy"]["properties"]
    entry = schema["components"]["schemas"]["TransitionLog"]["properties"]
    blank = {"$ref": "#/components/schemas/BlankEnum"}

    for prop in (candidacy["exit_stage"], candidacy["escalated_phase"], entry["from_stage"]):
        assert blank in prop["oneOf"]
    case = CandidacyFactory(cell=tree.cell_a, stage=Stage.SYMPATHISER)
    body = api(secretary).get(f"/api/v1/candidacies/{case.pk}/").json()
    assert body["exit_stage"] == "" and body["escalated_phase"] == ""


@pytest.mark.parametrize("body", [[], ["a"], "text", 7, None], ids=["empty-list", "list", "string", "number", "null"])
@pytest.mark.parametrize("endpoint", ["transitions/sympathiser_add", "documents", "mentors", "verification/subjects"])
def test_a_json_body_that_is_not_an_object_is_a_400_not_a_server_error(api, secretary, tree, endpoint, body):
    case = CandidacyFactory(cell=tree.cell_a, stage=Stage.SOURCE)

    response = api(secretary).post(f"/api/v1/candidacies/{case.pk}/{endpoint}/", body, format="json")

    assert response.status_code == 400
    case.refresh_from_db()
    assert case.stage == Stage.SOURCE


def test_an_event_before_the_first_rule_version_is_refused_by_name_not_a_server_error(api, secretary, tree):
    case = CandidacyFactory(cell=tree.cell_a, stage=Stage.SYMPATHISER)
    vote = {"meeting_date": "1931-01-01", "present": 0, "in_favour": 0, "against": 0, "method": "party_cards"}

    response = api(secretary).post(f"/api/v1/candidacies/{case.pk}/transitions/cell_vote/", vote, format="json")

    assert response.status_code == 400
    assert "01/01/1931" in response.json()["non_field_errors"][0]


def test_an_api_url_no_pattern_matches_answers_json_404(api, secretary):
    response = api(secretary).get("/api/v1/candidacies/-1/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_a_page_url_no_pattern_matches_still_answers_the_html_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "application/json" not in response["Content-Type"]


def test_a_body_that_is_not_json_is_a_400_the_schema_describes(api, secretary):
    schema = api(secretary).get("/api/v1/schema/", {"format": "json"}).json()
    documented = schema["paths"]["/api/v1/people/"]["post"]["responses"]["400"]["content"]["application/json"]

    response = api(secretary).post("/api/v1/people/", b"\x1d\x7fa\xff\r", content_type="application/json")

    assert response.status_code == 400
    assert {"$ref": "#/components/schemas/Problem"} in documented["schema"]["anyOf"]
    assert isinstance(response.json()["detail"], str)
