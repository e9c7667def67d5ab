"""The personal-data notice on the registration page: a default text, or the committee's own (a setting)."""

from django.urls import reverse


def test_registration_page_shows_the_default_notice(client, commune_staff):
    client.force_login(commune_staff)

    html = client.get(reverse("candidacy-register"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "every viewing and export is logged" in html


def test_registration_page_shows_the_configured_notice(client, commune_staff, settings):
    settings.PRIVACY_NOTICE = "Đảng ủy xã Đại Phúc thông báo về xử lý dữ liệu cá nhân."
    client.force_login(commune_staff)

    html = client.get(reverse("candidacy-register")).content.decode()

    assert "Đảng ủy xã Đại Phúc thông báo về xử lý dữ liệu cá nhân." in html
