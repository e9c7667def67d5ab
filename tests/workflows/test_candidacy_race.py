"""Two requests open a candidacy for one person at the same moment (issue 13, finding 7): the check
passes for both, the database's one-open-candidacy constraint refuses the second insert. The loser
gets the same clear refusal as when the first was already there, and nothing of it is written."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.factories import PersonFactory
from workflows.enums import Stage
from workflows.exceptions import ActionNotAllowed
from workflows.models import Candidacy, TransitionLog
from workflows.services import candidacy_create


@pytest.fixture
def rival_commits_first(tree):
    """Right after our "already open?" check, another request commits an open candidacy for the person."""
    done = []

    def open_rival_after_the_check(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not done and sql.startswith("SELECT %s AS") and "workflows_candidacy" in sql and "LIMIT 1" in sql:
            done.append(True)
            person_id = params[1]
            rival = Candidacy(person_id=person_id, cell_id=tree.cell_a.pk, stage=Stage.SOURCE)
            Candidacy.objects.bulk_create([rival])
        return result

    with connection.execute_wrapper(open_rival_after_the_check):
        yield done


def test_concurrent_create_is_refused_with_the_open_candidacy_reason(tree, secretary, rival_commits_first):
    person = PersonFactory(unit=tree.cell_a)

    with pytest.raises(ActionNotAllowed) as refused:
        candidacy_create(actor=secretary, person=person, cell=tree.cell_a)

    assert [str(r) for r in refused.value.reasons] == ["This person already has an open candidacy."]
    assert rival_commits_first == [True]
    assert Candidacy.objects.filter(person=person).count() == 1  # the rival's only
    assert not TransitionLog.objects.exists()  # nothing of ours half-written


def test_concurrent_create_through_the_api_answers_403_with_the_reason(tree, secretary, rival_commits_first):
    person = PersonFactory(unit=tree.cell_a)
    api = APIClient()
    api.force_authenticate(secretary)

    response = api.post(
        "/api/v1/candidacies/", {"person": person.pk, "cell": tree.cell_a.pk}, format="json",
        headers={"accept-language": "en"},
    )  # fmt: skip

    assert response.status_code == 403
    assert response.json()["reasons"] == ["This person already has an open candidacy."]
    assert Candidacy.objects.filter(person=person).count() == 1
