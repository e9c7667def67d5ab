"""Reports in the Party's format: the dashboard's print page and .docx with the heading, number, place
and date, the compliance section and the signature block; the .xlsx with widths, bold frozen headers,
percentages and an "as of" line; chart labels never cut mid-word."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from partycell.paperwork.rendering import document_text
from partycell.targets.charts import chart_label
from tests.factories import CandidacyFactory, PeriodFactory, TargetFactory, TransitionLogFactory
from workflows.enums import Stage

D = datetime.date


@pytest.fixture
def dashboard_data(tree):
    """The commune's 2026 target of 8, two admissions in cell C, one escalated case in cell A."""
    period = PeriodFactory()
    TargetFactory(unit=tree.commune, period=period, number=8)
    for _ in range(2):
        candidacy = CandidacyFactory(cell=tree.cell_c, stage=Stage.PROBATIONARY, admission_decision_date=D(2026, 3, 1))
        TransitionLogFactory(candidacy=candidacy, to_stage=Stage.ADMISSION_DECIDED, event_date=D(2026, 3, 1))
    escalated = CandidacyFactory(cell=tree.cell_a, stage=Stage.ESCALATED, escalated_phase="admission",
                                 person__full_name="Mai Văn Tuấn")  # fmt: skip
    with time_machine.travel(datetime.datetime(2026, 7, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield period, escalated


def test_print_page_has_the_party_heading_compliance_and_signature(dashboard_data, tree, client, commune_standing):
    period, escalated = dashboard_data
    client.force_login(commune_standing)

    page = client.get(reverse("targets:unit-print", args=[tree.commune.pk]),
                      {"period": period.pk, "number": "05-BC/ĐU", "signer": "deputy"})  # fmt: skip

    html = page.content.decode()
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in html
    assert "TỈNH ỦY THÁI NGUYÊN" in html and "ĐẢNG ỦY PHƯỜNG PHAN ĐÌNH PHÙNG" in html
    assert "Số 05-BC/ĐU" in html
    assert "Phan Đình Phùng, ngày 02 tháng 7 năm 2026" in html
    assert 'id="compliance-heading"' in html and f"HS-{escalated.pk}" in html and "Mai Văn Tuấn" in html
    assert "T/M BAN THƯỜNG VỤ" in html and "PHÓ BÍ THƯ" in html


@pytest.mark.parametrize("number", ["=HYPERLINK(1)", "<script>", "x" * 80, "05-BC/ĐU\x00", "1/2"])
def test_print_page_leaves_a_blank_for_a_number_that_is_not_one(dashboard_data, tree, client, commune_standing,
                                                               number):  # fmt: skip
    period, _escalated = dashboard_data
    client.force_login(commune_standing)

    page = client.get(reverse("targets:unit-print", args=[tree.commune.pk]), {"period": period.pk, "number": number})

    assert page.status_code == 200
    assert "Số …………-BC" in page.content.decode()


def test_docx_report_holds_heading_figures_compliance_and_signature(dashboard_data, tree, client, commune_standing):
    period, escalated = dashboard_data
    client.force_login(commune_standing)

    response = client.get(reverse("targets-report-docx", args=[tree.commune.pk]),
                          {"period": period.pk, "number": "05-BC/ĐU"}, HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip

    assert response.status_code == 200
    assert f"bao-cao-ket-nap-{tree.commune.code.lower()}-2026-07-02.docx" in response["Content-Disposition"]
    text = document_text(response.content)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Số 05-BC/ĐU" in text
    assert "Phan Đình Phùng, ngày 02 tháng 7 năm 2026" in text
    assert "BÁO CÁO" in text and "chỉ tiêu kết nạp đảng viên 2026" in text
    assert "Target: 8; achieved: 2 (25,0% of the target)" in text
    assert "II. Compliance with the procedure" in text and f"HS-{escalated.pk}" in text
    assert "T/M BAN THƯỜNG VỤ\nBÍ THƯ" in text


def test_print_page_reads_full_width_digits_in_the_number(dashboard_data, tree, client, commune_standing):
    period, _escalated = dashboard_data
    client.force_login(commune_standing)

    page = client.get(reverse("targets:unit-print", args=[tree.commune.pk]), {"period": period.pk,
                                                                               "number": "０５-BC/ĐU"})  # fmt: skip

    assert "Số 05-BC/ĐU" in page.content.decode()


def test_docx_report_outside_the_scope_answers_404(dashboard_data, tree, client, secretary):
    period, _escalated = dashboard_data
    client.force_login(secretary)  # cell A only

    assert client.get(reverse("targets-report-docx", args=[tree.commune.pk]), {"period": period.pk}).status_code == 404


def test_xlsx_has_widths_bold_frozen_headers_percentages_and_as_of(dashboard_data, tree, client, auditor):
    period, _escalated = dashboard_data
    client.force_login(auditor)

    response = client.get(reverse("targets:unit-export", args=[tree.commune.pk]), {"period": period.pk},
                          HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip

    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Units"]
    assert sheet["D1"].value == "as of 02/07/2026"
    assert sheet.freeze_panes == "B4"
    assert sheet.column_dimensions["A"].width >= 40
    assert all(cell.font.bold for cell in sheet[3] if cell.value)
    own = sheet[4]
    assert own[0].value == "Đảng ủy phường Phan Đình Phùng" and own[3].value == 0.25
    assert own[3].number_format == "0.0%"
    assert all(name in workbook.sheetnames for name in ("Groups", "Funnel", "Days per stage"))
    assert workbook["Groups"].freeze_panes == "B4"
    assert 'filename="chi-tieu-ket-nap-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('-2026-07-02.xlsx"')


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Chi bộ Tổ dân phố 5 phường Phan Đình Phùng", "Chi bộ Tổ dân phố 5 phường Phan…"),
        ("Đảng ủy Trường THPT Chu Văn An", "Đảng ủy Trường THPT Chu Văn An"),
        ("Chi bộ Giáo viên 1 Trường THPT Chu Văn An xyz", "Chi bộ Giáo viên 1 Trường THPT…"),
    ],
)
def test_chart_labels_are_shortened_at_a_word_boundary(name, label):
    assert chart_label(name) == label
    assert all(word in name.split() for word in label.rstrip("…").split())
