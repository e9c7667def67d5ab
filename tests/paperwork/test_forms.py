"""Forms filled from the case: every .docx opens with python-docx and holds what the case recorded."""

import io

import pytest
from docx import Document

from partycell.paperwork.rendering import document_text
from partycell.paperwork.services import form_generate
from partycell.paperwork.specs import SPECS
from tests.paperwork.conftest import CANDIDATE
from workflows.enums import FormCode

ORGANISATION_FORMS = [code for code, spec in SPECS.items() if spec.signing_body or spec.issuer == "competent"]


def _text(generated) -> str:
    return document_text(bytes(generated.content))


@pytest.mark.parametrize("code", list(SPECS))
def test_every_form_opens_and_names_the_candidate_in_vietnamese_order(official, secretary, code):
    generated = form_generate(candidacy=official, code=code, actor=secretary)

    document = Document(io.BytesIO(bytes(generated.content)))
    text = _text(generated)
    assert document.paragraphs  # python-docx reads it
    assert CANDIDATE in text
    assert "Khoa Đỗ Minh" not in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "{{" not in text and "}}" not in text


@pytest.mark.parametrize("code", ORGANISATION_FORMS)
def test_organisation_forms_carry_the_heading_and_a_signature_block_for_the_body(official, secretary, code):
    text = _text(form_generate(candidacy=official, code=code, actor=secretary))

    assert "T/M " in text
    assert "\nBÍ THƯ\n" in text
    assert "Phan Đình Phùng, ngày " in text  # place and date: the commune the unit lies in


def test_cell_resolution_holds_the_vote_counts_the_number_and_the_secretary(official, secretary):
    text = _text(form_generate(candidacy=official, code=FormCode.CELL_RESOLUTION, actor=secretary))

    # tests/walk.py: the cell of 7 official members votes 6 in favour, 1 present absent... 7 present.
    assert "Số 12-NQ/CB" in text
    assert "Phan Đình Phùng, ngày 03 tháng 3 năm 2026" in text
    assert "có quyền biểu quyết: 7 đồng chí; có mặt: 7 đồng chí; vắng mặt: 0 đồng chí" in text
    assert "tán thành 6 đồng chí, đạt 85,7% tổng số đảng viên chính thức; không tán thành 0 đồng chí" in text
    assert "T/M CHI BỘ\nBÍ THƯ" in text
    assert "Nguyễn Thị Hồng" in text  # the cell secretary, family name first
    assert "Chi bộ đề nghị Đảng ủy Trường THPT Chu Văn An xem xét" in text


def test_grassroots_resolution_holds_the_committee_vote(official, secretary):
    text = _text(form_generate(candidacy=official, code=FormCode.GRASSROOTS_RESOLUTION, actor=secretary))

    assert "Tổng số cấp ủy viên: 11 đồng chí; có mặt: 11 đồng chí" in text
    assert "tán thành 9 đồng chí, đạt 81,8% tổng số cấp ủy viên" in text
    assert "T/M ĐẢNG ỦY\nBÍ THƯ" in text


def test_admission_decision_holds_its_number_date_and_the_standing_committee(official, secretary):
    text = _text(form_generate(candidacy=official, code=FormCode.ADMISSION_DECISION, actor=secretary))

    assert "Số 125-QĐ/ĐU" in text
    assert "ngày 06 tháng 4 năm 2026" in text
    assert "BAN THƯỜNG VỤ ĐẢNG ỦY PHƯỜNG PHAN ĐÌNH PHÙNG" in text
    assert "T/M BAN THƯỜNG VỤ\nBÍ THƯ" in text
    assert f"Điều 1. Kết nạp quần chúng {CANDIDATE}" in text


def test_recognition_decision_names_the_admission_decision_and_its_own_number(official, secretary):
    text = _text(form_generate(candidacy=official, code=FormCode.RECOGNITION_DECISION, actor=secretary))

    assert "Số 310-QĐ/ĐU" in text
    assert "ngày 01 tháng 6 năm 2027" in text
    assert "kết nạp theo Quyết định số 125-QĐ/ĐU ngày 06/04/2026" in text
    assert "là đảng viên chính thức kể từ ngày 20/04/2027" in text


def test_recognition_resolutions_hold_their_votes(official, secretary):
    cell = _text(form_generate(candidacy=official, code=FormCode.CELL_RECOGNITION_RESOLUTION, actor=secretary))
    committee = _text(
        form_generate(candidacy=official, code=FormCode.GRASSROOTS_RECOGNITION_RESOLUTION, actor=secretary)
    )

    assert "tán thành 7 đồng chí, đạt 100% tổng số đảng viên chính thức" in cell
    assert "tán thành 11 đồng chí, đạt 100% tổng số cấp ủy viên" in committee


def test_introduction_is_signed_by_the_introducer_with_the_months_together(official, secretary, roll_a):
    text = _text(form_generate(candidacy=official, code=FormCode.INTRODUCTION, actor=secretary))

    assert "NGƯỜI GIỚI THIỆU\n(Ký, ghi rõ họ và tên)" in text
    assert "Tôi là: Trần Thị Lan, đảng viên chính thức" in text
    assert "18 tháng" in text


def test_deputy_secretary_signs_when_chosen(official, secretary):
    from partycell.paperwork.context import DEPUTY, Options

    text = _text(form_generate(candidacy=official, code=FormCode.CELL_RESOLUTION, actor=secretary,
                               options=Options(signer=DEPUTY)))  # fmt: skip

    assert "T/M CHI BỘ\nPHÓ BÍ THƯ" in text


def test_a_name_with_markup_characters_is_written_as_text(official, secretary):
    official.person.full_name = "Lê <Văn> & Tám"
    official.person.save()

    text = _text(form_generate(candidacy=official, code=FormCode.APPLICATION, actor=secretary))

    assert "Lê <Văn> & Tám" in text


def test_a_form_before_its_vote_leaves_the_counts_blank_to_fill_by_hand(case_walk, secretary):
    candidacy = case_walk.through("introduction_record")

    text = _text(form_generate(candidacy=candidacy, code=FormCode.CELL_RESOLUTION, actor=secretary))

    assert "có quyền biểu quyết: ………… đồng chí" in text
    assert "Số …………-NQ/CB" in text
