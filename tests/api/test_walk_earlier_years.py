"""Cases of 2019 and 2013 walked through the API, each judged by the rules of its own dates.

The shared happy path (tests/walk.py) moved 6 and 12 years back: the 2019 case is decided under 29-QĐ/TW,
01-HD/TW (2016) and 09-HD/BTCTW; the 2013 case under 45-QĐ/TW, 01-HD/TW (2012) and 12-HD/BTCTW (2012).
The audit entries store the versions used.
"""

import pytest

from tests.api.test_walk import token_client
from tests.factories import MembershipFactory
from tests.walk import ApiWalk, D, at, shifted
from workflows.models import TransitionLog

# Official members long before either case: the cell's roll and its introducers.
LONG_AGO = dict(admission_decision_date=D(2005, 3, 2), ceremony_date=D(2005, 3, 20), recognition_date=D(2006, 3, 20))

CASES = {
    # years back, texts of the admission (cell vote, decision), texts of the recognition
    2019: (-6, {"regulation": "29-QĐ/TW", "guidance": "01-HD/TW (2016)", "forms": "09-HD/BTCTW"}),
    2013: (-12, {"regulation": "45-QĐ/TW (2011)", "guidance": "01-HD/TW (2012)", "forms": "12-HD/BTCTW (2012)"}),
}


def _walk_case(api, tree, secretary, commune_staff, years: int) -> tuple[int, dict]:
    roll = [MembershipFactory(cell=tree.cell_a, **LONG_AGO) for _ in range(7)]
    cell = token_client(api, "bithu_a")
    commune = token_client(api, "canbo_xa")
    path = shifted(years)
    with at(path[0].on):
        person = cell.post(
            "/api/v1/people/",
            {"full_name": "Đỗ Minh Khoa", "date_of_birth": "1990-04-02", "sex": "male", "citizen_id": "001090004321",
             "unit": tree.cell_a.pk, "education_level": "upper_secondary"},
            format="json",
        ).data  # fmt: skip
        opened = cell.post("/api/v1/candidacies/", {"person": person["id"], "cell": tree.cell_a.pk}, format="json")
    assert opened.status_code == 201, opened.data
    walk = ApiWalk(opened.data["id"], cell=cell, grassroots=commune, competent=commune, introducers=roll[:2],
                   path=path)  # fmt: skip
    official = walk.through("recognition_decide")
    return opened.data["id"], official


@pytest.mark.parametrize("year", sorted(CASES))
def test_a_case_of_an_earlier_year_walks_through_the_api_judged_by_its_own_rules(
    api, tree, secretary, commune_staff, year
):
    years, texts = CASES[year]

    candidacy, official = _walk_case(api, tree, secretary, commune_staff, years)

    assert official["stage"] == "official"
    assert official["admission_decision_date"] == f"{2026 + years}-04-06"
    assert official["recognition_effective_on"] == f"{2027 + years}-04-20"
    logs = {log.action: log for log in TransitionLog.objects.filter(candidacy_id=candidacy)}
    cell_vote = logs["cell_vote"].rules
    assert cell_vote["age.min_months"] == {"value": "216", "regulation": texts["regulation"],
                                           "effective_from": cell_vote["age.min_months"]["effective_from"],
                                           "on": f"{2026 + years}-03-03"}  # fmt: skip
    assert cell_vote["introducer.min_months_together"]["regulation"] == texts["regulation"]
    assert cell_vote["certificate.awareness_validity_months"]["regulation"] == texts["forms"]
    assert cell_vote["file.documents_validity_months"]["regulation"] == texts["forms"]
    assert cell_vote["deadline.admission_decision_working_days"]["regulation"] == texts["regulation"]
    assert logs["ceremony_hold"].rules["deadline.recognition_vote_working_days"]["regulation"] == texts["regulation"]
    assert logs["recognition_vote"].rules["deadline.recognition_decision_working_days"]["regulation"] == texts[
        "regulation"
    ]


def test_the_2013_case_counts_over_60_by_year_and_the_2019_case_by_month(api, tree, secretary, commune_staff):
    _walk_case(api, tree, secretary, commune_staff, -12)
    log = TransitionLog.objects.get(action="cell_vote")

    assert log.rules["age.max_counted_by"]["value"] == "years"
    assert log.rules["age.max_counted_by"]["regulation"] == "01-HD/TW (2012)"
