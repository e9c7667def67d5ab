"""The crawl: every demo user opens every step they are offered and gets a usable page.

For each log-in of the demo (``seed_demo``), every step linked from their to-do page and from every
candidate page they can see answers 200 with the step's form; when the step is blocked, the page
says why, and each reason that can be lifted by adding something links to the page that adds it,
which answers 200 too. Nothing offered ever answers 403, 404 or "does not apply".
"""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from partycell.accounts.models import User
from workflows import gate
from workflows.selectors import candidacies_visible_to

STEP_LINK = re.compile(r'(?:href|action)="(/candidacies/(\d+)/steps/([a-z_]+)/)[^"]*"')
DEMO_USERS = ["bithu", "chiuy", "canbo_xa", "thuongtruc_xa", "kiemtra_tinh", "admin"]


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def _step_links(html: str) -> set[tuple[str, int, str]]:
    return {(url, int(pk), action) for url, pk, action in STEP_LINK.findall(html)}


def _crawl(client, user: User) -> tuple[set[tuple[str, int, str]], int]:
    todo = client.get(reverse("todo"))
    assert todo.status_code == 200
    links = _step_links(todo.content.decode())
    pages = 0
    for candidacy in candidacies_visible_to(user).order_by("pk"):
        page = client.get(reverse("candidacy-detail", args=[candidacy.pk]))
        assert page.status_code == 200
        links |= _step_links(page.content.decode())
        pages += 1
    return links, pages


def _open_every_offered_step(client, username: str) -> set[str]:
    user = User.objects.get(username=username)
    client.force_login(user)
    links, pages = _crawl(client, user)
    assert pages > 0, username
    for url, _pk, action in sorted(links):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, (username, url, response.status_code)
        assert 'name="step" value="review"' in html, (username, url)
        verdict = response.context["availability"]
        assert verdict.offered and verdict.name == action, (username, url)
        for reason, remedy_url, _label in response.context["blockers"]:
            assert reason in html
            if remedy_url:
                assert client.get(remedy_url).status_code == 200, (username, url, remedy_url)
        remediable = [reason for reason in verdict.blockers if getattr(reason, "remedy", None)]
        linked = [row for row in response.context["blockers"] if row[1]]
        assert len(linked) == len(remediable), (username, url, remediable)
    return {action for _url, _pk, action in links}


def test_every_step_offered_to_every_demo_user_opens_a_usable_page(demo, client):
    found = {username: _open_every_offered_step(client, username) for username in DEMO_USERS}

    # The crawl itself must find the work of the people who do it, and none for the auditor.
    assert {"sympathiser_add", "recognition_vote"} <= found["bithu"]
    assert {"history_verify", "grassroots_vote"} <= found["canbo_xa"]
    assert "admission_decide" in found["thuongtruc_xa"]
    assert found["kiemtra_tinh"] == set()
    assert found["admin"] >= found["bithu"] | found["canbo_xa"] | found["thuongtruc_xa"]


def test_no_offered_step_is_refused_by_the_gate(demo):
    """The pages offer exactly what the gate offers: every offered step is the user's and on the path."""
    for username in DEMO_USERS:
        user = User.objects.get(username=username)
        for candidacy in candidacies_visible_to(user):
            for verdict in gate.offered_steps(user=user, candidacy=candidacy):
                assert verdict.refusals == [], (username, candidacy.pk, verdict.name)
