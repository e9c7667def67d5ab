"""Import candidates and party members from .xlsx files.

1. ``read_sheet`` streams the first sheet with openpyxl (``read_only=True``) and rejects the whole
   file with one clear message when it is not a readable .xlsx, has too many rows, or its first row
   does not carry the template's headers.
2. ``validate_rows`` validates every row on its own (model validation, the user's cells, duplicate
   citizen IDs inside the file) and returns one ``RowResult`` per row with its errors.
3. ``import_rows`` writes the given valid rows in one transaction, through the same services the
   pages use: nothing is written when any of them fails.

The headers are fixed Vietnamese text, whatever the interface language: they are a file format.
"""

import datetime
import io
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import override as language_override
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from partycell.accounts.models import User
from partycell.organisations.models import Unit
from partycell.people.choices import ETHNIC_GROUPS, EducationLevel, Occupation, Religion, Sector, Sex
from partycell.people.models import Membership, MembershipStatus, Person
from partycell.people.services import person_create
from partycell.people.vietnamese import fold
from partycell.web.selectors import cells_for_registration
from workflows.services import candidacy_create

MAX_ROWS = 2000
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")
_YES = {"co", "x", "1", "true", "yes"}
_NO = {"", "khong", "0", "false", "no"}


class SpreadsheetRejected(Exception):
    """The file as a whole cannot be read; ``message`` says why, in one sentence."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class CellError(ValueError):
    """A cell's value does not parse; the message is shown to the user."""


# --- Cell parsers --------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def parse_date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(_text(value), fmt).date()
        except ValueError:
            continue
    raise CellError(_("Write the date as dd/mm/yyyy."))


def parse_yes_no(value: Any) -> bool:
    folded = fold(_text(value))
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise CellError(_('Write "có" or leave empty.'))


def choice_parser(choices: list[tuple[str, Any]], extra: dict[str, str] | None = None) -> Callable[[Any], str]:
    """Accept a choice's code or its label (in Vietnamese or English), without caring for accents."""

    def parse(value: Any) -> str:
        folded = fold(_text(value))
        if not folded:
            return ""
        lookup = {fold(code): code for code, _label in choices}
        for language in ("vi", "en"):
            with language_override(language):
                lookup.update({fold(str(label)): code for code, label in choices})
        lookup.update({fold(label): code for label, code in (extra or {}).items()})
        if folded in lookup:
            return lookup[folded]
        raise CellError(_("Unknown value; see the sheet of allowed values."))

    return parse


# Vietnamese spellings people type, whatever the translations say.
SEX_WORDS = {"Nam": Sex.MALE, "Nữ": Sex.FEMALE}
STATUS_WORDS = {"Dự bị": MembershipStatus.PROBATIONARY, "Chính thức": MembershipStatus.OFFICIAL}
EDUCATION_WORDS = {
    "Biết đọc biết viết": EducationLevel.LITERATE_ONLY, "Tiểu học": EducationLevel.PRIMARY,
    "THCS": EducationLevel.LOWER_SECONDARY, "Trung học cơ sở": EducationLevel.LOWER_SECONDARY,
    "THPT": EducationLevel.UPPER_SECONDARY, "Trung học phổ thông": EducationLevel.UPPER_SECONDARY,
    "9/12": EducationLevel.LOWER_SECONDARY, "12/12": EducationLevel.UPPER_SECONDARY,
}  # fmt: skip


@dataclass(frozen=True)
class ImportColumn:
    header: str  # the exact Vietnamese header of the template
    name: str  # the field it fills
    parse: Callable[[Any], Any] = _text
    required: bool = False
    hint: str = ""
    allowed: list[str] = field(default_factory=list)


