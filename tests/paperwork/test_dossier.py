"""The dossier ZIP: the index with each document's status, the forms, the scans in procedure order and
the history as a readable page; per case and per list of cases; scoped and logged."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from partycell.paperwork.rendering import document_text
from partycell.privacy.models import AccessLogEntry
from tests.files import jpeg_bytes, pdf_bytes
from tests.paperwork.conftest import CANDIDATE
from tests.walk import D, at
from workflows.enums import FormCode
from workflows.services import document_add


@pytest.fixture
def decided(case_walk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    candidacy = case_walk.through("admission_decide")
    secretary = case_walk.actors["cell"]
    with at(D(2026, 4, 9)):
        # Added in reverse order of the procedure: the ZIP puts them back in order.
        document_add(actor=secretary, candidacy=candidacy, form_code=FormCode.CELL_RESOLUTION,
                     issued_on=D(2026, 3, 3), number="13-NQ/CB", file=ContentFile(pdf_bytes(), name="nq.pdf"))
        document_add(actor=secretary, candidacy=candidacy, form_code=FormCode.APPLICATION,
                     issued_on=D(2025, 11, 3), file=ContentFile(jpeg_bytes(), name="don.jpg"))  # fmt: skip
    return candidacy


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_case_dossier_lists_and_holds_the_expected_files(decided, client, secretary):
    client.force_login(secretary)

    response = client.get(reverse("dossier-download", args=[decided.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    folder = f"HS-{decided.pk}"
    names = _zip(response).namelist()
    assert f"{folder}/00-muc-luc.html" in names and f"{folder}/03-lich-su.html" in names
    forms = sorted(name.split("/")[-1].split("-", 1)[1] for name in names if "/01-bieu-mau/" in name)
    assert forms == sorted(["1-KND.docx", "2-KND.docx", "3-KND.docx", "5-KND.docx", "6-KND.docx", "8-KND.docx",
                            "9-KND.docx"])  # fmt: skip
    scans = [name.split("/")[-1] for name in names if "/02-ban-quet/" in name]
    assert scans == [f"01-1-knd-2025-11-03-{decided.documents.get(form_code='1-KNĐ', file__gt='').pk}.jpg",
                     f"02-6-knd-2026-03-03-{decided.documents.get(number='13-NQ/CB').pk}.pdf"]  # fmt: skip


def test_dossier_holds_the_forms_and_scans_as_they_are(decided, client, secretary):
    client.force_login(secretary)

    archive = _zip(client.get(reverse("dossier-download", args=[decided.pk]), HTTP_ACCEPT_LANGUAGE="en"))

    folder = f"HS-{decided.pk}"
    decision = next(n for n in archive.namelist() if n.endswith("9-KND.docx"))
    assert "Số 125-QĐ/ĐU" in document_text(archive.read(decision))
    scan = next(n for n in archive.namelist() if n.endswith(".pdf"))
    assert archive.read(scan) == decided.documents.get(number="13-NQ/CB").file.open("rb").read()
    index = archive.read(f"{folder}/00-muc-luc.html").decode()
    assert CANDIDATE in index
    assert "1-KNĐ" in index and "13-NQ/CB" in index
    assert "BB-LKN" not in index or "filed with the step" in index
    history = archive.read(f"{folder}/03-lich-su.html").decode()
    assert "Record the cell&#x27;s vote on admission" in history
    assert "{'" not in history and "secret_ballot" not in history


def test_dossier_index_marks_a_missing_document(case_walk, client, secretary, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    candidacy = case_walk.through("probation_helper_assign")  # on probation: the recognition file is to make
    client.force_login(secretary)

    index = _zip(client.get(reverse("dossier-download", args=[candidacy.pk]), HTTP_ACCEPT_LANGUAGE="en")).read(
        f"HS-{candidacy.pk}/00-muc-luc.html"
    ).decode()

    row = index[index.index("New-member political class certificate"):]
    assert '<span class="missing">missing</span>' in row[: row.index("</tr>")]
    row = index[index.index("9-KNĐ"):]
    assert "on file" in row[: row.index("</tr>")]


def test_dossiers_of_a_list_hold_one_folder_per_case_and_a_list(decided, case_walk, client, commune_standing):
    client.force_login(commune_standing)

    response = client.get(reverse("dossiers-download"), {"stage": decided.stage})

    archive = _zip(response)
    assert "00-danh-sach.html" not in archive.namelist()  # one case: no list needed
    assert {name.split("/")[0] for name in archive.namelist()} == {f"HS-{decided.pk}"}


def test_dossiers_with_no_case_matching_answer_400(decided, client, commune_standing):
    client.force_login(commune_standing)

    response = client.get(reverse("dossiers-download"), {"stage": "official"})

    assert response.status_code == 400


def test_dossier_of_another_units_case_answers_404(decided, client, outsider):
    client.force_login(outsider)

    assert client.get(reverse("dossier-download", args=[decided.pk])).status_code == 404


def test_dossiers_of_an_outsider_hold_nothing(decided, client, outsider):
    client.force_login(outsider)

    assert client.get(reverse("dossiers-download")).status_code == 400


def test_dossier_download_is_logged(decided, client, secretary):
    client.force_login(secretary)

    client.get(reverse("dossier-download", args=[decided.pk]))

    entry = AccessLogEntry.objects.get(what="dossier")
    assert entry.user == secretary and list(entry.people.values_list("pk", flat=True)) == [decided.person_id]
