"""Forms from the case page and the API: scoped (another unit's case answers 404) and logged."""


import pytest
from django.urls import reverse

from partycell.paperwork.models import GeneratedForm
from partycell.paperwork.rendering import document_text
from partycell.privacy.models import AccessLogEntry
from tests.paperwork.conftest import CANDIDATE
from workflows.enums import FormCode


@pytest.fixture
def decided(case_walk):
    return case_walk.through("admission_decide")


def test_case_page_offers_the_forms_of_its_steps_with_the_next_ones_first(decided, client, secretary):
    client.force_login(secretary)

    page = client.get(reverse("candidacy-detail", args=[decided.pk]))

    html = page.content.decode()
    assert reverse("form-download", args=[decided.pk, "9-KND"]) in html
    assert reverse("form-print", args=[decided.pk, "6-KND"]) in html
    assert reverse("form-download", args=[decided.pk, "16-KND"]) not in html  # not yet: probation first
    assert reverse("form-download", args=[decided.pk, "7-KND"]) not in html  # no partial committee on the path


def test_download_is_the_filled_docx_and_is_logged(decided, client, secretary):
    client.force_login(secretary)

    response = client.get(reverse("form-download", args=[decided.pk, "9-KND"]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert f'filename="mau-9-KND-ho-so-{decided.pk}-2026-04-06.docx"' in response["Content-Disposition"]
    text = document_text(b"".join(response.streaming_content) if response.streaming else response.content)
    assert CANDIDATE in text and "Số 125-QĐ/ĐU" in text
    entry = AccessLogEntry.objects.get(what="form 9-KNĐ")
    assert entry.user == secretary and list(entry.people.values_list("pk", flat=True)) == [decided.person_id]


def test_downloading_twice_gives_the_same_stored_form(decided, client, secretary):
    client.force_login(secretary)

    first = client.get(reverse("form-download", args=[decided.pk, "6-KND"])).content
    second = client.get(reverse("form-download", args=[decided.pk, "6-KND"])).content

    assert first == second
    assert GeneratedForm.objects.filter(candidacy=decided, form_code=FormCode.CELL_RESOLUTION).count() == 1


def test_print_page_shows_the_form_as_generated(decided, client, secretary):
    client.force_login(secretary)

    page = client.get(reverse("form-print", args=[decided.pk, "6-KND"]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html and "T/M CHI BỘ" in html and CANDIDATE in html
    assert "tán thành 6 đồng chí" in html


def test_the_deputy_signs_when_asked(decided, client, secretary):
    client.force_login(secretary)

    response = client.get(reverse("form-download", args=[decided.pk, "6-KND"]) + "?signer=deputy")

    assert "PHÓ BÍ THƯ" in document_text(response.content)


@pytest.mark.parametrize("name", ["form-download", "form-print"])
def test_another_units_case_answers_404(decided, client, outsider, name):
    client.force_login(outsider)

    assert client.get(reverse(name, args=[decided.pk, "6-KND"])).status_code == 404
    assert not GeneratedForm.objects.exists()


def test_an_auditor_reads_the_forms_of_the_cases_below(decided, client, auditor):
    client.force_login(auditor)

    assert client.get(reverse("form-download", args=[decided.pk, "9-KND"])).status_code == 200


@pytest.mark.parametrize("slug", ["4-KND", "99-KND", "6-KNĐ", "KHAC"])
def test_a_form_paperwork_does_not_fill_answers_404(decided, client, secretary, slug):
    client.force_login(secretary)

    assert client.get(f"/candidacies/{decided.pk}/forms/{slug}.docx").status_code == 404


def test_an_earlier_form_is_downloadable_byte_for_byte(decided, client, secretary):
    client.force_login(secretary)
    first = client.get(reverse("form-download", args=[decided.pk, "6-KND"])).content
    generated = GeneratedForm.objects.get()

    again = client.get(reverse("generated-form-download", args=[decided.pk, generated.pk]))

    assert again.content == first


def test_anonymous_is_sent_to_log_in(decided, client):
    response = client.get(reverse("form-download", args=[decided.pk, "6-KND"]))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_api_lists_the_forms_and_downloads_one(decided, secretary):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(secretary)

    listed = api.get(f"/api/v1/candidacies/{decided.pk}/forms/")
    docx = api.get(f"/api/v1/candidacies/{decided.pk}/forms/9-KND.docx")

    assert listed.status_code == 200
    assert {"6-KNĐ", "8-KNĐ", "9-KNĐ"} <= {row["code"] for row in listed.json()}
    assert docx.status_code == 200 and "Số 125-QĐ/ĐU" in document_text(docx.content)


def test_api_answers_404_outside_the_scope(decided, outsider):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(outsider)

    assert api.get(f"/api/v1/candidacies/{decided.pk}/forms/9-KND.docx").status_code == 404
    assert api.get(f"/api/v1/candidacies/{decided.pk}/forms/").status_code == 404
