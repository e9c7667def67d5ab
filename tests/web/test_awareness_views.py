"""One awareness class for a roster: all or nothing, errors per row."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import MembershipFactory, PersonFactory
from tests.files import pdf_bytes
from workflows.enums import FormCode, MentorKind, Stage
from workflows.models import Candidacy, Document, Mentorship
from workflows.services import candidacy_create, candidacy_perform


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sympathisers(tree, secretary):
    result = []
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9), tick=False):
        for name in ("Nguyễn Văn An", "Trần Thị Bình"):
            candidacy = candidacy_create(
                actor=secretary, person=PersonFactory(unit=tree.cell_a, full_name=name), cell=tree.cell_a
            )
            result.append(
                candidacy_perform(
                    actor=secretary,
                    candidacy=candidacy,
                    action="sympathiser_add",
                    data={"resolution_date": "2026-01-05"},
                )
            )
    return result


def roster(candidacies, numbers, **overrides):
    data = {"starts_on": "01/02/2026", "ends_on": "10/02/2026", "issued_on": "12/02/2026", "issuer": "TTCT phường"}
    for candidacy, number in zip(candidacies, numbers, strict=True):
        if number is not None:
            data[f"select_{candidacy.pk}"] = "on"
            data[f"certificate_{candidacy.pk}"] = number
    return {**data, **overrides}


def test_awareness_class_is_recorded_for_every_ticked_candidate(sympathisers, secretary, login):
    response = login(secretary).post(reverse("awareness-class"), roster(sympathisers, ["35-CN/TTCT", "36-CN/TTCT"]))

    assert response.status_code == 302
    assert set(Candidacy.objects.values_list("stage", flat=True)) == {Stage.CLASS_DONE}
    certificates = Document.objects.filter(form_code=FormCode.AWARENESS_CERTIFICATE)
    assert sorted(certificates.values_list("number", flat=True)) == ["35-CN/TTCT", "36-CN/TTCT"]


def test_awareness_class_with_one_bad_row_records_nothing_and_marks_the_row(sympathisers, secretary, login):
    first, second = sympathisers

    response = login(secretary).post(reverse("awareness-class"), roster(sympathisers, ["35-CN/TTCT", "không số"]))

    rows = {candidacy.pk: errors for candidacy, _tick, _number, errors in response.context["rows"]}
    assert response.status_code == 422
    assert rows[first.pk] == [] and rows[second.pk] != []
    assert set(Candidacy.objects.values_list("stage", flat=True)) == {Stage.SYMPATHISER}
    assert 'value="không số"' in response.content.decode()


def test_awareness_class_needs_a_number_for_each_ticked_row(sympathisers, secretary, login):
    response = login(secretary).post(reverse("awareness-class"), roster(sympathisers, ["", None]))

    assert response.status_code == 422
    assert f"certificate_{sympathisers[0].pk}" in response.context["form"].errors


def test_awareness_class_roster_lists_only_sympathisers_in_scope(sympathisers, tree, commune_staff, login):
    response = login(commune_staff).get(reverse("awareness-class"), {"unit": tree.cell_b.pk})

    assert response.context["rows"] == []


def test_mentor_is_assigned_from_the_official_members_in_scope(sympathisers, tree, secretary, login):
    member = MembershipFactory(cell=tree.cell_a).person
    candidacy = sympathisers[0]

    response = login(secretary).post(
        reverse("mentor-add", args=[candidacy.pk]),
        {"mentor": member.pk, "kind": MentorKind.HELPER, "assigned_on": "05/01/2026", "reason": ""},
    )

    assert response.status_code == 302
    assert Mentorship.objects.get(candidacy=candidacy).mentor == member


def test_mentor_from_another_commune_cannot_be_chosen(sympathisers, tree, secretary, login):
    stranger = MembershipFactory(cell=tree.other_cell).person

    response = login(secretary).post(
        reverse("mentor-add", args=[sympathisers[0].pk]),
        {"mentor": stranger.pk, "kind": MentorKind.HELPER, "assigned_on": "05/01/2026"},
    )

    assert response.status_code == 422
    assert "mentor" in response.context["form"].errors


def test_document_upload_adds_a_scan_to_the_file(sympathisers, secretary, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    candidacy = sympathisers[0]
    scan = SimpleUploadedFile("don.pdf", pdf_bytes(), content_type="application/pdf")

    response = login(secretary).post(
        reverse("document-upload", args=[candidacy.pk]),
        {"form_code": FormCode.APPLICATION, "issued_on": "06/01/2026", "number": "", "file": scan},
    )
    document = Document.objects.get(candidacy=candidacy, form_code=FormCode.APPLICATION)
    served = login(secretary).get(reverse("document-file", args=[candidacy.pk, document.pk]))

    assert response.status_code == 302
    assert b"".join(served.streaming_content).startswith(b"%PDF")


def test_mentor_and_document_pages_refuse_an_auditor(sympathisers, auditor, login):
    client = login(auditor)

    assert client.get(reverse("mentor-add", args=[sympathisers[0].pk])).status_code == 403
    assert client.post(reverse("document-upload", args=[sympathisers[0].pk]), {}).status_code == 403
