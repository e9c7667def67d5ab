"""Names in Vietnamese order everywhere a user is named (pages, e-mails, exports)."""

from tests.factories import UserFactory


def test_a_users_name_reads_family_name_first(db):
    user = UserFactory(username="canbo", first_name="Minh Đức", last_name="Nguyễn")

    names = (str(user), user.get_full_name(), user.get_short_name())

    assert names == ("Nguyễn Minh Đức", "Nguyễn Minh Đức", "Minh Đức")


def test_a_user_without_a_name_is_shown_by_username(db):
    assert str(UserFactory(username="bithu_xom", first_name="", last_name="")) == "bithu_xom"
