"""Starting mid-stream through the page: a generated roll of 2,590 members and 120 open cases, saved the
way Excel saves them, imported; imported again without a change; the 2020-2025 term's targets counted
from the imported admissions (issue 12, "Done when")."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from partycell.people.models import Membership, Person
from partycell.targets.enums import PeriodKind, TargetKind
from partycell.targets.selectors.achievement import unit_achievements
from tests.factories import PeriodFactory, TargetFactory
from tests.workbooks import TERM_2020_2025, cases_workbook, roll_workbook
from workflows.enums import Stage
from workflows.models import Candidacy, Document, TransitionLog, Vote

TODAY = datetime.date(2026, 12, 15)


@pytest.fixture(autouse=True)
def on_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def upload(client, kind, content: bytes, name: str):
    file = SimpleUploadedFile(name, content)
    return client.post(reverse("import-upload", args=[kind]), {"file": file}, HTTP_ACCEPT_LANGUAGE="en")


def written():
    return (Person.objects.count(), Membership.objects.count(), Candidacy.objects.count(),
            TransitionLog.objects.count(), Document.objects.count(), Vote.objects.count())  # fmt: skip


def test_import_roll_of_2590_members_and_120_open_cases_then_again_changes_nothing(tree, commune_staff, login):
    client = login(commune_staff)
    cells = [tree.cell_a, tree.cell_b, tree.cell_c]
    roll, cases = roll_workbook(cells), cases_workbook(cells)

    first = upload(client, "members", roll, "danh-sach-dang-vien.xlsx")
    second = upload(client, "cases", cases, "ho-so-dang-xet.xlsx")

    assert (first.status_code, second.status_code) == (302, 302)
    assert Membership.objects.count() == 2590
    assert Candidacy.objects.filter(stage__in=[Stage.OFFICIAL]).count() == 2550
    assert Candidacy.objects.filter(stage=Stage.PROBATIONARY).count() == 40
    assert Candidacy.objects.exclude(admission_decision_date__isnull=False).count() == 120
    # Text columns kept the leading zeros of the CCCD and the card number.
    assert Membership.objects.get(person__citizen_id="001195100000").party_card_number == "00000001"
    before = written()

    again = upload(client, "members", roll, "danh-sach-dang-vien.xlsx")
    assert again.status_code == 302
    again_cases = upload(client, "cases", cases, "ho-so-dang-xet.xlsx")

    assert written() == before
    # The messages of the session so far, the two imports' first, then the two again.
    messages = [str(message) for message in again_cases.wsgi_request._messages]
    assert messages[-2:] == ["0 rows added, 0 updated, 2590 unchanged.", "0 rows added, 0 updated, 120 unchanged."]


def test_targets_of_the_2020_2025_term_count_the_imported_admissions(tree, commune_staff, login):
    term = PeriodFactory(kind=PeriodKind.TERM, starts_on=TERM_2020_2025[0], ends_on=TERM_2020_2025[1])
    TargetFactory(unit=tree.commune, period=term, number=300)
    roll = roll_workbook([tree.cell_a, tree.cell_c], members=500, in_term=329, probationary=10)

    response = upload(login(commune_staff), "members", roll, "danh-sach.xlsx")

    assert response.status_code == 302
    report = unit_achievements(unit=tree.commune, period=term, kind=TargetKind.ADMISSIONS, today=TODAY)
    assert (report.own.total.target, report.own.total.achieved) == (300, 329)
    assert report.own.total.percent == Decimal("109.7")
    # Every one of them is an "imported" entry dated at its decision, naming the file.
    entries = TransitionLog.objects.filter(to_stage=Stage.ADMISSION_DECIDED, event_date__range=TERM_2020_2025)
    assert set(entries.values_list("action", "evidence__file")) == {("import", "danh-sach.xlsx")}


def test_import_template_of_open_cases_lists_the_stages_and_keeps_codes_as_text(tree, commune_staff, login):
    response = login(commune_staff).get(reverse("import-template", args=["cases"]))

    workbook = load_workbook(io.BytesIO(response.content))
    headers = [cell.value for cell in workbook["Danh sách"][1]]
    assert "Giai đoạn hiện tại *" in headers and "Tổ chức đề nghị" in headers
    values = [row[1] for row in workbook["Giá trị hợp lệ"].iter_rows(values_only=True)]
    assert "Chi bộ đề nghị kết nạp" in values and "Hội Cựu chiến binh" in values
    stage_column = headers.index("Số CCCD *") + 1
    assert workbook["Danh sách"].cell(row=2, column=stage_column).number_format == "@"
