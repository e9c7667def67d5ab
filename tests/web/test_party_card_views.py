"""The party card on the person's page (domain.md B13): shown to all who may read, recorded by whom the gate says."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import CandidacyFactory, MembershipFactory
from workflows.enums import Action, Stage
from workflows.models import TransitionLog

CARD = {"card_number": "５４０１２３４５", "issued_on": "15/06/2026", "decision_number": "1024-QĐ/ĐU",
        "decision_date": "01/06/2026"}  # fmt: skip


def _member(tree):
    membership = MembershipFactory(cell=tree.cell_a)
    CandidacyFactory(cell=tree.cell_a, person=membership.person, stage=Stage.OFFICIAL)
    return membership


def test_commune_staff_records_a_party_card_from_the_person_page(tree, commune_staff, client):
    membership = _member(tree)
    client.force_login(commune_staff)
    page = client.get(reverse("person-detail", args=[membership.person.pk]))

    response = client.post(reverse("person-party-card", args=[membership.person.pk]), CARD, follow=True)

    assert 'name="card_number"' in page.content.decode()
    html = response.content.decode()
    assert "54012345" in html and "1024-QĐ/ĐU" in html and "15/06/2026" in html
    membership.refresh_from_db()
    assert membership.party_card_number == "54012345"
    assert TransitionLog.objects.filter(action=Action.PARTY_CARD_ISSUE, actor=commune_staff).count() == 1


def test_a_card_before_recognition_comes_back_with_the_reason_and_what_was_typed(tree, commune_staff, client):
    membership = _member(tree)
    client.force_login(commune_staff)

    response = client.post(reverse("person-party-card", args=[membership.person.pk]),
                           {**CARD, "issued_on": "05/03/2016", "decision_date": "01/03/2016"})  # fmt: skip

    html = response.content.decode()
    assert response.status_code == 422
    with translation.override("vi"):
        reason = gettext("The card-issue decision (%(decided)s) cannot come before recognition (%(recognised)s).")
    assert reason % {"decided": "01/03/2016", "recognised": "20/03/2016"} in html
    assert 'value="01/03/2016"' in html
    membership.refresh_from_db()
    assert membership.party_card_number == ""


def test_the_cell_secretary_reads_the_card_but_is_offered_no_form(tree, secretary, client):
    membership = _member(tree)
    membership.party_card_number = "54000001"
    membership.save()
    client.force_login(secretary)

    page = client.get(reverse("person-detail", args=[membership.person.pk]))
    post = client.post(reverse("person-party-card", args=[membership.person.pk]), CARD)

    assert "54000001" in page.content.decode()
    assert 'name="card_number"' not in page.content.decode()
    assert post.status_code == 403
    membership.refresh_from_db()
    assert membership.party_card_number == "54000001"


def test_no_card_form_for_a_probationary_member(tree, commune_staff, client):
    membership = MembershipFactory(cell=tree.cell_a, status="probationary", recognition_date=None)
    client.force_login(commune_staff)

    page = client.get(reverse("person-detail", args=[membership.person.pk]))

    assert 'id="membership-title"' in page.content.decode()
    assert 'name="card_number"' not in page.content.decode()


def test_the_person_page_of_a_member_costs_a_bounded_number_of_queries(
    tree, commune_staff, client, django_assert_max_num_queries
):
    membership = _member(tree)
    client.force_login(commune_staff)

    # session, user, roles, the person with the membership and cell, the access log (2), the member's case,
    # the gate (the membership's status; the review path: the cell, its ancestors, their grants, the kinds),
    # the corrections
    with django_assert_max_num_queries(13):
        response = client.get(reverse("person-detail", args=[membership.person.pk]))

    assert 'id="party-card"' in response.content.decode()
