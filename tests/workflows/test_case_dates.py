"""The dates the stale-document reminders read, stored on the case (workflows.case_dates): the services keep
them as a recomputation from the documents and the trail would give them."""

from tests.factories import CandidacyFactory
from tests.walk import D, ServiceWalk, at
from workflows import amendment_services, case_dates
from workflows.enums import FormCode
from workflows.models import Candidacy, TransitionLog


def _stored(candidacy: Candidacy) -> tuple:
    row = Candidacy.objects.get(pk=candidacy.pk)
    return row.newest_documents, row.file_opened_on, row.class_done_on


def _recomputed(candidacy: Candidacy) -> tuple:
    case_dates.refresh([candidacy.pk])
    return _stored(candidacy)


def test_the_steps_keep_the_stale_document_dates_a_recomputation_gives(tree, secretary, grassroots_staff, roll_a):
    candidacy = CandidacyFactory(cell=tree.cell_a)
    ServiceWalk(candidacy, cell=secretary, grassroots=grassroots_staff, introducers=roll_a[:2]).through(
        "introduction_record"
    )

    stored = _stored(candidacy)

    assert stored == _recomputed(candidacy)
    newest, file_opened_on, class_done_on = stored
    assert (file_opened_on, class_done_on) == (D(2025, 11, 10), D(2025, 10, 10))  # the event dates of the steps
    assert newest[case_dates.document_key(FormCode.COMMENTS_SUMMARY)] == "2026-02-20"


def test_a_reversal_that_withdraws_a_document_takes_its_date_off_the_case(tree, secretary, grassroots_staff, roll_a):
    candidacy = CandidacyFactory(cell=tree.cell_a)
    ServiceWalk(candidacy, cell=secretary, grassroots=grassroots_staff, introducers=roll_a[:2]).through(
        "introduction_record"
    )
    entry = TransitionLog.objects.filter(candidacy=candidacy, action="introduction_record").get()
    with at(D(2026, 2, 21)):
        amendment_services.step_reverse(actor=secretary, entry=entry, data={"reason": "Ghi nhầm"})

    newest, _opened, _class = _stored(candidacy)
    assert case_dates.document_key(FormCode.COMMENTS_SUMMARY) not in newest
    assert _stored(candidacy) == _recomputed(candidacy)
