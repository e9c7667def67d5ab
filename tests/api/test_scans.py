"""Scans through the API: up to the limit they are stored as what parsing found; over it, or lying, a 400
in MB and nothing saved."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.factories import PersonFactory, Role, UserFactory, assign_role
from tests.files import MB, jpeg_bytes, pdf_bytes, png_bytes, upload
from workflows.enums import FormCode, Stage
from workflows.models import Candidacy, Document

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"

pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def opened(api, secretary, tree):
    """A candidacy opened through the API on 1 September 2025 in cell A."""
    person = PersonFactory(unit=tree.cell_a)
    with time_machine.travel(datetime.datetime(2025, 9, 1, 9), tick=False):
        response = api(secretary).post("/api/v1/candidacies/", {"person": person.pk, "cell": tree.cell_a.pk})
    return Candidacy.objects.get(pk=response.data["id"])


def post_step(client, candidacy, data: bytes, name: str = "nghi-quyet.pdf", **headers):
    with time_machine.travel(datetime.datetime(2025, 9, 5, 9), tick=False):
        return client.post(
            f"/api/v1/candidacies/{candidacy.pk}/transitions/sympathiser_add/",
            {"resolution_date": "2025-09-05", "resolution_number": "05-NQ/CB", "expected_stage": Stage.SOURCE,
             "resolution_file": upload(name, data)},
            format="multipart", **headers,
        )  # fmt: skip


def post_document(client, candidacy, data: bytes, name: str = "don.pdf", **headers):
    with time_machine.travel(datetime.datetime(2025, 9, 5, 9), tick=False):
        return client.post(
            f"/api/v1/candidacies/{candidacy.pk}/documents/",
            {"form_code": FormCode.APPLICATION, "issued_on": "2025-09-04", "file": upload(name, data)},
            format="multipart", **headers,
        )  # fmt: skip


@pytest.mark.parametrize("size", [6 * MB, int(9.9 * MB)], ids=["6MB", "9.9MB"])
def test_api_step_stores_a_pdf_scan_up_to_the_limit(api, secretary, opened, size):
    scan = pdf_bytes(size=size)

    response = post_step(api(secretary), opened, scan)

    document = Document.objects.get(candidacy=opened)
    assert response.status_code == 200, response.data
    assert response.data["stage"] == Stage.SYMPATHISER
    assert (len(scan), document.content_type, document.file.read()) == (size, "application/pdf", scan)


@pytest.mark.parametrize("size", [6 * MB, int(9.9 * MB)], ids=["6MB", "9.9MB"])
def test_api_document_add_stores_a_pdf_scan_up_to_the_limit(api, secretary, opened, size):
    scan = pdf_bytes(size=size)

    response = post_document(api(secretary), opened, scan)

    assert response.status_code == 201, response.data
    document = Document.objects.get(pk=response.data["id"])
    assert (response.data["has_file"], document.content_type, document.file.read()) == (True, "application/pdf", scan)


def test_api_document_add_stores_a_large_photo_as_jpeg(api, secretary, opened):
    scan = jpeg_bytes(width=3000, height=2250, noise=True)  # a phone photo of a page: over 5 MB, spooled to disk

    response = post_document(api(secretary), opened, scan, name="IMG_2041.JPG")

    document = Document.objects.get(pk=response.data["id"])
    assert len(scan) > 5 * MB
    assert (document.content_type, document.file.name[-4:], document.file.read()) == ("image/jpeg", ".jpg", scan)


def test_api_step_refuses_a_scan_over_the_limit_in_mb_and_saves_nothing(api, secretary, opened):
    response = post_step(api(secretary), opened, pdf_bytes(size=int(10.5 * MB)), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.data == {"resolution_file": ["The file is too large (10.5 MB); the limit is 10 MB."]}
    assert Candidacy.objects.get(pk=opened.pk).stage == Stage.SOURCE
    assert not Document.objects.exists()


def test_api_document_add_refuses_a_scan_over_the_limit_in_vietnamese(api, secretary, opened, media):
    response = post_document(api(secretary), opened, pdf_bytes(size=int(10.5 * MB)), HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 400
    assert response.data == {"file": ["Tệp quá lớn (10,5 MB); giới hạn là 10 MB."]}
    assert not Document.objects.exists()
    assert not (media / "evidence").exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("don.pdf", b"%PDF-1.4\n" + HTML),  # the polyglot
        ("don.html", HTML),
        ("a.pdf\x00.html", HTML),
        ("anh.jpg", jpeg_bytes()[:400]),  # truncated
    ],
    ids=["pdf-header-then-html", "html-name", "nul-suffixed-name", "truncated-jpeg"],
)
def test_api_refuses_a_file_that_is_not_a_readable_scan(api, secretary, opened, name, data):
    document = post_document(api(secretary), opened, data, name=name, HTTP_ACCEPT_LANGUAGE="en")
    step = post_step(api(secretary), opened, data, name=name, HTTP_ACCEPT_LANGUAGE="en")

    assert (document.status_code, step.status_code) == (400, 400)
    assert list(document.data) == ["file"] and list(step.data) == ["resolution_file"]
    assert not Document.objects.exists()
    assert Candidacy.objects.get(pk=opened.pk).stage == Stage.SOURCE


@pytest.mark.parametrize(
    ("name", "data", "content_type", "extension"),
    [("a.pdf\x00.html", pdf_bytes(), "application/pdf", ".pdf"), ("bang.pdf", png_bytes(), "image/png", ".png")],
    ids=["nul-suffixed-pdf", "png-named-pdf"],
)
def test_api_scan_with_a_misleading_name_is_stored_and_served_as_what_it_is(
    api, secretary, opened, client, name, data, content_type, extension
):
    response = post_document(api(secretary), opened, data, name=name)
    document = Document.objects.get(pk=response.data["id"])
    client.force_login(secretary)

    served = client.get(reverse("document-file", args=[opened.pk, document.pk]))

    assert (document.content_type, document.file.name[-4:]) == (content_type, extension)
    assert served["Content-Type"] == content_type
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"] == f'attachment; filename="1-knd-2025-09-04-{document.pk}{extension}"'
    assert b"".join(served.streaming_content) == data


def test_api_lists_the_scans_download_address_and_serves_it_like_the_page(api, secretary, opened):
    scan = png_bytes()
    post_document(api(secretary), opened, scan, name="bang.pdf")
    api(secretary).post(f"/api/v1/candidacies/{opened.pk}/documents/",
                        {"form_code": FormCode.PERSONAL_HISTORY, "issued_on": "2025-09-04"}, format="json")  # fmt: skip

    listed = api(secretary).get(f"/api/v1/candidacies/{opened.pk}/documents/").data
    with_scan = next(row for row in listed if row["has_file"])
    served = api(secretary).get(with_scan["file_url"])

    assert [row["file_url"] is None for row in listed] == [False, True]
    assert with_scan["file_url"] == f"/api/v1/candidacies/{opened.pk}/documents/{with_scan['id']}/file/"
    assert served.status_code == 200
    assert (served["Content-Type"], served["X-Content-Type-Options"]) == ("image/png", "nosniff")
    assert served["Content-Disposition"] == f'attachment; filename="1-knd-2025-09-04-{with_scan["id"]}.png"'
    assert b"".join(served.streaming_content) == scan


def test_api_scan_of_another_communes_candidacy_answers_404(api, secretary, tree):
    foreign_secretary = UserFactory(username="bithu_khac")
    assign_role(foreign_secretary, Role.CELL_SECRETARY, tree.other_cell)
    with time_machine.travel(datetime.datetime(2025, 9, 1, 9), tick=False):
        foreign = api(foreign_secretary).post(
            "/api/v1/candidacies/", {"person": PersonFactory(unit=tree.other_cell).pk, "cell": tree.other_cell.pk}
        ).data
    document = post_document(api(foreign_secretary), Candidacy.objects.get(pk=foreign["id"]), pdf_bytes()).data
    url = document["file_url"]

    assert api(foreign_secretary).get(url).status_code == 200
    assert api(secretary).get(url).status_code == 404
    assert api().get(url).status_code == 401
