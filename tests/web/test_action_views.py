"""Taking a step: evidence form -> confirmation -> service; stale forms, auditors and foreign ids."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.factories import CandidacyFactory, MembershipFactory, PersonFactory, Role, UserFactory, assign_role
from tests.workflows.walk import to_introduced
from workflows.enums import Stage
from workflows.exceptions import StaleCandidacy
from workflows.models import Candidacy, Vote
from workflows.services import candidacy_create

D = datetime.date


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def introduced(tree, secretary, grassroots_staff):
    """A candidate in cell A (seven official members) ready for the cell vote."""
    roll = [MembershipFactory(cell=tree.cell_a) for _ in range(7)]
    with time_machine.travel(datetime.datetime(2025, 9, 1, 9), tick=False):
        person = PersonFactory(unit=tree.cell_a, date_of_birth=D(1999, 5, 17))
        candidacy = candidacy_create(actor=secretary, person=person, cell=tree.cell_a)
    return to_introduced(candidacy, secretary=secretary, grassroots_actor=grassroots_staff, introducers=roll[:2])


def vote_form(**overrides):
    data = {
        "step": "review", "expected_stage": Stage.INTRODUCED, "meeting_date": "05/03/2026", "present": "7",
        "in_favour": "6", "against": "1", "method": "secret_ballot", "resolution_number": "12-NQ/CB", "note": "",
    }  # fmt: skip
    return {**data, **overrides}


def test_cell_vote_takes_a_form_and_a_confirmation(introduced, secretary, login):
    client = login(secretary)
    url = reverse("candidacy-action", args=[introduced.pk, "cell_vote"])

    review = client.post(url, vote_form())
    confirm_data = {**review.context["submitted"], "step": "confirm", "expected_stage": Stage.INTRODUCED,
                    "pending_files": review.context["pending_files"], "confirmed": "on"}  # fmt: skip
    done = client.post(url, {k: v for k, v in confirm_data.items()})

    introduced.refresh_from_db()
    assert review.status_code == 200
    assert "05/03/2026" in review.content.decode()
    assert done.status_code == 302
    assert introduced.stage == Stage.CELL_APPROVED
    assert Vote.objects.get(candidacy=introduced).in_favour == 6


def test_a_step_is_not_recorded_without_ticking_the_confirmation(introduced, secretary, login):
    url = reverse("candidacy-action", args=[introduced.pk, "cell_vote"])

    response = login(secretary).post(url, vote_form(step="confirm"))

    introduced.refresh_from_db()
    assert response.status_code == 422
    assert introduced.stage == Stage.INTRODUCED


def test_a_bad_vote_keeps_the_input_and_marks_the_field(introduced, secretary, login):
    url = reverse("candidacy-action", args=[introduced.pk, "cell_vote"])

    response = login(secretary).post(url, vote_form(present="abc", note="Họp chi bộ tháng 3"))

    html = response.content.decode()
    assert response.status_code == 422
    assert "present" in response.context["form"].errors
    assert 'value="abc"' in html
    assert "Họp chi bộ tháng 3" in html
    assert 'value="05/03/2026"' in html


def test_a_stale_form_says_so_and_keeps_the_input(introduced, secretary, login):
    url = reverse("candidacy-action", args=[introduced.pk, "cell_vote"])

    response = login(secretary).post(url, vote_form(expected_stage=Stage.VERIFIED, note="Ghi chú của tôi"))

    html = response.content.decode()
    assert response.status_code == 409
    assert response.context["form"].non_field_errors() == [StaleCandidacy().message]
    assert "Ghi chú của tôi" in html
    assert Candidacy.objects.get(pk=introduced.pk).stage == Stage.INTRODUCED


def _confirmation(client, url, **overrides):
    review = client.post(url, vote_form(**overrides))
    return {**review.context["submitted"], "step": "confirm", "expected_stage": Stage.INTRODUCED,
            "pending_files": review.context["pending_files"], "submission": review.context["submission"],
            "confirmed": "on"}  # fmt: skip


def test_the_back_button_and_a_second_submit_land_on_the_case_already_recorded(introduced, secretary, login):
    client = login(secretary)
    url = reverse("candidacy-action", args=[introduced.pk, "cell_vote"])
    confirm = _confirmation(client, url)
    client.post(url, confirm)

    again = client.post(url, confirm, follow=True)

    assert again.redirect_chain[0][1] == 302
    assert "already recorded" in again.content.decode() or "đã được ghi nhận" in again.content.decode()
    assert Vote.objects.filter(candidacy=introduced).count() == 1


def test_a_double_tap_on_a_failed_vote_records_one_vote(introduced, secretary, login):
    """A failed vote keeps the stage, so the stage cannot tell a second tap: the confirmation's token does."""
    client = login(secretary)
    url = reverse("candidacy-action", args=[introduced.pk, "cell_vote"])
    confirm = _confirmation(client, url, in_favour="2", against="5")

    first = client.post(url, confirm)
    second = client.post(url, confirm)

    assert (first.status_code, second.status_code) == (302, 302)
    assert Vote.objects.filter(candidacy=introduced).count() == 1
    assert Candidacy.objects.get(pk=introduced.pk).failed_vote_count == 1


