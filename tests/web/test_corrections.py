"""Corrections users finish without an administrator, each leaving who, when and why (issue 11, item 1)."""

import datetime

from django.urls import reverse

from tests.factories import CandidacyFactory, MentorshipFactory, PersonFactory
from workflows.enums import MentorKind, Stage
from workflows.models import TransitionLog

D = datetime.date


def _person_post(person, **changes) -> dict:
    from partycell.web.views.corrections import PersonCorrectionForm

    form = PersonCorrectionForm(instance=person)
    data = {}
    for name in PersonCorrectionForm.Meta.fields:
        value = form[name].value()
        if isinstance(value, datetime.date):
            value = value.strftime("%d/%m/%Y")
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    return {**data, **changes}


def test_commune_staff_corrects_a_name_and_the_record_shows_who_what_and_why(tree, commune_staff, client):
    person = PersonFactory(unit=tree.cell_a, full_name="Nguyễn Văn Nam", citizen_id="001099000123")
    client.force_login(commune_staff)

    response = client.post(reverse("person-edit", args=[person.pk]),
                           _person_post(person, full_name="Nguyễn Văn Năm", reason="Sai dấu khi nhập"))  # fmt: skip

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn Năm"
    page = client.get(reverse("person-detail", args=[person.pk]))
    html = page.content.decode()
    assert "Sai dấu khi nhập" in html and "Nguyễn Văn Nam → Nguyễn Văn Năm" in html


def test_a_correction_without_a_reason_keeps_what_was_typed_and_saves_nothing(tree, commune_staff, client):
    person = PersonFactory(unit=tree.cell_a, full_name="Nguyễn Văn Nam")
    client.force_login(commune_staff)

    response = client.post(reverse("person-edit", args=[person.pk]), _person_post(person, full_name="Trần Văn Nam"))

    assert response.status_code == 422
    assert 'value="Trần Văn Nam"' in response.content.decode()
    person.refresh_from_db()
    assert person.full_name == "Nguyễn Văn Nam" and not person.changes.exists()


def test_an_auditor_reads_a_record_but_cannot_correct_it(tree, auditor, client):
    person = PersonFactory(unit=tree.cell_a)
    client.force_login(auditor)

    assert "person-edit" not in client.get(reverse("person-detail", args=[person.pk])).content.decode()
    assert client.get(reverse("person-edit", args=[person.pk])).status_code == 403


def test_an_introducer_entered_with_the_wrong_months_is_ended_with_a_reason_and_logged(tree, secretary, client):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.VERIFIED)
    introducer = MentorshipFactory(candidacy=candidacy, kind=MentorKind.INTRODUCER, assigned_on=D(2026, 1, 5),
                                   months_together=2)  # fmt: skip
    client.force_login(secretary)
    detail = client.get(reverse("candidacy-detail", args=[candidacy.pk])).content.decode()
    url = reverse("mentor-end", args=[candidacy.pk, introducer.pk])
    assert url in detail

    response = client.post(url, {"ended_on": "10/01/2026", "reason": "Nhập sai số tháng"})

    assert response.status_code == 302
    introducer.refresh_from_db()
    assert (introducer.ended_on, introducer.reason) == (D(2026, 1, 10), "Nhập sai số tháng")
    log = TransitionLog.objects.filter(candidacy=candidacy, action="mentor_end").get()
    assert (log.actor, log.note, log.to_stage) == (secretary, "Nhập sai số tháng", log.from_stage)
    assert client.get(url).status_code == 404  # already ended: no second end


def test_an_end_date_before_the_assignment_is_refused_with_the_input_kept(tree, secretary, client):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.VERIFIED)
    introducer = MentorshipFactory(candidacy=candidacy, kind=MentorKind.INTRODUCER, assigned_on=D(2026, 1, 5))
    client.force_login(secretary)

    response = client.post(reverse("mentor-end", args=[candidacy.pk, introducer.pk]),
                           {"ended_on": "01/01/2026", "reason": "Chuyển công tác"})  # fmt: skip

    assert response.status_code == 422
    assert "Chuyển công tác" in response.content.decode()
    introducer.refresh_from_db()
    assert introducer.ended_on is None


def _awaiting_decision(tree):
    return CandidacyFactory(cell=tree.cell_a, stage=Stage.GRASSROOTS_APPROVED, cell_resolution_date=D(2026, 3, 2),
                            stage_due_on=D(2026, 5, 27),
                            stage_due_rule="deadline.admission_decision_working_days")  # fmt: skip


def test_the_decider_extends_the_deadline_once_through_the_page(tree, commune_standing, client):
    candidacy = _awaiting_decision(tree)
    client.force_login(commune_standing)
    url = reverse("deadline-extend", args=[candidacy.pk])
    assert url in client.get(reverse("candidacy-detail", args=[candidacy.pk])).content.decode()

    response = client.post(url, {"reason": "Chờ kết quả thẩm tra bổ sung"})

    assert response.status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.deadline_extended is True and candidacy.stage_due_on > D(2026, 5, 27)
    assert TransitionLog.objects.filter(candidacy=candidacy, action="deadline_extend").count() == 1
    assert url not in client.get(reverse("candidacy-detail", args=[candidacy.pk])).content.decode()
    assert client.get(url).status_code == 404


def test_the_secretary_is_not_offered_the_extension(tree, secretary, client):
    candidacy = _awaiting_decision(tree)
    client.force_login(secretary)

    assert client.get(reverse("deadline-extend", args=[candidacy.pk])).status_code == 404
