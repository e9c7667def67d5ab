"""Import candidates and party members from .xlsx files, as real Excel writes them.

1. ``template_workbook`` writes the template: the headers, an example row, the columns Excel would
   turn into numbers formatted as Text, a sheet of the cell codes the user may import into, and a
   sheet of the allowed values.
2. ``read_sheet`` streams the first sheet with openpyxl (``read_only=True``) and rejects the whole
   file with one clear message when it is not a readable .xlsx, has too many rows, or its first row
   does not carry the template's headers. The example row, left in place, is skipped.
3. ``validate_rows`` validates every row on its own (each cell, the model validation of the fields
   that parsed, the user's cells, duplicate citizen IDs inside the file) and returns one
   ``RowResult`` per row with *every* error of the row, not only the first.
4. ``import_rows`` writes the given valid rows in one transaction, through the same services the
   pages use: nothing is written when any of them fails.

What Excel does to the cells, and what the reader does about it:

- Text is normalised: NFC (a name typed on a Mac or pasted from a PDF arrives decomposed),
  zero-width characters dropped, full-width digits and letters made ASCII, spaces collapsed.
- A date is a real Excel date, or text written dd/mm/yyyy, dd-mm-yyyy or dd.mm.yyyy (the web
  forms' formats, ``partycell.formats.dates``); a day that does not exist is named as such.
- A CCCD typed into a General column becomes a number and loses its leading zeros (every CCCD
  starts with its province code, 001 to 096). The number alone gives back the 12 digits (the
  length is fixed), but it cannot tell a dropped zero from a digit the user forgot. So a number of
  10 or 11 digits is padded back to 12 only when the padded ID's digits 4 to 6, which encode the
  century, sex and year of birth, agree with the row's sex and date of birth; otherwise the row is
  refused with a message that names the lost zero and the fix (a Text column). A wrong guess would
  register someone under another person's ID, which a refusal never does.
- A phone number typed as a number lost its trunk 0 (Vietnamese numbers all start with one); a
  number of 9 or 10 digits gets it back.
- A cell code typed as a number matches a code of digits whose leading zeros Excel dropped.

The headers are fixed Vietnamese text, whatever the interface language: they are a file format.
"""

import datetime
import io
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, TypeGuard

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import override as language_override
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from partycell.accounts.models import User
from partycell.formats.dates import DATE_PATTERN, DateNotRead, read_date
from partycell.organisations.models import Unit
from partycell.people.choices import ETHNIC_GROUPS, EducationLevel, Occupation, Religion, Sector, Sex
from partycell.people.models import Membership, MembershipStatus, Person, normalise_card_number
from partycell.people.services import person_create
from partycell.people.vietnamese import fold, normalise_text
from partycell.web.spreadsheet_files import SpreadsheetRejected, open_workbook
from workflows import imports as procedure
from workflows.enums import ProposingOrganisation, Stage
from workflows.services import candidacy_create

MAX_ROWS = 10_000
CITIZEN_ID_LENGTH = 12
TEXT_FORMAT = "@"  # Excel's "Text" number format: what is typed stays as typed
DATE_NUMBER_FORMAT = "DD/MM/YYYY"
LIST_SHEET, CODES_SHEET, VALUES_SHEET = "Danh sách", "Mã chi bộ", "Giá trị hợp lệ"
_YES = {"co", "x", "1", "true", "yes"}
_NO = {"", "khong", "0", "false", "no"}


class CellError(ValueError):
    """A cell's value does not parse; the message is shown to the user."""


# --- Cell parsers --------------------------------------------------------------------------------


