"""The background-verification page of a candidate's file and its three forms."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CandidacyFactory
from tests.walk import D, ServiceWalk, at
from workflows.enums import Stage
from workflows.verification import Conclusion, Relation, VerificationRequest, VerificationSubject

TODAY = D(2025, 11, 20)


@pytest.fixture
def opened(tree, secretary, grassroots_staff):
    """A case of cell A whose file was opened on 10 November 2025 (the shared walk)."""
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.SOURCE, person__full_name="Đỗ Minh Khoa")
    return ServiceWalk(candidacy, cell=secretary, grassroots=grassroots_staff).through("file_open")


def subject(candidacy, name: str = "Đỗ Văn Lâm", relation: str = Relation.FATHER) -> VerificationSubject:
    return VerificationSubject.objects.create(candidacy=candidacy, relation=relation, full_name=name)


def letter(person: VerificationSubject, **fields) -> VerificationRequest:
    values = {"organisation": "Đảng ủy phường Hoàn Kiếm", "locality": "Phường Hoàn Kiếm, Thành phố Hà Nội",
              "sent_on": D(2025, 11, 14), "cost_vnd": 45000, **fields}  # fmt: skip
    return VerificationRequest.objects.create(subject=person, **values)


def page(candidacy) -> str:
    return reverse("candidacy-verification", args=[candidacy.pk])


def test_the_page_lists_people_and_letters_with_their_state(opened, grassroots_staff, login):
    father = subject(opened)
    letter(father, reference="15-CV/ĐU")
    mother = subject(opened, "Lê Thị Hoa", Relation.MOTHER)
    letter(mother, replied_on=D(2025, 11, 18), conclusion=Conclusion.ISSUE, conclusion_note="Cần làm rõ năm 1990")

    with at(TODAY):
        response = login(grassroots_staff).get(page(opened))

    html = response.content.decode()
    assert response.status_code == 200
    assert [s.full_name for s in response.context["subjects"]] == ["Đỗ Văn Lâm", "Lê Thị Hoa"]
    assert "Đảng ủy phường Hoàn Kiếm" in html and "15-CV/ĐU" in html and "Cần làm rõ năm 1990" in html
    assert "Chờ trả lời" in html and "Có vấn đề" in html  # awaiting reply, issue found
    assert "90.000 ₫" in html  # the cost advanced, in the Vietnamese format
    assert reverse("verification-subject-new", args=[opened.pk]) in html
    assert reverse("verification-reply-new", args=[opened.pk, father.requests.get().pk]) in html
    # The conclusion is the step "record the background verification" while the file is open.
    assert reverse("candidacy-action", args=[opened.pk, "history_verify"]) in html


def test_the_page_runs_the_same_number_of_queries_for_one_or_three_people(opened, grassroots_staff, login):
    client = login(grassroots_staff)

    def queries() -> int:
        with at(TODAY), CaptureQueriesContext(connection) as captured:
            assert client.get(page(opened)).status_code == 200
        return len(captured.captured_queries)

    letter(subject(opened))
    one = queries()
    for name in ("Lê Thị Hoa", "Đỗ Thị Mai"):
        letter(subject(opened, name, Relation.SPOUSE if name == "Đỗ Thị Mai" else Relation.MOTHER))

    assert queries() == one


def test_the_candidate_page_links_to_the_tracker(opened, secretary, login):
    response = login(secretary).get(reverse("candidacy-detail", args=[opened.pk]))

    assert page(opened) in response.content.decode()


def test_readers_and_the_cell_see_the_page_without_forms(opened, auditor, secretary, login, client):
    letter(subject(opened))

    for user in (auditor, secretary):
        with at(TODAY):
            html = login(user).get(page(opened)).content.decode()
        assert "Đảng ủy phường Hoàn Kiếm" in html
        assert reverse("verification-subject-new", args=[opened.pk]) not in html
        assert "/reply/" not in html
        client.logout()


def test_the_forms_are_not_offered_to_the_cell_nor_to_readers(opened, secretary, auditor, outsider, login, client):
    urls = [reverse(name, args=[opened.pk]) for name in ("verification-subject-new", "verification-request-new")]
    expected = {secretary: 404, auditor: 403, outsider: 404}

    for user, status in expected.items():
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [status, status]
    assert client.get(page(opened)).status_code == 404  # the outsider does not see the case at all


def test_adding_a_person_records_them_and_goes_back_to_the_page(opened, grassroots_staff, login):
    with at(TODAY):
        response = login(grassroots_staff).post(
            reverse("verification-subject-new", args=[opened.pk]),
            {"relation": "father", "full_name": "Đỗ Văn Lâm", "birth_year": "1970", "address": "Xóm Đông"},
        )

    assert response.status_code == 302
    assert response.url == page(opened)
    assert VerificationSubject.objects.get().full_name == "Đỗ Văn Lâm"


def test_a_letter_dated_before_the_file_was_opened_keeps_what_was_typed(opened, grassroots_staff, login):
    father = subject(opened)

    with at(TODAY):
        response = login(grassroots_staff).post(
            reverse("verification-request-new", args=[opened.pk]),
            {"subject": father.pk, "organisation": "Công an xã Đại Phúc", "locality_text": "Xã Đại Phúc",
             "sent_on": "09/11/2025", "cost_vnd": "30000"},
        )  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 422
    assert "Không thể gửi công văn trước ngày lập hồ sơ (10/11/2025)." in html
    assert 'value="Công an xã Đại Phúc"' in html and 'value="30000"' in html
    assert VerificationRequest.objects.count() == 0


def test_a_letter_is_recorded_with_its_province_and_commune(opened, grassroots_staff, commune_staff, login):
    father = subject(opened)

    with at(TODAY):
        response = login(grassroots_staff).post(
            reverse("verification-request-new", args=[opened.pk]),
            {"subject": father.pk, "organisation": "Đảng ủy phường Hoàn Kiếm", "province_code": "1",
             "commune_code": "70", "sent_on": "14/11/2025", "cost_vnd": "45000", "assignee": commune_staff.pk},
        )  # fmt: skip

    assert response.status_code == 302
    recorded = VerificationRequest.objects.get()
    assert (recorded.locality, recorded.assignee, recorded.sent_on) == (
        "Phường Hoàn Kiếm, Thành phố Hà Nội", commune_staff, D(2025, 11, 14))


def test_the_letter_form_offers_the_communes_of_the_chosen_province(opened, grassroots_staff, login):
    client = login(grassroots_staff)

    options = client.get(reverse("verification-communes"), {"province_code": "1"}).content.decode()
    form = client.get(reverse("verification-request-new", args=[opened.pk])).content.decode()

    assert '<option value="70">Phường Hoàn Kiếm</option>' in options
    assert options.count("<option") == 127  # the 126 communes and wards of Hà Nội, and "—"
    assert 'hx-get="/verification/communes/"' in form
    assert client.get(reverse("verification-communes"), {"province_code": "x"}).content.decode().count("<option") == 1


def test_a_reply_is_recorded_and_a_reply_before_its_letter_is_refused(opened, grassroots_staff, login):
    sent = letter(subject(opened))
    url = reverse("verification-reply-new", args=[opened.pk, sent.pk])
    client = login(grassroots_staff)

    with at(TODAY):
        early = client.post(url, {"replied_on": "13/11/2025", "conclusion": "clear"})
        recorded = client.post(url, {"replied_on": "19/11/2025", "conclusion": "clear", "note": "Không có vấn đề"})

    assert early.status_code == 422
    assert "Ngày nhận trả lời không thể trước ngày gửi công văn (14/11/2025)." in early.content.decode()
    assert recorded.status_code == 302
    sent.refresh_from_db()
    assert (sent.replied_on, sent.conclusion, sent.conclusion_note) == (
        datetime.date(2025, 11, 19), Conclusion.CLEAR, "Không có vấn đề")


def test_a_reply_to_another_cases_letter_is_404(tree, opened, grassroots_staff, login):
    other = CandidacyFactory(cell=tree.cell_a, stage=Stage.FILE_OPEN)
    sent = letter(subject(other))

    response = login(grassroots_staff).get(reverse("verification-reply-new", args=[opened.pk, sent.pk]))

    assert response.status_code == 404


def test_the_candidates_history_tells_what_was_sent_and_what_came_back(opened, grassroots_staff, login):
    father = subject(opened)
    client = login(grassroots_staff)
    with at(TODAY):
        client.post(reverse("verification-request-new", args=[opened.pk]),
                    {"subject": father.pk, "organisation": "Công an xã Đại Phúc", "locality_text": "Xã Đại Phúc",
                     "sent_on": "14/11/2025", "cost_vnd": "30000"})  # fmt: skip
        client.post(reverse("verification-reply-new", args=[opened.pk, VerificationRequest.objects.get().pk]),
                    {"replied_on": "19/11/2025", "conclusion": "issue", "note": "Cần làm rõ"})  # fmt: skip
        html = client.get(reverse("candidacy-detail", args=[opened.pk])).content.decode()

    assert "Ghi công văn thẩm tra đã gửi" in html and "Công an xã Đại Phúc" in html and "14/11/2025" in html
    assert "Ghi trả lời công văn thẩm tra" in html and "Có vấn đề" in html
