"""Commune staff bring in their roll through the import page, on a 360x740 phone and a 1366x768 desktop:
a workbook saved the way Excel saves it (openpyxl: CCCDs and card numbers in Text columns with their
leading zeros, Vietnamese names with diacritics, dates as real Excel dates and as dd/mm/yyyy text). The
first upload adds the members; the same file again reports no change; a workbook with a ceremony before
its decision shows that row and its reason and saves nothing. Screenshots go to test-artifacts/screenshots/.
"""

import datetime

import pytest
from django.utils import translation
from django.utils.translation import gettext

from partycell.people.models import Membership, Person
from tests.factories import Role, UserFactory, assign_role
from tests.workbooks import _save

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

D = datetime.date
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}


def roll(cell_code: str, *, ceremony_before_decision: bool = False) -> bytes:
    """Three members: dates as real Excel dates on two rows, typed as dd/mm/yyyy text on the third."""
    rows = [
        {"full_name": "Nguyễn Thị Thùy Dương", "date_of_birth": D(1990, 4, 12), "sex": "Nữ",
         "citizen_id": "001190004512", "cell": cell_code, "status": "Chính thức",
         "admission_decision_date": D(2015, 3, 2), "admission_decision_number": "125-QĐ/ĐU",
         "ceremony_date": D(2015, 3, 20), "recognition_date": D(2016, 3, 20), "party_card_number": "00012345",
         "party_card_date": D(2016, 5, 19), "party_card_decision_number": "88-QĐ/ĐU"},
        {"full_name": "Trần Văn Hưởng", "date_of_birth": D(1985, 11, 3), "sex": "Nam",
         "citizen_id": "001085000731", "cell": cell_code, "status": "Chính thức",
         "admission_decision_date": D(2012, 6, 8), "ceremony_date": D(2012, 6, 29),
         "recognition_date": D(2013, 6, 29)},
        {"full_name": "Lê Ngọc Ánh", "date_of_birth": "07/09/1998", "sex": "Nữ", "citizen_id": "001198002094",
         "cell": cell_code, "status": "Dự bị", "admission_decision_date": "10/03/2026",
         "ceremony_date": "01/03/2026" if ceremony_before_decision else "27/03/2026"},
    ]  # fmt: skip
    return _save("members", rows)


@pytest.fixture
def staff(tree):
    user = UserFactory(username="canbo_xa_nhap", last_name="Đặng Quốc", first_name="Việt")
    assign_role(user, Role.GRASSROOTS_STAFF, tree.commune)
    return user


def upload(page, live_server, content: bytes, name: str) -> None:
    page.goto(f"{live_server.url}/import/")
    members = page.locator("section[aria-labelledby=import-members]")
    members.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "buffer": content}
    )  # fmt: skip
    members.locator("button.primary").click()
    page.wait_for_load_state()


def outcome(created: int, updated: int, unchanged: int) -> str:
    with translation.override("vi"):
        return gettext("%(created)s rows added, %(updated)s updated, %(unchanged)s unchanged.") % {
            "created": created, "updated": updated, "unchanged": unchanged}  # fmt: skip


def assert_fits(page, width: int) -> None:
    """Nothing wider than the screen: no sideways scrolling of the whole page."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_commune_staff_import_the_roll_then_the_same_file_changes_nothing(
    tree, staff, live_server, page_for, shot, device
):
    size = PHONE if device == "phone" else DESKTOP
    page = page_for(staff, **size)
    page.goto(f"{live_server.url}/import/")
    assert_fits(page, size["width"])
    shot(page, f"import-{device}-1-start")

    upload(page, live_server, roll(tree.cell_a.code), "danh-sach-dang-vien.xlsx")

    assert page.inner_text(".messages") == outcome(3, 0, 0)
    assert "Nguyễn Thị Thùy Dương" in page.inner_text("main")
    assert_fits(page, size["width"])
    shot(page, f"import-{device}-2-imported")
    card = Membership.objects.get(person__citizen_id="001190004512")
    assert (card.party_card_number, card.person.full_name) == ("00012345", "Nguyễn Thị Thùy Dương")
    assert Membership.objects.get(person__citizen_id="001198002094").admission_decision_date == D(2026, 3, 10)

    upload(page, live_server, roll(tree.cell_a.code), "danh-sach-dang-vien.xlsx")

    assert page.inner_text(".messages") == outcome(0, 0, 3)
    assert (Person.objects.count(), Membership.objects.count()) == (3, 3)
    shot(page, f"import-{device}-3-again")

    # The imported member's party card, recorded on his page (B13), full-width digits typed on a phone.
    page.click("text=Trần Văn Hưởng")
    page.click("#membership-title ~ details summary")
    page.fill("#card_card_number", "０００４５６７８")
    page.fill("#card_issued_on", "15/09/2013")
    page.fill("#card_decision_number", "41-QĐ/ĐU")
    page.fill("#card_decision_date", "02/09/2013")
    assert_fits(page, size["width"])
    shot(page, f"import-{device}-5-card-form")
    page.click("#membership-title ~ details button.primary")
    page.wait_for_load_state()

    assert "00045678" in page.inner_text("#party-card") and "41-QĐ/ĐU" in page.inner_text("#party-card")
    assert Membership.objects.get(person__citizen_id="001085000731").party_card_date == D(2013, 9, 15)
    shot(page, f"import-{device}-6-card-recorded")


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_ceremony_before_its_decision_shows_the_row_and_saves_nothing(
    tree, staff, live_server, page_for, shot, device
):
    size = PHONE if device == "phone" else DESKTOP
    page = page_for(staff, **size)

    upload(page, live_server, roll(tree.cell_a.code, ceremony_before_decision=True), "danh-sach-loi.xlsx")

    report = page.locator("table.report tbody tr")
    assert report.count() == 1
    row = report.first.inner_text()
    assert "4" in row.split()[0] and "Lê Ngọc Ánh" in row
    with translation.override("vi"):
        reason = gettext(
            "The admission ceremony (%(ceremony)s) cannot be before the admission decision (%(decision)s)."
        ) % {"ceremony": "01/03/2026", "decision": "10/03/2026"}
    assert reason in row
    assert_fits(page, size["width"])
    shot(page, f"import-{device}-4-refused")
    assert (Person.objects.count(), Membership.objects.count()) == (0, 0)