def _is_number(value: Any) -> TypeGuard[int | float]:
    """A whole number as Excel stores it (an int, or a float such as 1.2345678901E10)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _text(value: Any) -> str:
    """The cell as text: NFC, no zero-width characters, full-width forms as ASCII, spaces collapsed."""
    if value is None:
        return ""
    if _is_number(value):
        value = int(value)
    return normalise_text(str(value))


def _card_number(value: Any) -> str:
    """A party card number as the roll stores it (``normalise_card_number``): no inner spaces, upper case."""
    return normalise_card_number(_text(value))


def parse_date(value: Any) -> datetime.date | None:
    """A real Excel date, or text written dd/mm/yyyy, dd-mm-yyyy or dd.mm.yyyy."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        return read_date(text)
    except DateNotRead as error:
        raise CellError(error.message) from None


def parse_citizen_id(value: Any) -> str:
    """The CCCD as typed; a number of 10 or 11 digits padded back to 12 (``_check_citizen_id_number``
    then decides whether the padding can be trusted)."""
    if _is_number(value):
        digits = str(int(value))
        if CITIZEN_ID_LENGTH - 2 <= len(digits) < CITIZEN_ID_LENGTH:
            return digits.zfill(CITIZEN_ID_LENGTH)
        return digits
    return _text(value)


def parse_phone(value: Any) -> str:
    if _is_number(value) and len(digits := str(int(value))) in (9, 10):
        return "0" + digits
    return _text(value)


def parse_count(value: Any) -> int | None:
    """A whole number of people (a vote's count), typed as a number or as text."""
    if _is_number(value):
        number = int(value)
    else:
        text = _text(value)
        if not text:
            return None
        if not text.isdigit():
            raise CellError(_("Write a whole number."))
        number = int(text)
    if not 0 <= number <= 10_000:
        raise CellError(_("Write a whole number between 0 and 10000."))
    return number


def parse_yes_no(value: Any) -> bool:
    folded = fold(_text(value))
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise CellError(_('Write "có" or leave empty.'))


def choice_parser(choices: list[tuple[str, Any]], extra: Mapping[str, str] | None = None) -> Callable[[Any], str]:
    """Accept a choice's code or its label (in Vietnamese or English), without caring for accents."""

    built: dict[str, str] = {}

    def lookup_table() -> dict[str, str]:
        # Built on first use (the catalogues are loaded by then) and kept: a file may hold 10,000 rows.
        if not built:
            built.update({fold(code): code for code, _label in choices})
            for language in ("vi", "en"):
                with language_override(language):
                    built.update({fold(str(label)): code for code, label in choices})
            built.update({fold(label): code for label, code in (extra or {}).items()})
        return built

    def parse(value: Any) -> str:
        folded = fold(_text(value))
        if not folded:
            return ""
        lookup = lookup_table()
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
    example: Any = ""  # the template's example row; the example of "cell" is the user's first cell
    allowed: list[str] = field(default_factory=list)
    text: bool = False  # a Text column in the template, so Excel keeps leading zeros

    @property
    def is_date(self) -> bool:
        return self.parse is parse_date


