"""The home page is the user's work: what waits for them; the auditor's is the targets dashboard."""

from django.urls import reverse

from tests.web.conftest import make_candidacy
from workflows.enums import Stage


def test_home_shows_the_secretary_her_cells_steps_with_links(tree, secretary, client):
    waiting = make_candidacy(tree.cell_a, stage=Stage.SYMPATHISER, full_name="Vũ Thị Lan")
    make_candidacy(tree.cell_b, stage=Stage.SYMPATHISER, full_name="Người Ô Khác")
    client.force_login(secretary)

    page = client.get(reverse("home"))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Vũ Thị Lan" in html and "Người Ô Khác" not in html
    assert reverse("candidacy-action", args=[waiting.pk, "awareness_class_record"]) in html


def test_home_sends_the_auditor_to_the_dashboard(tree, auditor, client):
    client.force_login(auditor)

    page = client.get(reverse("home"))

    assert page.status_code == 302 and page.url == reverse("targets:home")


def test_home_of_a_user_without_a_role_says_so(outsider, client):
    client.force_login(outsider)

    page = client.get(reverse("home"))

    assert page.status_code == 200 and page.context["assignments"] == []
