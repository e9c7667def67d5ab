"""In chromium: a PDF and a JPEG attached to a step through its confirmation, then downloaded back unchanged."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import PersonFactory, Role, UserFactory, assign_role
from tests.files import jpeg_bytes, pdf_bytes
from workflows.enums import FormCode, Stage
from workflows.models import Candidacy
from workflows.services import candidacy_create, candidacy_perform

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def at_class_done(tree, secretary, full_name: str) -> Candidacy:
    """A sympathiser of cell A who has the awareness-class certificate: next, the file is opened."""
    person = PersonFactory(unit=tree.cell_a, full_name=full_name)
    candidacy = candidacy_create(actor=secretary, person=person, cell=tree.cell_a)
    candidacy_perform(actor=secretary, candidacy=candidacy, action="sympathiser_add",
                      data={"resolution_date": days_ago(60).isoformat()})  # fmt: skip
    return candidacy_perform(actor=secretary, candidacy=candidacy, action="awareness_class_record",
                             data={"certificate_date": days_ago(45).isoformat(), "certificate_number": "35-CN/TTCT"})


def open_the_file_with_two_scans(page, live_server, candidacy, tmp_path, shot, suffix: str) -> dict[str, bytes]:
    """Attach an application (PDF) and a personal history (JPEG) on the step's form, check the
    confirmation, record it; return the bytes attached, by form code."""
    application, history = pdf_bytes(), jpeg_bytes(width=1200, height=1700)
    (tmp_path / "don-xin-vao-dang.pdf").write_bytes(application)
    (tmp_path / "ly-lich.jpg").write_bytes(history)
    page.goto(f"{live_server.url}/candidacies/{candidacy.pk}/steps/file_open/")
    page.fill("#id_application_date", days_ago(40).strftime("%d/%m/%Y"))
    page.set_input_files("#id_application_file", str(tmp_path / "don-xin-vao-dang.pdf"))
    page.fill("#id_history_date", days_ago(38).strftime("%d/%m/%Y"))
    page.set_input_files("#id_history_file", str(tmp_path / "ly-lich.jpg"))
    shot(page, f"scans-form{suffix}")
    page.click("main form button.primary")
    page.wait_for_selector("#id_confirmed")
    summary = page.inner_text("main .summary-table")
    assert "don-xin-vao-dang.pdf" in summary and "ly-lich.jpg" in summary
    page.check("#id_confirmed")
    shot(page, f"scans-confirm{suffix}")
    page.click("main form button.primary")
    page.wait_for_selector(".messages")
    return {FormCode.APPLICATION: application, FormCode.PERSONAL_HISTORY: history}


def download(page, candidacy, document) -> tuple[bytes, str]:
    with page.expect_download() as started:
        page.click(f"a[href='/candidacies/{candidacy.pk}/documents/{document.pk}/']")
    got = started.value
    with open(got.path(), "rb") as saved:
        return saved.read(), got.suggested_filename


@pytest.mark.parametrize(("width", "height", "suffix"), [(1280, 900, ""), (360, 740, "-360")], ids=["desktop", "phone"])
def test_scans_attached_through_the_confirmation_download_back_unchanged(
    tree, live_server, page_for, shot, settings, tmp_path, width, height, suffix
):
    settings.MEDIA_ROOT = tmp_path / "media"
    secretary = UserFactory(username="bithu_a")
    assign_role(secretary, Role.CELL_SECRETARY, tree.cell_a)
    candidacy = at_class_done(tree, secretary, "Đặng Thị Thu Trang")
    page = page_for(secretary, width=width, height=height)

    attached = open_the_file_with_two_scans(page, live_server, candidacy, tmp_path, shot, suffix)

    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.FILE_OPEN
    page.goto(f"{live_server.url}/candidacies/{candidacy.pk}/")
    shot(page, f"scans-candidate-page{suffix}")
    documents = {document.form_code: document for document in candidacy.documents.exclude(file="")}
    assert sorted(documents) == sorted(attached)
    for code, sent in attached.items():
        received, filename = download(page, candidacy, documents[code])
        assert received == sent
        assert filename.endswith(".pdf" if code == FormCode.APPLICATION else ".jpg")
    assert not list((tmp_path / "media" / "pending").rglob("*.*"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_file_that_lies_about_its_type_is_refused_in_vietnamese_and_the_typed_dates_stay(
    tree, live_server, page_for, shot, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    secretary = UserFactory(username="bithu_a")
    assign_role(secretary, Role.CELL_SECRETARY, tree.cell_a)
    candidacy = at_class_done(tree, secretary, "Lê Minh Châu")
    (tmp_path / "don.pdf").write_bytes(b"%PDF-1.4\n<html><script>alert(1)</script></html>")
    page = page_for(secretary, width=360, height=740)

    page.goto(f"{live_server.url}/candidacies/{candidacy.pk}/steps/file_open/")
    page.fill("#id_application_date", days_ago(40).strftime("%d/%m/%Y"))
    page.set_input_files("#id_application_file", str(tmp_path / "don.pdf"))
    page.fill("#id_history_date", days_ago(38).strftime("%d/%m/%Y"))
    page.click("main form button.primary")
    page.wait_for_selector(".errorlist")
    shot(page, "scans-refused-360")

    assert "không đọc được" in page.inner_text("main")
    assert "hãy chọn lại các bản quét" in page.inner_text("main")
    assert page.input_value("#id_history_date") == days_ago(38).strftime("%d/%m/%Y")
    assert Candidacy.objects.get(pk=candidacy.pk).stage == Stage.CLASS_DONE
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