_PERSON_COLUMNS = [
    ImportColumn("Họ và tên", "full_name", required=True, example="Nguyễn Văn An"),
    ImportColumn("Ngày sinh", "date_of_birth", parse_date, required=True, example=datetime.date(1998, 5, 17)),
    ImportColumn(
        "Giới tính", "sex", choice_parser(Sex.choices, SEX_WORDS), required=True, example="Nam",
        allowed=list(SEX_WORDS),
    ),  # fmt: skip
    # A Hà Nội CCCD (001) of a man born in 1998 (0, 98): the example obeys the rules it teaches.
    ImportColumn("Số CCCD", "citizen_id", parse_citizen_id, required=True, example="001098001234", text=True),
    ImportColumn("Mã chi bộ", "cell", required=True, text=True),
    ImportColumn("Dân tộc", "ethnic_group", choice_parser(ETHNIC_GROUPS), allowed=[n for _c, n in ETHNIC_GROUPS]),
    ImportColumn("Tôn giáo", "religion", choice_parser(Religion.choices)),
    ImportColumn(
        "Trình độ giáo dục phổ thông",
        "education_level",
        choice_parser(EducationLevel.choices, EDUCATION_WORDS),
        example="THPT",
        allowed=list(EDUCATION_WORDS),
    ),  # fmt: skip
    ImportColumn("Nghề nghiệp", "occupation", choice_parser(Occupation.choices)),
    ImportColumn("Khu vực làm việc", "sector", choice_parser(Sector.choices)),
    ImportColumn("Nơi làm việc / học tập", "workplace"),
    ImportColumn("Nơi cư trú", "residence"),
    ImportColumn("Điện thoại", "phone", parse_phone, example="0912345678", text=True),
    ImportColumn("Email", "email"),
    ImportColumn("Đoàn viên", "is_youth_union_member", parse_yes_no, example="có", allowed=["có", ""]),
    ImportColumn("Công đoàn viên", "is_trade_union_member", parse_yes_no, allowed=["có", ""]),
]
_MEMBER_COLUMNS = [
    ImportColumn(
        "Trạng thái",
        "status",
        choice_parser(MembershipStatus.choices, STATUS_WORDS),
        required=True,
        example="Chính thức",
        allowed=list(STATUS_WORDS),
    ),  # fmt: skip
    ImportColumn(
        "Ngày quyết định kết nạp", "admission_decision_date", parse_date, required=True,
        example=datetime.date(2015, 3, 2),
    ),  # fmt: skip
    ImportColumn("Số quyết định kết nạp", "admission_decision_number", example="125-QĐ/ĐU", text=True),
    ImportColumn("Ngày lễ kết nạp", "ceremony_date", parse_date, example=datetime.date(2015, 3, 20)),
    ImportColumn("Ngày công nhận chính thức", "recognition_date", parse_date, example=datetime.date(2016, 3, 20)),
    ImportColumn("Ngày quyết định công nhận chính thức", "recognition_decision_date", parse_date),
    ImportColumn("Số thẻ đảng viên", "party_card_number", _card_number, text=True),
    ImportColumn("Ngày cấp thẻ đảng viên", "party_card_date", parse_date),
    ImportColumn("Số quyết định cấp thẻ", "party_card_decision_number", text=True),
    ImportColumn("Ngày quyết định cấp thẻ", "party_card_decision_date", parse_date),
]
PROPOSER_WORDS = {
    "Đoàn Thanh niên": ProposingOrganisation.YOUTH_UNION, "Đoàn TNCS Hồ Chí Minh": ProposingOrganisation.YOUTH_UNION,
    "Công đoàn": ProposingOrganisation.TRADE_UNION, "Hội Phụ nữ": ProposingOrganisation.WOMENS_UNION,
    "Hội Nông dân": ProposingOrganisation.FARMERS_UNION,
    "Hội Cựu chiến binh": ProposingOrganisation.VETERANS_ASSOCIATION, "Khác": ProposingOrganisation.OTHER,
}  # fmt: skip
_PROPOSER_COLUMN = ImportColumn(
    "Tổ chức đề nghị", "proposed_by", choice_parser(ProposingOrganisation.choices, PROPOSER_WORDS),
    allowed=list(PROPOSER_WORDS),
)  # fmt: skip
STAGE_WORDS = {
    "Nguồn": Stage.SOURCE, "Cảm tình Đảng": Stage.SYMPATHISER, "Đã học lớp nhận thức": Stage.CLASS_DONE,
    "Đã lập hồ sơ": Stage.FILE_OPEN, "Đã thẩm tra lý lịch": Stage.VERIFIED, "Đã giới thiệu": Stage.INTRODUCED,
    "Chi bộ đề nghị kết nạp": Stage.CELL_APPROVED, "Đảng ủy bộ phận thẩm định": Stage.PARTIAL_APPRAISED,
    "Đảng ủy cơ sở đề nghị kết nạp": Stage.GRASSROOTS_APPROVED, "Đã có quyết định kết nạp": Stage.ADMISSION_DECIDED,
    "Đảng viên dự bị": Stage.PROBATIONARY, "Chi bộ đề nghị công nhận": Stage.RECOGNITION_PROPOSED,
    "Đảng ủy cơ sở xét công nhận": Stage.RECOGNITION_REVIEWED,
}  # fmt: skip