_PERSON_COLUMNS = [
    ImportColumn("Họ và tên", "full_name", required=True, hint="Nguyễn Văn An"),
    ImportColumn("Ngày sinh", "date_of_birth", parse_date, required=True, hint="17/05/1998"),
    ImportColumn("Giới tính", "sex", choice_parser(Sex.choices, SEX_WORDS), required=True, allowed=list(SEX_WORDS)),
    ImportColumn("Số CCCD", "citizen_id", required=True, hint="012345678901"),
    ImportColumn("Mã chi bộ", "cell", required=True, hint="CB-GV1"),
    ImportColumn("Dân tộc", "ethnic_group", choice_parser(ETHNIC_GROUPS), allowed=[n for _c, n in ETHNIC_GROUPS]),
    ImportColumn("Tôn giáo", "religion", choice_parser(Religion.choices)),
    ImportColumn(
        "Trình độ giáo dục phổ thông",
        "education_level",
        choice_parser(EducationLevel.choices, EDUCATION_WORDS),
        allowed=list(EDUCATION_WORDS),
    ),  # fmt: skip
    ImportColumn("Nghề nghiệp", "occupation", choice_parser(Occupation.choices)),
    ImportColumn("Khu vực làm việc", "sector", choice_parser(Sector.choices)),
    ImportColumn("Nơi làm việc / học tập", "workplace"),
    ImportColumn("Nơi cư trú", "residence"),
    ImportColumn("Điện thoại", "phone"),
    ImportColumn("Email", "email"),
    ImportColumn("Đoàn viên", "is_youth_union_member", parse_yes_no, allowed=["có", ""]),
    ImportColumn("Công đoàn viên", "is_trade_union_member", parse_yes_no, allowed=["có", ""]),
]
_MEMBER_COLUMNS = [
    ImportColumn(
        "Trạng thái",
        "status",
        choice_parser(MembershipStatus.choices, STATUS_WORDS),
        required=True,
        allowed=list(STATUS_WORDS),
    ),  # fmt: skip
    ImportColumn("Ngày quyết định kết nạp", "admission_decision_date", parse_date, required=True, hint="02/03/2015"),
    ImportColumn("Số quyết định kết nạp", "admission_decision_number", hint="125-QĐ/ĐU"),
    ImportColumn("Ngày lễ kết nạp", "ceremony_date", parse_date, hint="20/03/2015"),
    ImportColumn("Ngày công nhận chính thức", "recognition_date", parse_date, hint="20/03/2016"),
    ImportColumn("Số thẻ đảng viên", "party_card_number"),
]


@dataclass(frozen=True)
class ImportSpec:
    kind: str
    title: Any
    columns: list[ImportColumn]
    filename: str


SPECS = {
    "candidates": ImportSpec("candidates", gettext_lazy("Candidates"), _PERSON_COLUMNS, "mau-nhap-quan-chung.xlsx"),
    "members": ImportSpec(
        "members", gettext_lazy("Party members"), [*_PERSON_COLUMNS, *_MEMBER_COLUMNS], "mau-nhap-dang-vien.xlsx"
    ),
}


@dataclass
class RowResult:
    number: int  # the row number in Excel, headers being row 1
    values: dict[str, Any]  # column name -> the cell's value as read
    data: dict[str, Any] = field(default_factory=dict)  # column name -> parsed value
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return _text(self.values.get("full_name"))

    @property
    def is_valid(self) -> bool:
        return not self.errors


# --- Template ------------------------------------------------------------------------------------


