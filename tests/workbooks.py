"""Generated workbooks of an existing committee, saved the way Excel saves them: CCCDs, codes and card
numbers in Text columns (leading zeros kept), dates as real dates shown dd/mm/yyyy, vote counts as
numbers. Used by the import tests and ``benchmarks/imports.py``.

``roll_workbook``: 2,590 members by default, 329 of them admitted in the 2020-2025 term
(01/10/2020-30/09/2025) and recognised since, most admitted earlier, the last ones still on probation.
``cases_workbook``: 120 open cases spread over the stages a case can wait in.
"""

import datetime
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from partycell.organisations.models import Unit
from partycell.rulebook.calendar import add_months
from partycell.web.imports import SPECS

D = datetime.date
TERM_2020_2025 = (D(2020, 10, 1), D(2025, 9, 30))


def _save(kind: str, rows: list[dict[str, Any]]) -> bytes:
    spec = SPECS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.header + (" *" if column.required else "") for column in spec.columns])
    for row in rows:
        sheet.append([row.get(column.name) for column in spec.columns])
        for column, cell in zip(spec.columns, sheet[sheet.max_row], strict=True):
            if column.text:
                cell.number_format = "@"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _person(index: int, *, born: datetime.date, cell: Unit, prefix: str) -> dict[str, Any]:
    sex = "Nữ" if index % 3 == 0 else "Nam"
    century = (born.year // 100 - 19) * 2 + (1 if sex == "Nữ" else 0)
    return {
        "full_name": f"Nguyễn Thị Thu {index}" if sex == "Nữ" else f"Trần Văn Minh {index}",
        "date_of_birth": born,
        "sex": sex,
        # Province 001 (Hà Nội), the century/sex digit and the year, then a serial: 12 digits, a leading zero.
        "citizen_id": f"001{century}{born.year % 100:02d}{prefix}{index:05d}",
        "cell": cell.code,
        "education_level": "THPT",
        "is_youth_union_member": "có" if born.year >= 1990 else "",
    }


def _spread(start: datetime.date, end: datetime.date, index: int, count: int) -> datetime.date:
    """The ``index``-th of ``count`` decisions between ``start`` and ``end``, decided in monthly batches
    (the committee's meeting on the 10th), as a register of decisions has them."""
    day = start + datetime.timedelta(days=(end - start).days * index // max(count - 1, 1))
    batch = day.replace(day=10)
    return batch if start <= batch <= end else day


def roll_rows(
    cells: Sequence[Unit], *, members: int = 2590, in_term: int = 329, probationary: int = 40
) -> list[dict[str, Any]]:
    """The rows of ``roll_workbook``."""
    rows = []
    earlier = members - in_term - probationary
    for index in range(members):
        cell = cells[index % len(cells)]
        if index < in_term:
            decided = _spread(TERM_2020_2025[0], TERM_2020_2025[1], index, in_term)
        elif index < in_term + earlier:
            decided = _spread(D(1985, 1, 10), D(2020, 9, 25), index - in_term, earlier)
        else:
            decided = _spread(D(2026, 1, 5), D(2026, 6, 30), index - in_term - earlier, probationary)
        born = D(min(decided.year - 25, 2001), 1 + index % 12, 1 + index % 28)
        row = _person(index, born=born, cell=cell, prefix="1")
        ceremony = decided + datetime.timedelta(days=20)
        row.update(admission_decision_date=decided, admission_decision_number=f"{index + 1}-QĐ/ĐU",
                   ceremony_date=ceremony)  # fmt: skip
        if index < in_term + earlier:
            recognised = add_months(ceremony, 12)
            row.update(
                status="Chính thức", recognition_date=recognised,
                recognition_decision_date=recognised + datetime.timedelta(days=30),
                party_card_number=f"0{index + 1:07d}", party_card_date=recognised + datetime.timedelta(days=35),
                party_card_decision_number=f"{index + 1}-QĐ/ĐU",
            )  # fmt: skip
        else:
            row["status"] = "Dự bị"
        rows.append(row)
    return rows


def roll_workbook(cells: Sequence[Unit], **counts: int) -> bytes:
    return _save("members", roll_rows(cells, **counts))


# Stages an open case waits in, with the dates it has passed (as offsets in days from its first date).
_CASE_STAGES = (
    ("Cảm tình Đảng", {"sympathiser_on": 0}),
    ("Đã học lớp nhận thức", {"sympathiser_on": 0, "awareness_certificate_on": 60}),
    ("Đã lập hồ sơ", {"sympathiser_on": 0, "awareness_certificate_on": 60, "file_opened_on": 90}),
    ("Đã thẩm tra lý lịch", {"sympathiser_on": 0, "awareness_certificate_on": 60, "file_opened_on": 90,
                             "verified_on": 120}),
    ("Đã giới thiệu", {"sympathiser_on": 0, "awareness_certificate_on": 60, "file_opened_on": 90, "verified_on": 120,
                       "introduced_on": 150}),
    ("Chi bộ đề nghị kết nạp", {"sympathiser_on": 0, "awareness_certificate_on": 60, "file_opened_on": 90,
                                "verified_on": 120, "introduced_on": 150, "cell_resolution_date": 170}),
)  # fmt: skip


CASES_START = D(2026, 1, 5)


def cases_rows(cells: Sequence[Unit], *, count: int = 120, first: datetime.date = CASES_START) -> list[dict]:
    """The rows of ``cases_workbook``: ``count`` cases, ``cells`` in turn, stages in turn."""
    rows = []
    for index in range(count):
        cell = cells[index % len(cells)]
        stage, offsets = _CASE_STAGES[index % len(_CASE_STAGES)]
        row = _person(index, born=D(1996 + index % 8, 1 + index % 12, 1 + index % 28), cell=cell, prefix="2")
        row["stage"] = stage
        row["proposed_by"] = ("Đoàn Thanh niên", "Công đoàn", "Hội Phụ nữ", "")[index % 4]
        for name, days in offsets.items():
            row[name] = first + datetime.timedelta(days=days + index % 7)
        if "cell_resolution_date" in offsets:
            row.update(cell_vote_eligible=12, cell_vote_present=11, cell_vote_in_favour=10, cell_vote_against=1)
        rows.append(row)
    return rows


def cases_workbook(cells: Sequence[Unit], **options: Any) -> bytes:
    return _save("cases", cases_rows(cells, **options))