def _vote_columns(title: str, prefix: str) -> list[ImportColumn]:
    return [
        ImportColumn(f"{title}: số đảng viên có quyền biểu quyết", f"{prefix}_eligible", parse_count),
        ImportColumn(f"{title}: có mặt", f"{prefix}_present", parse_count),
        ImportColumn(f"{title}: tán thành", f"{prefix}_in_favour", parse_count),
        ImportColumn(f"{title}: không tán thành", f"{prefix}_against", parse_count),
    ]


_CASE_COLUMNS = [
    ImportColumn(
        "Giai đoạn hiện tại", "stage", choice_parser([(s, Stage(s).label) for s in procedure.IMPORTABLE_STAGES],
                                                     STAGE_WORDS),
        required=True, example="Đã giới thiệu", allowed=list(STAGE_WORDS),
    ),  # fmt: skip
    _PROPOSER_COLUMN,
    ImportColumn("Ngày vào danh sách cảm tình Đảng", "sympathiser_on", parse_date, example=datetime.date(2025, 3, 5)),
    ImportColumn("Ngày cấp giấy chứng nhận lớp nhận thức", "awareness_certificate_on", parse_date,
                 example=datetime.date(2025, 5, 20)),
    ImportColumn("Ngày lập hồ sơ (đơn, lý lịch)", "file_opened_on", parse_date, example=datetime.date(2025, 6, 2)),
    ImportColumn("Ngày kết luận thẩm tra lý lịch", "verified_on", parse_date, example=datetime.date(2025, 8, 15)),
    ImportColumn("Ngày giới thiệu, tổng hợp nhận xét", "introduced_on", parse_date,
                 example=datetime.date(2025, 9, 3)),
    ImportColumn("Ngày nghị quyết chi bộ đề nghị kết nạp", "cell_resolution_date", parse_date),
    *_vote_columns("Chi bộ biểu quyết kết nạp", "cell_vote"),
    ImportColumn("Ngày báo cáo thẩm định của đảng ủy bộ phận", "partial_appraised_on", parse_date),
    ImportColumn("Ngày nghị quyết đảng ủy cơ sở đề nghị kết nạp", "grassroots_resolution_date", parse_date),
    *_vote_columns("Đảng ủy cơ sở biểu quyết kết nạp", "grassroots_vote"),
    ImportColumn("Ngày quyết định kết nạp", "admission_decision_date", parse_date),
    ImportColumn("Số quyết định kết nạp", "admission_decision_number", text=True),
    ImportColumn("Ngày chi bộ nhận quyết định", "decision_received_on", parse_date),
    ImportColumn("Ngày lễ kết nạp", "ceremony_date", parse_date),
    ImportColumn("Ngày nghị quyết chi bộ đề nghị công nhận", "recognition_vote_date", parse_date),
    *_vote_columns("Chi bộ biểu quyết công nhận", "recognition_vote"),
    ImportColumn("Ngày nghị quyết đảng ủy cơ sở xét công nhận", "recognition_reviewed_on", parse_date),
]  # fmt: skip


@dataclass(frozen=True)
class ImportSpec:
    kind: str
    title: Any
    columns: list[ImportColumn]
    filename: str

    def column(self, name: str) -> ImportColumn:
        return next(column for column in self.columns if column.name == name)


