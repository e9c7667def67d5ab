import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from partycell.people.models import Person
from partycell.people.services import person_create, person_update
from partycell.people.vietnamese import fold, name_sort_key
from tests.factories import PersonFactory


def _data(unit, **overrides):
    data = {
        "full_name": "Nguyễn Văn A", "date_of_birth": datetime.date(2000, 1, 15), "sex": "male",
        "citizen_id": "001200012345", "unit": unit,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("citizen_id", ["12345678901", "1234567890123", "00120001234a", ""])
def test_person_create_refuses_citizen_id_that_is_not_12_digits(tree, commune_staff, citizen_id):
    with pytest.raises(ValidationError) as error:
        person_create(actor=commune_staff, data=_data(tree.cell_a, citizen_id=citizen_id))

    assert "citizen_id" in error.value.message_dict
    assert Person.objects.count() == 0


def test_person_create_refuses_duplicate_citizen_id_without_saying_whose(tree, commune_staff, secretary):
    PersonFactory(unit=tree.cell_b, full_name="Trần Thị Bí Mật", citizen_id="001200099999")

    with pytest.raises(ValidationError) as error:
        person_create(actor=secretary, data=_data(tree.cell_a, citizen_id="001200099999"))

    messages = " ".join(error.value.message_dict["citizen_id"])
    assert "already registered" in messages
    assert "Bí Mật" not in messages and str(tree.cell_b) not in messages
    assert Person.objects.count() == 1


def test_person_create_error_is_translated_to_vietnamese(tree, commune_staff):
    with translation.override("vi"):
        with pytest.raises(ValidationError) as error:
            person_create(actor=commune_staff, data=_data(tree.cell_a, citizen_id="123"))
        messages = error.value.message_dict["citizen_id"]

    assert messages == ["Số căn cước công dân (CCCD) phải có đúng 12 chữ số."]


@time_machine.travel(datetime.date(2026, 11, 21))
def test_person_create_refuses_date_of_birth_in_the_future(tree, commune_staff):
    with pytest.raises(ValidationError) as error:
        person_create(actor=commune_staff, data=_data(tree.cell_a, date_of_birth=datetime.date(2026, 11, 22)))

    assert "date_of_birth" in error.value.message_dict


def test_person_update_with_bad_value_keeps_saved_record(tree, commune_staff):
    person = PersonFactory(unit=tree.cell_a, full_name="Lê Văn Cũ", citizen_id="001200011111")

    with pytest.raises(ValidationError):
        person_update(actor=commune_staff, person=person, data={"full_name": "Lê Văn Mới", "citizen_id": "x"},
                      reason="Sửa tên")  # fmt: skip

    person.refresh_from_db()
    assert (person.full_name, person.citizen_id) == ("Lê Văn Cũ", "001200011111")
    assert not person.changes.exists()


def test_person_update_flags_a_change_of_citizen_id(tree, commune_staff):
    person = PersonFactory(unit=tree.cell_a, full_name="Lê Văn Cũ", citizen_id="001200011111")

    person_update(actor=commune_staff, person=person, data={"citizen_id": "001200011112"},
                  reason="Nhập nhầm một chữ số")  # fmt: skip

    [change] = person.changes.all()
    assert change.citizen_id_changed is True
    assert change.changes == {"citizen_id": ["001200011111", "001200011112"]}


def test_person_update_that_changes_nothing_writes_nothing(tree, commune_staff):
    person = PersonFactory(unit=tree.cell_a, full_name="Lê Văn Cũ")

    person_update(actor=commune_staff, person=person, data={"full_name": "Lê  Văn Cũ "}, reason="Kiểm tra")

    assert not person.changes.exists()


def test_person_update_needs_a_reason(tree, commune_staff):
    person = PersonFactory(unit=tree.cell_a, full_name="Lê Văn Cũ")

    with pytest.raises(ValidationError) as error:
        person_update(actor=commune_staff, person=person, data={"full_name": "Lê Văn Mới"}, reason="  ")

    assert "reason" in error.value.message_dict
    person.refresh_from_db()
    assert person.full_name == "Lê Văn Cũ"


def test_person_create_by_auditor_is_refused(tree, auditor):
    with pytest.raises(PermissionDenied):
        person_create(actor=auditor, data=_data(tree.cell_a))


def test_person_create_in_another_cell_by_secretary_is_refused(tree, secretary):
    with pytest.raises(PermissionDenied):
        person_create(actor=secretary, data=_data(tree.cell_b))


def test_person_search_ignores_diacritics_and_case(tree):
    PersonFactory(unit=tree.cell_a, full_name="Nguyễn Văn A")
    PersonFactory(unit=tree.cell_a, full_name="Đặng Thị Hương")
    PersonFactory(unit=tree.cell_a, full_name="Trần Văn Bình")

    assert [p.full_name for p in Person.objects.search("nguyen van a")] == ["Nguyễn Văn A"]
    assert [p.full_name for p in Person.objects.search("DANG thi huong")] == ["Đặng Thị Hương"]
    assert [p.full_name for p in Person.objects.search("Hương")] == ["Đặng Thị Hương"]


def test_person_list_sorts_by_given_name_then_family_name(tree):
    for name in ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Bình", "Đỗ Minh Ánh", "Đinh Văn An"]:
        PersonFactory(unit=tree.cell_a, full_name=name)

    names = list(Person.objects.in_vietnamese_order().values_list("full_name", flat=True))

    assert names == ["Đinh Văn An", "Nguyễn Thị An", "Đỗ Minh Ánh", "Lê Văn Bình", "Trần Văn Bình"]


def test_name_sort_key_orders_d_before_dd_and_a_before_breve_a():
    assert name_sort_key("X Y Dung") < name_sort_key("X Y Đức")
    assert name_sort_key("X Y Anh") < name_sort_key("X Y Ăn") < name_sort_key("X Y Âu")


def test_fold_turns_vietnamese_into_plain_lowercase():
    assert fold("  Nguyễn   Văn ĐỨC ") == "nguyen van duc"


@pytest.mark.parametrize(
    ("born", "on", "months"),
    [
        (datetime.date(2008, 11, 21), datetime.date(2026, 11, 21), 216),
        (datetime.date(2008, 11, 22), datetime.date(2026, 11, 21), 215),
        (datetime.date(2008, 1, 31), datetime.date(2026, 2, 28), 217),
    ],
)
def test_person_age_in_months_counts_whole_months(tree, born, on, months):
    person = PersonFactory(unit=tree.cell_a, date_of_birth=born)

    assert person.age_in_months_on(on) == months


def test_a_name_and_cccd_typed_in_full_width_nfd_or_with_zero_width_characters_are_stored_plain(tree, commune_staff):
    import unicodedata

    data = _data(tree.cell_a)
    data["full_name"] = unicodedata.normalize("NFD", "Nguyễn\u200b Thị  Hồng")
    data["citizen_id"] = "００１０９８００１２３４"

    person = person_create(actor=commune_staff, data=data)

    person.refresh_from_db()
    assert person.full_name == unicodedata.normalize("NFC", "Nguyễn Thị Hồng")
    assert person.citizen_id == "001098001234"
    assert Person.objects.search("nguyen thi hong").get() == person
