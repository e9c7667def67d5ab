"""The document catalogue: what each step needs on each path, as data the checklist and the guards read.

The first version listed 7-KNĐ, 8-KNĐ and the provincial consent for a 26-year-old in a cell directly
under the ward, and let recognition through with no 10/11/12-KNĐ: these tables pin the fix.
"""

import datetime

import pytest
from django.urls import reverse

from partycell.organisations.models import AuthorityGrant
from tests.factories import CandidacyFactory, DocumentFactory, MentorshipFactory, make_grant, make_unit
from workflows import gate
from workflows.catalogue import DocumentRequirement, documents_required_for
from workflows.enums import EducationException, FormCode, MentorKind, OrganisationIntroduction, Stage
from workflows.rules import RuleReader

D = datetime.date
TODAY = D(2026, 3, 2)


def _checklist(candidacy) -> list[tuple[str, str]]:
    from partycell.web.selectors import document_checklist

    return [(item.code, item.need) for item in document_checklist(candidacy, today=TODAY)]


@pytest.fixture
def partial_cell(tree):
    partial = make_unit("partial_committee", parent=tree.grassroots, name="Đảng ủy bộ phận Khối THCS")
    return make_unit("subordinate_cell", parent=partial, name="Chi bộ Tổ Toán")


CELL_VOTE_FILE = [("CN-NTVĐ", "before"), ("1-KNĐ", "before"), ("2-KNĐ", "before"), ("TT-LL", "before"),
                  ("3-KNĐ", "before"), ("5-KNĐ", "before"), ("6-KNĐ", "filed")]  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "stage", "expected"),
    [
        # A cell under a grassroots committee: the committee's resolution, then the decision.
        ("cell_a", Stage.INTRODUCED, CELL_VOTE_FILE),
        ("cell_a", Stage.CELL_APPROVED, [("8-KNĐ", "filed")]),
        ("cell_a", Stage.GRASSROOTS_APPROVED, [("9-KNĐ", "filed")]),
        # A cell under a partial committee: the appraisal report first.
        ("partial_cell", Stage.CELL_APPROVED, [("7-KNĐ", "filed")]),
        ("partial_cell", Stage.PARTIAL_APPRAISED, [("8-KNĐ", "filed")]),
        # A cell directly under the ward: no 7-KNĐ, no 8-KNĐ, no consent for a 26-year-old.
        ("cell_c", Stage.CELL_APPROVED, [("9-KNĐ", "filed")]),
        # Probation: the recognition file.
        ("cell_a", Stage.PROBATIONARY, [("CN-ĐVM", "before"), ("10-KNĐ", "before"), ("11-KNĐ", "before"),
                                        ("12-KNĐ", "before"), ("13-KNĐ", "filed")]),
        ("cell_c", Stage.RECOGNITION_PROPOSED, [("16-KNĐ", "filed")]),
        ("cell_a", Stage.RECOGNITION_PROPOSED, [("15-KNĐ", "filed")]),
    ],
)  # fmt: skip
def test_checklist_per_path_lists_exactly_what_the_next_steps_need(tree, partial_cell, cell, stage, expected):
    unit = partial_cell if cell == "partial_cell" else getattr(tree, cell)
    candidacy = CandidacyFactory(cell=unit, stage=stage, person__date_of_birth=D(2000, 1, 15))

    assert _checklist(candidacy) == expected


def test_checklist_of_a_delegated_grassroots_committee_asks_for_its_own_resolution_with_its_vote(tree):
    # The delegated committee votes first (A10b, 3.3) and files its 8-KNĐ, the form "of a grassroots
    # committee with the power to decide"; its decision (9-KNĐ) follows.
    make_grant(tree.grassroots, AuthorityGrant.Kind.ADMISSION_DELEGATED, valid_from=D(2025, 1, 1))
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.CELL_APPROVED)

    voted = CandidacyFactory(cell=tree.cell_a, stage=Stage.GRASSROOTS_APPROVED)

    assert _checklist(candidacy) == [("8-KNĐ", "filed")]
    assert _checklist(voted) == [("9-KNĐ", "filed")]


@pytest.mark.parametrize(
    ("fields", "needs_consent"),
    [
        ({"person__date_of_birth": D(2000, 1, 15)}, False),
        ({"person__date_of_birth": D(1960, 1, 15)}, True),
        ({"person__date_of_birth": D(2000, 1, 15), "is_readmission": True}, True),
        ({"person__date_of_birth": D(2000, 1, 15), "education_exception": EducationException.LITERATE_ONLY}, True),
    ],
    ids=["26-years-old", "over-60", "readmission", "literate-only"],
)
def test_checklist_asks_for_the_provincial_consent_only_where_the_rules_need_it(tree, fields, needs_consent):
    candidacy = CandidacyFactory(cell=tree.cell_c, stage=Stage.CELL_APPROVED, **fields)

    assert (("VB-ĐY", "before") in _checklist(candidacy)) is needs_consent