SPECS = {
    "candidates": ImportSpec(
        "candidates", gettext_lazy("Candidates"), [*_PERSON_COLUMNS, _PROPOSER_COLUMN], "mau-nhap-quan-chung.xlsx"
    ),
    "members": ImportSpec(
        "members", gettext_lazy("Party members"), [*_PERSON_COLUMNS, *_MEMBER_COLUMNS], "mau-nhap-dang-vien.xlsx"
    ),
    "cases": ImportSpec(
        "cases", gettext_lazy("Open cases"), [*_PERSON_COLUMNS, *_CASE_COLUMNS], "mau-nhap-ho-so-dang-xet.xlsx"
    ),
}
# Specs whose rows are matched by CCCD and written by the procedure's import (workflows.imports).
UPSERT_KINDS = {"members", "cases"}


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


def _parent_names(cells: Sequence[Unit]) -> dict[str, str]:
    """The name of each cell's parent committee, keyed by the parent's path (one query)."""
    paths = {cell.path[: -Unit.steplen] for cell in cells}
    return dict(Unit.objects.filter(path__in=paths).values_list("path", "name"))


def _write_list_sheet(sheet: Any, spec: ImportSpec, cells: Sequence[Unit]) -> None:
    """Headers, column formats (Text where Excel would eat zeros) and the example row."""
    sheet.title = LIST_SHEET
    example_font = Font(italic=True, color="808080")
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=column.header + (" *" if column.required else ""))
        header.font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(14, len(header.value) + 4)
        example = column.example or (cells[0].code if column.name == "cell" and cells else "")
        cell = sheet.cell(row=2, column=index, value=example or None)
        cell.font = example_font
        if column.text:
            # The column's own format is what Excel gives to the cells the user types into.
            sheet.column_dimensions[letter].number_format = TEXT_FORMAT
            cell.number_format = TEXT_FORMAT
        elif column.is_date:
            sheet.column_dimensions[letter].number_format = DATE_NUMBER_FORMAT
            cell.number_format = DATE_NUMBER_FORMAT
        if column.name == "cell" and cells:
            choose = DataValidation(
                type="list", formula1=f"'{CODES_SHEET}'!$A$2:$A${len(cells) + 1}", allow_blank=True,
                error=_("Choose a code from the sheet “%(sheet)s”.") % {"sheet": CODES_SHEET},
            )  # fmt: skip
            choose.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(choose)
    sheet.freeze_panes = "A2"


def _write_codes_sheet(sheet: Any, cells: Sequence[Unit]) -> None:
    """The cells the user may import into: code (as text), name, and the committee above."""
    parents = _parent_names(cells)
    sheet.append(["Mã chi bộ", "Tên chi bộ", "Thuộc"])
    for header in sheet[1]:
        header.font = Font(bold=True)
    sheet.column_dimensions["A"].number_format = TEXT_FORMAT
    for width, letter in ((16, "A"), (40, "B"), (40, "C")):
        sheet.column_dimensions[letter].width = width
    for cell in cells:
        sheet.append([cell.code, cell.name, parents.get(cell.path[: -Unit.steplen], "")])
        sheet.cell(row=sheet.max_row, column=1).number_format = TEXT_FORMAT


