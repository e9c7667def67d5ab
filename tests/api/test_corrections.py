"""Corrections through the API: end an assignment, extend a deadline once; each leaves an audit entry."""

import datetime

from tests.factories import CandidacyFactory, MembershipFactory, MentorshipFactory
from workflows.enums import MentorKind, Stage
from workflows.models import TransitionLog

D = datetime.date


def _awaiting_decision(tree):
    return CandidacyFactory(cell=tree.cell_a, stage=Stage.GRASSROOTS_APPROVED, cell_resolution_date=D(2026, 3, 2),
                            stage_due_on=D(2026, 5, 27),
                            stage_due_rule="deadline.admission_decision_working_days")  # fmt: skip


def test_api_ends_an_assignment_and_refuses_a_second_end(api, tree, secretary):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.VERIFIED)
    helper = MentorshipFactory(candidacy=candidacy, kind=MentorKind.HELPER, assigned_on=D(2025, 10, 1),
                               mentor=MembershipFactory(cell=tree.cell_a).person)  # fmt: skip
    url = f"/api/v1/candidacies/{candidacy.pk}/mentors/{helper.pk}/end/"

    first = api(secretary).post(url, {"ended_on": "2026-01-10", "reason": "Chuyển công tác"}, format="json")
    second = api(secretary).post(url, {"ended_on": "2026-01-11", "reason": "Lại"}, format="json",
                                 HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip

    assert first.status_code == 200 and first.data["ended_on"] == "2026-01-10"
    assert second.status_code == 403 and second.data["reasons"] == ["This assignment has already ended."]
    assert TransitionLog.objects.filter(candidacy=candidacy, action="mentor_end").count() == 1


def test_api_extends_a_deadline_once(api, tree, commune_standing):
    candidacy = _awaiting_decision(tree)
    url = f"/api/v1/candidacies/{candidacy.pk}/deadline/extend/"

    missing = api(commune_standing).post(url, {}, format="json")
    first = api(commune_standing).post(url, {"reason": "Chờ văn bản của tỉnh"}, format="json")
    second = api(commune_standing).post(url, {"reason": "Lần hai"}, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert missing.status_code == 400 and "reason" in missing.data
    assert first.status_code == 200 and first.data["deadline_extended"] is True
    assert second.status_code == 403
    assert second.data["reasons"] == ["The deadline has already been extended once."]


def test_api_voids_an_assignment_entered_by_mistake_so_it_never_counted(api, tree, secretary):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.VERIFIED)
    wrong = MentorshipFactory(candidacy=candidacy, kind=MentorKind.INTRODUCER, assigned_on=D(2026, 1, 5),
                              months_together=2)  # fmt: skip
    url = f"/api/v1/candidacies/{candidacy.pk}/mentors/{wrong.pk}/end/"

    response = api(secretary).post(url, {"by_mistake": True, "reason": "Nhập sai số tháng"}, format="json")

    assert response.status_code == 200
    wrong.refresh_from_db()
    assert wrong.ended_on == wrong.assigned_on
    assert not any(wrong.is_active_on(D(2026, 1, 5) + datetime.timedelta(days=n)) for n in range(60))


def test_api_refuses_an_end_without_a_date_or_the_mistake_box(api, tree, secretary):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.VERIFIED)
    helper = MentorshipFactory(candidacy=candidacy, kind=MentorKind.HELPER, assigned_on=D(2026, 1, 5))

    response = api(secretary).post(f"/api/v1/candidacies/{candidacy.pk}/mentors/{helper.pk}/end/",
                                   {"reason": "Chuyển công tác"}, format="json")  # fmt: skip

    assert response.status_code == 400 and "ended_on" in response.data
    helper.refresh_from_db()
    assert helper.ended_on is None
