from drf_spectacular.validation import validate_schema


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
    perform = schema["paths"]["/api/v1/candidacies/{id}/transitions/{action}/"]["post"]
    assert {"200", "400", "403", "404", "409"} <= set(perform["responses"])
    assert {"application/json", "multipart/form-data"} <= set(perform["requestBody"]["content"])


def test_swagger_ui_is_served_from_local_assets(client, secretary):
    client.force_login(secretary)

    page = client.get("/api/v1/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
