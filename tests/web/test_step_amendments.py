"""Correcting and reversing a recorded step from the case page's history, and through the API: each leaves
its own entry, the wrong one is kept and shown as corrected or reversed, with who and why."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from partycell.people.models import Membership
from tests.factories import MembershipFactory, PersonFactory
from tests.walk import START, D, ServiceWalk, at
from workflows import services
from workflows.enums import Action, Stage
from workflows.models import TransitionLog, Vote

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


@pytest.fixture
def candidacy(tree, secretary, grassroots_staff, commune_standing):
    person = PersonFactory(unit=tree.cell_a, date_of_birth=D(1999, 4, 2), full_name="Lê Thị Hoa")
    roll = [MembershipFactory(cell=tree.cell_a) for _ in range(7)]
    with at(START):
        candidacy = services.candidacy_create(actor=secretary, person=person, cell=tree.cell_a)
    walk = ServiceWalk(candidacy, cell=secretary, grassroots=grassroots_staff, competent=commune_standing,
                       introducers=roll[:2])  # fmt: skip
    walk.through("admission_decide")
    return candidacy


def entry_of(candidacy, action):
    return TransitionLog.objects.filter(candidacy=candidacy, action=action).latest("id")


def test_the_secretary_corrects_the_cell_vote_from_the_case_history_and_the_page_shows_both(
    candidacy, secretary, client
):
    wrong = entry_of(candidacy, "cell_vote")
    client.force_login(secretary)
    with at(D(2026, 4, 10)):
        page = client.get(reverse("candidacy-detail", args=[candidacy.pk]), **EN)
        link = reverse("step-correct", args=[candidacy.pk, wrong.pk])
        assert link in page.content.decode()
        form = client.get(link, **EN)
        assert form.status_code == 200 and 'value="03/03/2026"' in form.content.decode()

        corrected = {"meeting_date": "02/03/2026", "eligible": "7", "present": "7", "in_favour": "6", "against": "1",
                     "method": "secret_ballot", "resolution_number": "12-NQ/CB", "reason": "Biên bản ghi ngày 02/03"}
        response = client.post(link, corrected, **EN)

    assert response.status_code == 302
    correction = entry_of(candidacy, Action.STEP_CORRECT)
    assert correction.corrects_id == wrong.pk and correction.actor == secretary
    assert Vote.objects.get(pk=wrong.evidence["vote"]["id"]).against == 1
    candidacy.refresh_from_db()
    assert candidacy.cell_resolution_date == D(2026, 3, 2) and candidacy.stage == Stage.ADMISSION_DECIDED
    with at(D(2026, 4, 10)):
        html = client.get(reverse("candidacy-detail", args=[candidacy.pk]), **EN).content.decode()
    assert "Corrected" in html and "Biên bản ghi ngày 02/03" in html
    assert "03/03/2026 → 02/03/2026" in html and "0 → 1" in html


def test_a_correction_that_flips_the_vote_is_refused_on_the_page_with_the_way_out(candidacy, secretary, client):
    wrong = entry_of(candidacy, "cell_vote")
    client.force_login(secretary)
    with at(D(2026, 4, 10)):
        response = client.post(reverse("step-correct", args=[candidacy.pk, wrong.pk]), {
            "meeting_date": "03/03/2026", "eligible": "7", "present": "7", "in_favour": "2", "against": "5",
            "method": "secret_ballot", "reason": "Đếm nhầm"}, **EN)  # fmt: skip

    assert response.status_code == 422
    assert "reverse the step" in response.content.decode()
    assert not TransitionLog.objects.filter(action=Action.STEP_CORRECT).exists()


def test_the_deciding_committee_reverses_the_admission_decision_from_the_page(candidacy, commune_standing, client):
    wrong = entry_of(candidacy, "admission_decide")
    client.force_login(commune_standing)
    link = reverse("step-reverse", args=[candidacy.pk, wrong.pk])
    with at(D(2026, 4, 10)):
        page = client.get(reverse("candidacy-detail", args=[candidacy.pk]), **EN).content.decode()
        assert link in page
        response = client.post(link, {"reason": "Quyết định nhầm người"}, **EN)
        again = client.post(link, {"reason": "Quyết định nhầm người"}, **EN)  # a second submit, or the back button
        html = client.get(reverse("candidacy-detail", args=[candidacy.pk]), **EN).content.decode()

    assert response.status_code == 302 and again.status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.GRASSROOTS_APPROVED
    assert not Membership.objects.filter(person=candidacy.person).exists()
    assert TransitionLog.objects.filter(action=Action.STEP_REVERSE).count() == 1
    assert "Reversed" in html and "Quyết định nhầm người" in html
    assert 'class="reversed"' in html


def test_the_secretary_is_not_offered_to_reverse_a_committee_decision_nor_an_earlier_step(
    candidacy, secretary, client
):
    decision = entry_of(candidacy, "admission_decide")
    earlier = entry_of(candidacy, "cell_vote")
    client.force_login(secretary)
    with at(D(2026, 4, 10)):
        page = client.get(reverse("candidacy-detail", args=[candidacy.pk]), **EN).content.decode()
        refused = client.post(reverse("step-reverse", args=[candidacy.pk, decision.pk]), {"reason": "x"})
        not_last = client.get(reverse("step-reverse", args=[candidacy.pk, earlier.pk]))

    assert reverse("step-reverse", args=[candidacy.pk, decision.pk]) not in page
    assert refused.status_code == 404 and not_last.status_code == 404
    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.ADMISSION_DECIDED


def test_an_auditor_cannot_correct_or_reverse(candidacy, auditor, client):
    wrong = entry_of(candidacy, "cell_vote")
    client.force_login(auditor)
    with at(D(2026, 4, 10)):
        page = client.get(reverse("candidacy-detail", args=[candidacy.pk])).content.decode()
        response = client.post(reverse("step-correct", args=[candidacy.pk, wrong.pk]), {"reason": "x"})

    assert "/correct/" not in page
    assert response.status_code == 403


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_correction_and_the_reversal_read_as_sentences_without_raw_keys(
    candidacy, secretary, commune_standing, client, language
):
    from workflows.amendment_services import step_correct, step_reverse

    with at(D(2026, 4, 10)):
        step_correct(actor=secretary, entry=entry_of(candidacy, "cell_vote"), reason="Sai ngày",
                     data={"meeting_date": "2026-03-02"})  # fmt: skip
        step_reverse(actor=commune_standing, entry=entry_of(candidacy, "admission_decide"), data={"reason": "Nhầm"})
        client.force_login(commune_standing)
        html = client.get(reverse("candidacy-detail", args=[candidacy.pk]),
                          HTTP_ACCEPT_LANGUAGE=language).content.decode()  # fmt: skip

    html = html[html.index('<details class="history"') : html.index("</details>", html.index('class="history"'))]
    html = re.sub(r'(href|id|class)="[^"]*"', "", html)  # links name actions in their paths; the words must not
    for raw in ("step_correct", "step_reverse", "reversed_step", "documents_withdrawn", "vote_withdrawn",
                "meeting_date", "'from'", "{'", "admission_decide", "9-KNĐ', "):  # fmt: skip
        assert raw not in html, raw
    with translation.override(language):
        assert str(Action.STEP_CORRECT.label) in html and str(Action.STEP_REVERSE.label) in html
        assert str(Action.ADMISSION_DECIDE.label) in html
    if language == "vi":
        assert "Đã hủy" in html or "Hủy" in html
        assert "Step reversed" not in html and "Corrects the entry" not in html


# --- The API -----------------------------------------------------------------------------------------------


def api_for(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_api_corrects_a_step_with_a_reason_and_leaves_an_entry(candidacy, commune_standing):
    wrong = entry_of(candidacy, "admission_decide")
    with at(D(2026, 4, 10)):
        response = api_for(commune_standing).post(
            f"/api/v1/candidacies/{candidacy.pk}/history/{wrong.pk}/correct/",
            {"decision_number": "126-QĐ/ĐU", "reason": "Đọc nhầm số"}, format="json")  # fmt: skip
        history = api_for(commune_standing).get(f"/api/v1/candidacies/{candidacy.pk}/history/").data

    assert response.status_code == 201, response.data
    assert response.data["corrects"] == wrong.pk and response.data["action"] == "step_correct"
    assert response.data["evidence"]["changes"]["decision_number"] == {"from": "125-QĐ/ĐU", "to": "126-QĐ/ĐU"}
    assert history[-1]["corrects"] == wrong.pk
    assert Membership.objects.get(person=candidacy.person).admission_decision_number == "126-QĐ/ĐU"


def test_the_api_refuses_a_correction_without_a_reason_or_with_an_impossible_date(candidacy, commune_standing):
    wrong = entry_of(candidacy, "admission_decide")
    url = f"/api/v1/candidacies/{candidacy.pk}/history/{wrong.pk}/correct/"
    with at(D(2026, 4, 10)):
        no_reason = api_for(commune_standing).post(url, {"decision_number": "126-QĐ/ĐU"}, format="json", **EN)
        impossible = api_for(commune_standing).post(url, {"decision_date": "2026-02-30", "reason": "x"},
                                                    format="json", **EN)  # fmt: skip
        not_object = api_for(commune_standing).post(url, ["reason"], format="json", **EN)

    assert no_reason.status_code == 400 and "reason" in no_reason.data
    assert impossible.status_code == 400
    assert impossible.data["decision_date"] == ["2026-02-30 is not a date: February has no day 30."]
    assert not_object.status_code == 400
    assert not TransitionLog.objects.filter(action=Action.STEP_CORRECT).exists()


def test_the_api_reverses_the_last_step_and_refuses_an_earlier_one(candidacy, commune_standing, secretary):
    decision = entry_of(candidacy, "admission_decide")
    earlier = entry_of(candidacy, "cell_vote")
    base = f"/api/v1/candidacies/{candidacy.pk}/history"
    with at(D(2026, 4, 10)):
        by_secretary = api_for(secretary).post(f"{base}/{decision.pk}/reverse/", {"reason": "x"}, format="json")
        not_last = api_for(commune_standing).post(f"{base}/{earlier.pk}/reverse/", {"reason": "x"}, format="json")
        response = api_for(commune_standing).post(f"{base}/{decision.pk}/reverse/", {"reason": "Nhầm người"},
                                                  format="json")  # fmt: skip

    assert by_secretary.status_code == 403 and not_last.status_code == 403
    assert response.status_code == 200, response.data
    assert response.data["stage"] == Stage.GRASSROOTS_APPROVED
    reversal = entry_of(candidacy, Action.STEP_REVERSE)
    assert reversal.corrects_id == decision.pk and reversal.actor == commune_standing


def test_the_case_page_asks_the_gate_about_every_entry_without_a_query_per_entry(
    candidacy, secretary, commune_standing, client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(commune_standing)
    url = reverse("candidacy-detail", args=[candidacy.pk])
    with at(D(2026, 4, 10)):
        client.get(url)  # warm: sessions, caches
        with CaptureQueriesContext(connection) as before:
            client.get(url)
        for code in ("CN-ĐVM", "10-KNĐ", "11-KNĐ", "12-KNĐ"):
            services.document_add(actor=secretary, candidacy=candidacy, form_code=code, issued_on=D(2026, 4, 9))
        from workflows.amendment_services import step_correct

        step_correct(actor=secretary, entry=entry_of(candidacy, "cell_vote"), reason="Sai ngày",
                     data={"meeting_date": "2026-03-02"})  # fmt: skip
        step_correct(actor=commune_standing, entry=entry_of(candidacy, "grassroots_vote"), reason="Sai số",
                     data={"in_favour": 10})  # fmt: skip
        with CaptureQueriesContext(connection) as after:
            page = client.get(url)

    assert page.content.decode().count("/correct/") >= 8
    assert len(after.captured_queries) <= len(before.captured_queries) + 2, [q["sql"] for q in after.captured_queries]