def test_a_confirmation_made_stale_by_someone_else_records_nothing(introduced, secretary, login):
    from django.test import Client

    client = login(secretary)
    url = reverse("candidacy-action", args=[introduced.pk, "cell_vote"])
    mine = _confirmation(client, url)
    other = Client()  # another session: the committee member on her own phone
    other.force_login(secretary)
    theirs = _confirmation(other, url)
    other.post(url, theirs)

    late = client.post(url, mine)

    assert late.status_code == 409
    assert Vote.objects.filter(candidacy=introduced).count() == 1


def test_candidate_page_offers_the_step_with_its_form(introduced, secretary, login):
    response = login(secretary).get(reverse("candidacy-detail", args=[introduced.pk]))

    names = [step.name for step, form in response.context["allowed_steps"]]
    assert "cell_vote" in names
    assert 'action="{}"'.format(reverse("candidacy-action", args=[introduced.pk, "cell_vote"])) in (
        response.content.decode()
    )


def test_candidate_page_offers_no_step_that_is_not_the_users(tree, secretary, login):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9), tick=False):
        candidacy = candidacy_create(actor=secretary, person=PersonFactory(unit=tree.cell_a), cell=tree.cell_a)
    commune = UserFactory(username="thuongvu")
    assign_role(commune, Role.COMMUNE_STANDING, tree.commune)

    response = login(commune).get(reverse("candidacy-detail", args=[candidacy.pk]))

    assert response.context["allowed_steps"] == [] and response.context["blocked_steps"] == []


def test_candidate_page_gives_the_reasons_a_step_is_blocked_and_links_the_fix(tree, secretary, login):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.INTRODUCED)

    response = login(secretary).get(reverse("candidacy-detail", args=[candidacy.pk]))

    blocked = {step.name: blockers for step, blockers in response.context["blocked_steps"]}
    url = reverse("document-upload", args=[candidacy.pk]) + "?form_code=CN-NTV%C4%90"
    [(reason, _url, label)] = [row for row in blocked["cell_vote"] if row[1] == url]
    html = response.content.decode()
    assert reason in html and f'href="{url}"' in html
    form = login(secretary).get(url).context["form"]
    assert form["form_code"].value() == "CN-NTVĐ"


def test_auditor_gets_no_form_and_a_403_on_post(introduced, auditor, login):
    client = login(auditor)
    url = reverse("candidacy-action", args=[introduced.pk, "cell_vote"])

    page = client.get(reverse("candidacy-detail", args=[introduced.pk]))
    post = client.post(url, vote_form())

    assert page.context["allowed_steps"] == [] and page.context["blocked_steps"] == []
    assert '<form method="post" enctype' not in page.content.decode()
    assert post.status_code == 403
    assert Candidacy.objects.get(pk=introduced.pk).stage == Stage.INTRODUCED


def test_a_step_on_a_foreign_candidacy_is_404(introduced, tree, login):
    stranger = UserFactory(username="bithu_xom")
    assign_role(stranger, Role.CELL_SECRETARY, tree.other_cell)
    client = login(stranger)

    assert client.post(reverse("candidacy-action", args=[introduced.pk, "cell_vote"]), vote_form()).status_code == 404
    assert client.get(reverse("candidacy-detail", args=[introduced.pk])).status_code == 404


def test_a_step_that_does_not_apply_is_404(introduced, secretary, login):
    response = login(secretary).get(reverse("candidacy-action", args=[introduced.pk, "recognition_decide"]))

    assert response.status_code == 404


def test_todo_links_the_secretary_to_the_cell_vote(introduced, secretary, login):
    response = login(secretary).get(reverse("todo"))

    [(candidacy, steps)] = response.context["items"]
    assert candidacy.pk == introduced.pk
    assert [step.name for step in steps] == ["cell_vote"]


def test_timeline_lists_every_transition_with_its_evidence(introduced, secretary, login):
    response = login(secretary).get(reverse("candidacy-detail", args=[introduced.pk]))

    entries = response.context["timeline"]
    actions = [entry.log.action for entry in entries]
    assert actions[:3] == ["candidacy_create", "sympathiser_add", "awareness_class_record"]
    html = response.content.decode()
    assert "35-CN/TTCT" in html
    assert "10/10/2025" in html


def test_back_from_the_confirmation_keeps_the_input(introduced, secretary, login):
    client = login(secretary)
    url = reverse("candidacy-action", args=[introduced.pk, "cell_vote"])
    review = client.post(url, vote_form(note="Họp chi bộ tháng 3"))

    data = {**review.context["submitted"], "step": ["confirm", "back"], "expected_stage": Stage.INTRODUCED,
            "pending_files": review.context["pending_files"]}  # fmt: skip
    back = client.post(url, data)

    html = back.content.decode()
    assert back.status_code == 200
    assert "Họp chi bộ tháng 3" in html and 'value="05/03/2026"' in html
    assert Candidacy.objects.get(pk=introduced.pk).stage == Stage.INTRODUCED