def template_workbook(spec: ImportSpec, *, cells: Iterable[Unit]) -> bytes:
    """The template for ``spec``, listing ``cells`` (the user's, from ``cells_for_registration``)."""
    cells = list(cells)
    workbook = Workbook()
    _write_list_sheet(workbook.active, spec, cells)
    _write_codes_sheet(workbook.create_sheet(CODES_SHEET), cells)
    values = workbook.create_sheet(VALUES_SHEET)
    values.append(["Cột", "Giá trị"])
    for column in spec.columns:
        for allowed in column.allowed:
            values.append([column.header, allowed])
    values.append(["Ngày", f"{DATE_PATTERN}, dd-mm-yyyy, dd.mm.yyyy"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Reading -------------------------------------------------------------------------------------


def _header(value: Any) -> str:
    return fold(_text(value).rstrip("*").strip())


def _comparable(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, datetime.date) else _text(value)


def _is_example(values: dict[str, Any], spec: ImportSpec) -> bool:
    """The template's example row, left in place: not a person to import."""
    compared = [column for column in spec.columns if column.example and column.name in values]
    return bool(compared) and all(
        _comparable(values[column.name]) == _comparable(column.example) for column in compared
    )


def read_sheet(upload: IO[bytes], spec: ImportSpec) -> list[RowResult]:
    """Read every non-empty row of the first sheet into a raw ``RowResult``; reject unreadable files."""
    workbook = open_workbook(upload)  # refuses a file too big once opened, before openpyxl reads it
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
        results: list[RowResult] = []
        for number, cells in enumerate(rows, start=2):
            values = {name: cells[index] if index < len(cells) else None for name, index in positions.items()}
            if not any(_text(value) for value in values.values()) or _is_example(values, spec):
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


def citizen_id_birth_digits(*, sex: str, born: datetime.date) -> str:
    """Digits 4 to 6 of a CCCD: the century and sex (1900s: man 0, woman 1; 2000s: 2, 3 ...), then
    the last two digits of the year of birth (Circular 59/2021/TT-BCA, article 7)."""
    century = born.year // 100 - 19
    return f"{2 * century + (1 if sex == Sex.FEMALE else 0)}{born.year % 100:02d}"


def _check_citizen_id_number(row: RowResult, spec: ImportSpec, failed: set[str]) -> None:
    """A CCCD padded back from a number stands only if its birth digits agree with the row."""
    raw, citizen_id = row.values.get("citizen_id"), row.data.get("citizen_id", "")
    if not _is_number(raw) or len(str(int(raw))) == len(citizen_id):
        return
    sex, born = row.data.get("sex"), row.data.get("date_of_birth")
    if sex and born and born.year >= 1900 and citizen_id[3:6] == citizen_id_birth_digits(sex=sex, born=born):
        return
    failed.add("citizen_id")
    row.errors.append(
        _(
            "%(column)s: Excel stored %(number)s as a number and dropped its leading zero; %(guess)s does not "
            "agree with this row's sex and year of birth, so it was not taken. Format the column as Text and "
            "type the 12 digits."
        )
        % {"column": spec.column("citizen_id").header, "number": int(raw), "guess": citizen_id}
    )


def _find_cell(raw: Any, code: str, cells: dict[str, Unit]) -> Unit | None:
    if (unit := cells.get(fold(code))) is not None or not _is_number(raw):
        return unit
    # A code of digits typed into a General column lost its leading zeros.
    return next((unit for key, unit in cells.items() if key.isdigit() and key.lstrip("0") == code), None)


def _parse_row(row: RowResult, spec: ImportSpec, cells: dict[str, Unit]) -> set[str]:
    """Parse every cell of the row, one error per bad cell; return the names of the fields that failed."""
    failed: set[str] = set()
    for column in spec.columns:
        if column.name not in row.values:
            continue
        value = row.values[column.name]
        if column.required and _text(value) == "":
            row.errors.append(_("%(column)s: this value is required.") % {"column": column.header})
            failed.add(column.name)
            continue
        try:
            parsed = column.parse(value)
        except CellError as error:
            row.errors.append(f"{column.header}: {error}")
            failed.add(column.name)
            continue
        if parsed not in ("", None) or column.parse is parse_yes_no:
            row.data[column.name] = parsed
    if "cell" in row.data:
        cell = _find_cell(row.values["cell"], row.data["cell"], cells)
        if cell is None:
            failed.add("cell")
            row.errors.append(
                _(
                    "%(column)s: none of your party cells has the code “%(code)s”; the sheet “%(sheet)s” of the "
                    "template lists them."
                )
                % {"column": spec.column("cell").header, "code": row.data["cell"], "sheet": CODES_SHEET}
            )
        row.data["unit"] = row.data["cell"] = cell
    _check_citizen_id_number(row, spec, failed)
    return failed


def _validate_models(row: RowResult, spec: ImportSpec, failed: set[str]) -> None:
    """Model validation of the fields that parsed, so a row with a bad date still hears about its CCCD."""
    labels = {column.name: column.header for column in spec.columns}
    labels["unit"] = labels["cell"]
    # The cell (and unit) is one of the user's cells, looked up by its code: no query per row to validate it.
    skipped = failed | {"unit", "cell"}
    person_fields = {f.name for f in Person._meta.fields}
    person = Person(**{key: value for key, value in row.data.items() if key in person_fields})
    # Rows matched by CCCD: a registered person is the row's match, not a duplicate (workflows.imports).
    upsert = spec.kind in UPSERT_KINDS
    try:
        person.fill_derived_fields()
        person.full_clean(exclude=sorted(skipped & person_fields), validate_unique=not upsert)
    except ValidationError as error:
        row.errors += _messages(error, labels)
    if spec.kind == "members":
        member_fields = {f.name for f in Membership._meta.fields} - {"person", "cell"}
        membership = Membership(cell=row.data.get("cell"), **{k: v for k, v in row.data.items() if k in member_fields})
        try:
            membership.full_clean(exclude=["person", "cell", *sorted(skipped & member_fields)],
                                  validate_unique=False, validate_constraints=False)  # fmt: skip
        except ValidationError as error:
            row.errors += _messages(error, labels)


def validate_rows(rows: list[RowResult], *, spec: ImportSpec, cells: Iterable[Unit]) -> list[RowResult]:
    """Parse and validate every row against ``cells`` (the user's); each row keeps all of its errors."""
    by_code = {fold(unit.code): unit for unit in cells}
    for row in rows:
        failed = _parse_row(row, spec, by_code)
        _validate_models(row, spec, failed)
    duplicates = Counter(row.data.get("citizen_id") for row in rows if row.data.get("citizen_id"))
    for row in rows:
        if duplicates.get(row.data.get("citizen_id"), 0) > 1:
            row.errors.append(
                _("%(column)s: the same citizen ID appears on several rows of the file.")
                % {"column": spec.column("citizen_id").header}
            )
    _procedure_check(rows, spec)
    return rows


def _procedure_check(rows: list[RowResult], spec: ImportSpec) -> None:
    """The procedure's own rules for the rows that parsed (workflows.imports)."""
    labels = {column.name: column.header for column in spec.columns}
    if spec.kind == "members":
        procedure.roll_check(rows, labels=labels)
    elif spec.kind == "cases":
        procedure.cases_check(rows, labels=labels)


def parse_file(upload: IO[bytes], *, spec: ImportSpec, cells: Iterable[Unit]) -> list[RowResult]:
    return validate_rows(read_sheet(upload, spec), spec=spec, cells=cells)


# --- Writing -------------------------------------------------------------------------------------


def _import_candidate(row: RowResult, *, actor: User) -> None:
    person = person_create(actor=actor, data=row.data)
    candidacy_create(actor=actor, person=person, cell=row.data["cell"], note=_("Imported from a spreadsheet."),
                     proposed_by=row.data.get("proposed_by", ""))  # fmt: skip


@transaction.atomic
def import_rows(rows: list[RowResult], *, spec: ImportSpec, actor: User, source: str = "") -> procedure.ImportOutcome:
    """Write every given row, all or nothing; return what was created, updated and left unchanged.

    Only valid rows may be passed. A row that fails now (someone registered the same citizen ID
    meanwhile) raises (``workflows.imports.ImportRefused`` for the roll and open cases) and rolls the
    whole file back. ``source`` names the file on the imported audit entries.
    """
    if not all(row.is_valid for row in rows):
        raise ValueError("import_rows takes validated rows only")
    source = source or _("a spreadsheet")
    if spec.kind == "members":
        return procedure.roll_import(rows=rows, actor=actor, source=source)
    if spec.kind == "cases":
        return procedure.cases_import(rows=rows, actor=actor, source=source)
    outcome = procedure.ImportOutcome()
    for row in rows:
        _import_candidate(row, actor=actor)
        outcome.count("created", row)
    return outcome