def template_workbook(spec: ImportSpec) -> bytes:
    """The template: the headers, one example row, and a sheet listing the allowed values."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append([column.header + (" *" if column.required else "") for column in spec.columns])
    sheet.append([column.hint or "" for column in spec.columns])
    values = workbook.create_sheet("Giá trị hợp lệ")
    values.append(["Cột", "Giá trị"])
    for column in spec.columns:
        for allowed in column.allowed:
            values.append([column.header, allowed])
    values.append(["Ngày", "dd/mm/yyyy"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Reading -------------------------------------------------------------------------------------


def _header(value: Any) -> str:
    return fold(_text(value).rstrip("*").strip())


def read_sheet(upload, spec: ImportSpec) -> list[RowResult]:
    """Read every non-empty row of the first sheet into a raw ``RowResult``; reject unreadable files."""
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise SpreadsheetRejected(_("The file is damaged or is not an Excel .xlsx file.")) from error
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        headers = [_header(value) for value in next(rows, ())]
        expected = {_header(column.header): column for column in spec.columns}
        missing = [column.header for key, column in expected.items() if column.required and key not in headers]
        if missing:
            raise SpreadsheetRejected(
                _("The first row does not match the template; missing columns: %(columns)s.")
                % {"columns": ", ".join(missing)}
            )
        positions = {expected[key].name: index for index, key in enumerate(headers) if key in expected}
        results = []
        for number, cells in enumerate(rows, start=2):
            values = {name: cells[index] if index < len(cells) else None for name, index in positions.items()}
            if not any(_text(value) for value in values.values()):
                continue
            if len(results) >= MAX_ROWS:
                raise SpreadsheetRejected(_("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS})
            results.append(RowResult(number=number, values=values))
    except zipfile.BadZipFile as error:
        raise SpreadsheetRejected(_("The file is damaged or is not an Excel .xlsx file.")) from error
    finally:
        workbook.close()
    if not results:
        raise SpreadsheetRejected(_("The file has no rows to import below the headers."))
    return results


# --- Validation ----------------------------------------------------------------------------------


def _messages(error: ValidationError, labels: dict[str, str]) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{labels.get(name, name)}: {message}" if name != "__all__" else message
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


def _parse_row(row: RowResult, spec: ImportSpec, cells: dict[str, Unit]) -> None:
    for column in spec.columns:
        if column.name not in row.values:
            continue
        value = row.values[column.name]
        if column.required and _text(value) == "":
            row.errors.append(_("%(column)s: this value is required.") % {"column": column.header})
            continue
        try:
            parsed = column.parse(value)
        except CellError as error:
            row.errors.append(f"{column.header}: {error}")
            continue
        if parsed not in ("", None) or column.parse is parse_yes_no:
            row.data[column.name] = parsed
    if "cell" in row.data:
        cell = cells.get(fold(row.data["cell"]))
        if cell is None:
            row.errors.append(_("Mã chi bộ: no party cell with this code among yours."))
        row.data["unit"] = row.data["cell"] = cell


def _validate_models(row: RowResult, spec: ImportSpec) -> None:
    labels = {column.name: column.header for column in spec.columns}
    person_data = {key: value for key, value in row.data.items() if key in {f.name for f in Person._meta.fields}}
    person = Person(**person_data)
    try:
        person.fill_derived_fields()
        person.full_clean()
    except ValidationError as error:
        row.errors += _messages(error, labels)
    if spec.kind == "members":
        member_fields = {f.name for f in Membership._meta.fields} - {"person", "cell"}
        membership = Membership(cell=row.data.get("cell"), **{k: v for k, v in row.data.items() if k in member_fields})
        try:
            membership.full_clean(exclude=["person", "cell"])
        except ValidationError as error:
            row.errors += _messages(error, labels)


def validate_rows(rows: list[RowResult], *, spec: ImportSpec, actor: User) -> list[RowResult]:
    """Parse and validate every row; each keeps its own list of error messages."""
    cells = {fold(unit.code): unit for unit in cells_for_registration(actor)}
    for row in rows:
        _parse_row(row, spec, cells)
        if not row.errors:
            _validate_models(row, spec)
    duplicates = Counter(row.data.get("citizen_id") for row in rows if row.data.get("citizen_id"))
    for row in rows:
        if duplicates.get(row.data.get("citizen_id"), 0) > 1:
            row.errors.append(_("Số CCCD: the same citizen ID appears on several rows of the file."))
    return rows


def parse_file(upload, *, spec: ImportSpec, actor: User) -> list[RowResult]:
    return validate_rows(read_sheet(upload, spec), spec=spec, actor=actor)


# --- Writing -------------------------------------------------------------------------------------


def _import_one(row: RowResult, *, spec: ImportSpec, actor: User) -> None:
    person = person_create(actor=actor, data=row.data)
    if spec.kind == "candidates":
        candidacy_create(actor=actor, person=person, cell=row.data["cell"], note=_("Imported from a spreadsheet."))
        return
    member_fields = {f.name for f in Membership._meta.fields} - {"person", "cell", "id"}
    membership = Membership(
        person=person, cell=row.data["cell"], **{k: v for k, v in row.data.items() if k in member_fields}
    )
    membership.full_clean()
    membership.save()


@transaction.atomic
def import_rows(rows: list[RowResult], *, spec: ImportSpec, actor: User) -> int:
    """Write every given row, all or nothing; return how many were written.

    Only valid rows may be passed. A row that fails now (someone registered the same citizen ID
    meanwhile) raises and rolls the whole file back.
    """
    if not all(row.is_valid for row in rows):
        raise ValueError("import_rows takes validated rows only")
    for row in rows:
        _import_one(row, spec=spec, actor=actor)
    return len(rows)