@pytest.mark.parametrize(
    ("organisation", "expected"),
    [
        ("", ["3-KNĐ", "5-KNĐ"]),
        (OrganisationIntroduction.YOUTH_UNION, ["3-KNĐ", "4-KNĐ", "5-KNĐ"]),
        (OrganisationIntroduction.TRADE_UNION, ["3-KNĐ", "4A-KNĐ", "5-KNĐ"]),
    ],
)
def test_introduction_files_the_organisation_resolution_only_with_that_organisation(tree, organisation, expected):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.VERIFIED)
    MentorshipFactory(candidacy=candidacy, kind=MentorKind.INTRODUCER, assigned_on=D(2026, 1, 5),
                      organisation_introduction=organisation)  # fmt: skip

    assert [code for code, _need in _checklist(candidacy)] == expected


def test_the_cell_vote_needs_the_youth_union_resolution_when_introduced_with_it(tree):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.INTRODUCED)
    MentorshipFactory(candidacy=candidacy, kind=MentorKind.INTRODUCER, assigned_on=D(2026, 1, 5),
                      organisation_introduction=OrganisationIntroduction.YOUTH_UNION)  # fmt: skip

    reasons = documents_required_for("cell_vote")(candidacy, RuleReader(TODAY))

    assert "The file has no 4-KNĐ Youth Union resolution introducing a member." in reasons


def test_recognition_is_refused_without_10_11_12_knd(tree, secretary):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.PROBATIONARY, probation_ends_on=D(2026, 1, 10))
    DocumentFactory(candidacy=candidacy, form_code=FormCode.NEW_MEMBER_CERTIFICATE, issued_on=D(2025, 6, 1))
    MentorshipFactory(candidacy=candidacy, kind=MentorKind.PROBATION_HELPER, assigned_on=D(2025, 1, 20))

    verdict = gate.judge(user=secretary, candidacy=candidacy, action="recognition_vote", on=TODAY)

    assert verdict.offered and not verdict.allowed
    assert [str(reason) for reason in verdict.blockers] == [
        "The file has no 10-KNĐ Probationary member's self-review.",
        "The file has no 11-KNĐ Helper's assessment of the probationary member.",
        "The file has no 12-KNĐ Summary of comments on the probationary member.",
    ]
    for code in (FormCode.SELF_REVIEW, FormCode.HELPER_ASSESSMENT, FormCode.RECOGNITION_COMMENTS):
        DocumentFactory(candidacy=candidacy, form_code=code, issued_on=D(2026, 1, 12))
    assert gate.judge(user=secretary, candidacy=candidacy, action="recognition_vote", on=TODAY).allowed


def test_an_administrator_relaxes_a_requirement_by_closing_it_without_a_code_change(tree, secretary):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.PROBATIONARY, probation_ends_on=D(2026, 1, 10))
    required = DocumentRequirement.objects.get(action="recognition_vote", kind__code="11-KNĐ")
    required.effective_to = D(2026, 2, 28)
    required.save()

    before = documents_required_for("recognition_vote")(candidacy, RuleReader(D(2026, 2, 28)))
    after = documents_required_for("recognition_vote")(candidacy, RuleReader(TODAY))

    assert any("11-KNĐ" in reason for reason in before)
    assert not any("11-KNĐ" in reason for reason in after)


def test_a_stale_document_is_marked_on_the_checklist_and_linked_to_its_replacement(tree, secretary, client):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.INTRODUCED)
    DocumentFactory(candidacy=candidacy, form_code=FormCode.INTRODUCTION, issued_on=D(2024, 1, 10))
    client.force_login(secretary)

    page = client.get(reverse("candidacy-detail", args=[candidacy.pk]), HTTP_ACCEPT_LANGUAGE="en")

    [item] = [item for item in page.context["checklist"] if item.code == "3-KNĐ"]
    assert item.is_stale is True
    assert reverse("document-upload", args=[candidacy.pk]) + "?form_code=3-KN%C4%90" in page.content.decode()


def test_a_stale_document_is_named_by_its_first_day_out_of_date_as_the_reminder_names_it(tree):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.INTRODUCED)
    DocumentFactory(candidacy=candidacy, form_code=FormCode.COMMENTS_SUMMARY, issued_on=D(2025, 3, 10))

    reasons = documents_required_for("cell_vote")(candidacy, RuleReader(D(2026, 3, 11)))

    assert "5-KNĐ Summary of comments is out of date since 11/03/2026; it must be redone." in reasons
