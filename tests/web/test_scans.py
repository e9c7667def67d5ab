"""Scans on the pages: the step's two screens keep only declared, validated scans; a scan goes out only
through the scoped view, as a download of its detected type; /media/ is not served."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory, Role, UserFactory, assign_role
from tests.files import MB, jpeg_bytes, pdf_bytes, png_bytes, upload
from workflows.enums import FormCode, Stage
from workflows.models import Candidacy, Document
from workflows.services import candidacy_create, document_add

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def opened(tree, secretary):
    """A candidacy opened today in cell A (at the source stage: next, the sympathiser resolution)."""
    return candidacy_create(actor=secretary, person=PersonFactory(unit=tree.cell_a), cell=tree.cell_a)


def today() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")


def review(client, candidacy, **files):
    url = reverse("candidacy-action", args=[candidacy.pk, "sympathiser_add"])
    data = {"step": "review", "expected_stage": Stage.SOURCE, "resolution_date": today(),
            "resolution_number": "05-NQ/CB", "note": "Họp chi bộ tháng 9", **files}  # fmt: skip
    return client.post(url, data)


def confirm(client, candidacy, reviewed, **extra):
    url = reverse("candidacy-action", args=[candidacy.pk, "sympathiser_add"])
    data = {**reviewed.context["submitted"], "step": "confirm", "expected_stage": Stage.SOURCE,
            "pending_files": reviewed.context["pending_files"], "confirmed": "on", **extra}  # fmt: skip
    return client.post(url, data)


def stashed_files(media) -> list[str]:
    pending = media / "pending"
    return sorted(str(path.relative_to(pending)) for path in pending.rglob("*") if path.is_file())


# --- The step's two screens -------------------------------------------------------------------------------


def test_step_records_the_scan_chosen_on_its_form_and_empties_the_stash(opened, secretary, login, media):
    client = login(secretary)
    scan = pdf_bytes()

    reviewed = review(client, opened, resolution_file=upload("nghi-quyet.pdf", scan))
    stashed = stashed_files(media)
    done = confirm(client, opened, reviewed)

    document = Document.objects.get(candidacy=opened)
    assert reviewed.status_code == 200 and done.status_code == 302
    assert len(stashed) == 1 and stashed[0].endswith(".pdf")
    assert (document.content_type, document.file.read()) == ("application/pdf", scan)
    assert stashed_files(media) == []
    # The audit row records that a scan came, not the sender's file name (it may hold a person's name).
    assert opened.transitions.get(action="sympathiser_add").evidence["resolution_file"] is True


def test_step_confirmation_keeps_only_the_file_fields_its_form_declares(opened, secretary, login, media):
    client = login(secretary)

    reviewed = review(client, opened, resolution_file=upload("nq.pdf", pdf_bytes()),
                      extra_file=upload("khac.bin", b"\0" * MB), certificate_file=upload("cn.png", png_bytes()))
    stashed = stashed_files(media)
    kept = list(client.session["partycell_pending_uploads"][reviewed.context["pending_files"]])
    done = confirm(client, opened, reviewed, other_file=upload("them.pdf", pdf_bytes()))

    assert len(stashed) == 1 and kept == ["resolution_file"]
    assert done.status_code == 302
    assert Document.objects.filter(candidacy=opened).count() == 1
    assert Document.objects.get(candidacy=opened).content_type == "application/pdf"
    assert stashed_files(media) == []


@pytest.mark.parametrize(
    ("name", "data"),
    [("nq.pdf", b"%PDF-1.4\n" + HTML), ("nq.html", HTML), ("a.pdf\x00.html", HTML), ("nq.jpg", jpeg_bytes()[:400])],
    ids=["pdf-header-then-html", "html", "nul-suffixed", "truncated-jpeg"],
)
def test_step_form_refuses_a_hostile_scan_keeps_what_was_typed_and_stashes_nothing(
    opened, secretary, login, media, name, data
):
    reviewed = review(login(secretary), opened, resolution_file=upload(name, data, "application/pdf"))

    html = reviewed.content.decode()
    assert reviewed.status_code == 422
    assert "resolution_file" in reviewed.context["form"].errors
    assert 'value="05-NQ/CB"' in html and "Họp chi bộ tháng 9" in html
    assert "chọn lại" in html  # the page asks for the scan again
    assert not (media / "pending").exists()
    assert Candidacy.objects.get(pk=opened.pk).stage == Stage.SOURCE


def test_step_form_refuses_a_scan_over_the_limit_in_mb_in_vietnamese(opened, secretary, login, media):
    reviewed = review(login(secretary), opened, resolution_file=upload("nq.pdf", pdf_bytes(size=int(10.5 * MB))))

    assert reviewed.status_code == 422
    assert reviewed.context["form"].errors["resolution_file"] == ["Tệp quá lớn (10,5 MB); giới hạn là 10 MB."]
    assert 'value="05-NQ/CB"' in reviewed.content.decode()


def test_step_back_from_the_confirmation_discards_the_stash(opened, secretary, login, media):
    client = login(secretary)
    reviewed = review(client, opened, resolution_file=upload("nq.pdf", pdf_bytes()))

    back = confirm(client, opened, reviewed, step=["confirm", "back"])

    assert back.status_code == 200
    assert stashed_files(media) == []
    assert 'value="05-NQ/CB"' in back.content.decode()


def test_step_refused_at_the_confirmation_discards_the_stash_and_keeps_the_input(opened, secretary, login, media):
    client = login(secretary)
    reviewed = review(client, opened, resolution_file=upload("nq.pdf", pdf_bytes()))

    refused = confirm(client, opened, reviewed, confirmed="")

    assert refused.status_code == 422
    assert stashed_files(media) == []
    assert 'value="05-NQ/CB"' in refused.content.decode()
    assert not Document.objects.filter(candidacy=opened).exists()


def test_step_confirmation_whose_scan_was_purged_asks_for_it_again(opened, secretary, login, media):
    client = login(secretary)
    reviewed = review(client, opened, resolution_file=upload("nq.pdf", pdf_bytes()))
    for name in stashed_files(media):
        (media / "pending" / name).unlink()

    done = confirm(client, opened, reviewed)

    assert done.status_code == 422
    assert done.context["form"].errors["resolution_file"] == [
        "Bản quét đã chọn cho mục này không còn được giữ (đã quá một ngày). Hãy chọn lại."
    ]
    assert Candidacy.objects.get(pk=opened.pk).stage == Stage.SOURCE


def test_stash_of_another_session_is_not_found_and_the_step_waits_for_the_scans(opened, secretary, login, client):
    reviewed = review(login(secretary), opened, resolution_file=upload("nq.pdf", pdf_bytes()))
    client.logout()
    client.force_login(secretary)  # a new session: its stashes are its own

    done = confirm(client, opened, reviewed)

    assert done.status_code == 422
    assert done.context["form"].non_field_errors() == [
        "Các bản quét đã chọn trên biểu mẫu không còn được giữ (phiên làm việc đã kết thúc). Hãy chọn lại."
    ]
    assert not Document.objects.filter(candidacy=opened).exists()


# --- Add a document -------------------------------------------------------------------------------------------


def test_document_page_refuses_a_lying_file_and_keeps_what_was_typed(opened, secretary, login):
    response = login(secretary).post(
        reverse("document-upload", args=[opened.pk]),
        {"form_code": FormCode.APPLICATION, "issued_on": today(), "number": "", "signer": "Nguyễn Văn Bảy",
         "file": upload("don.pdf", b"%PDF-1.4\n" + HTML)},
    )  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 422
    assert "file" in response.context["form"].errors
    assert 'value="Nguyễn Văn Bảy"' in html and "chọn lại" in html
    assert not Document.objects.filter(candidacy=opened).exists()


# --- Out --------------------------------------------------------------------------------------------------------


def _document(candidacy, secretary, name: str, data: bytes) -> Document:
    return document_add(actor=secretary, candidacy=candidacy, form_code=FormCode.APPLICATION,
                        issued_on=timezone.localdate(), file=upload(name, data))  # fmt: skip


def test_scan_is_served_as_a_download_of_its_detected_type_with_nosniff(opened, secretary, login):
    scan = png_bytes()
    document = _document(opened, secretary, "don.pdf", scan)  # a PNG named .pdf

    served = login(secretary).get(reverse("document-file", args=[opened.pk, document.pk]))

    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"] == (
        f'attachment; filename="1-knd-{timezone.localdate().isoformat()}-{document.pk}.png"'
    )
    assert served["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "no-store" in served["Cache-Control"] and "private" in served["Cache-Control"]
    assert b"".join(served.streaming_content) == scan
    assert document.file.name.endswith(".png")


def test_scan_stored_before_detection_with_another_type_goes_out_as_octet_stream(opened, secretary, login):
    # A row from before scans were parsed: stored with the client's suffix and a type from its first bytes.
    path = default_storage.save(f"evidence/{opened.pk}/old.html", ContentFile(b"%PDF-1.4\n" + HTML))
    document = Document.objects.create(candidacy=opened, form_code=FormCode.APPLICATION,
                                       issued_on=timezone.localdate(), file=path, content_type="text/html")  # fmt: skip

    served = login(secretary).get(reverse("document-file", args=[opened.pk, document.pk]))

    assert served["Content-Type"] == "application/octet-stream"
    assert served["Content-Disposition"].startswith("attachment;") and served["Content-Disposition"].endswith('.bin"')
    assert served["X-Content-Type-Options"] == "nosniff"


def test_scan_of_another_communes_candidacy_answers_404(tree, secretary, login):
    other_secretary = UserFactory(username="bithu_khac")
    assign_role(other_secretary, Role.CELL_SECRETARY, tree.other_cell)
    foreign = candidacy_create(actor=other_secretary, person=PersonFactory(unit=tree.other_cell), cell=tree.other_cell)
    document = _document(foreign, other_secretary, "don.pdf", pdf_bytes())

    response = login(secretary).get(reverse("document-file", args=[foreign.pk, document.pk]))

    assert response.status_code == 404


def test_scan_under_another_candidacys_url_answers_404(tree, opened, secretary, login):
    second = candidacy_create(actor=secretary, person=PersonFactory(unit=tree.cell_a), cell=tree.cell_a)
    document = _document(second, secretary, "don.pdf", pdf_bytes())

    response = login(secretary).get(reverse("document-file", args=[opened.pk, document.pk]))

    assert response.status_code == 404


def test_scan_needs_a_login(opened, secretary, client):
    document = _document(opened, secretary, "don.pdf", pdf_bytes())

    response = client.get(reverse("document-file", args=[opened.pk, document.pk]))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
def test_media_url_is_not_served_even_in_development(opened, secretary, login, settings, debug):
    settings.DEBUG = debug
    document = _document(opened, secretary, "don.pdf", pdf_bytes())

    response = login(secretary).get(f"/{settings.MEDIA_URL}{document.file.name}")

    assert document.file.storage.exists(document.file.name)
    assert response.status_code == 404
