"""Through the real path: a committee records its decision; on commit the workflow queues the scan of
that one case, and the cell's secretary finds the notice in her bell (issue 11, item 3)."""

from partycell.notifications.models import Notification, RuleKind
from partycell.notifications.tasks import task_scan_reminders
from tests.factories import MembershipFactory, PersonFactory
from tests.walk import START, STEPS, ServiceWalk, at
from workflows import services


def test_the_cell_hears_of_the_admission_decision_when_it_is_recorded(
    tree, secretary, grassroots_staff, commune_standing, django_capture_on_commit_callbacks, monkeypatch
):
    # The broker is a process boundary: run the queued task here, as the worker would.
    monkeypatch.setattr(task_scan_reminders, "apply_async", lambda kwargs, **_: task_scan_reminders.run(**kwargs))
    roll = [MembershipFactory(cell=tree.cell_a) for _ in range(7)]
    with at(START):
        candidacy = services.candidacy_create(actor=secretary, person=PersonFactory(unit=tree.cell_a), cell=tree.cell_a)
    walk = ServiceWalk(candidacy, cell=secretary, grassroots=grassroots_staff, competent=commune_standing,
                       introducers=roll[:2])  # fmt: skip
    walk.through("grassroots_vote")

    with at(STEPS["admission_decide"].on), django_capture_on_commit_callbacks(execute=True):
        walk.through("admission_decide")

    notices = Notification.objects.filter(kind=RuleKind.STEP_RECORDED, candidacy=candidacy)
    assert set(notices.values_list("recipient__username", flat=True)) >= {"bithu_a"}
    [notice] = [n for n in notices.select_related("candidacy__person", "candidacy__cell") if n.recipient == secretary]
    assert "Admission decided" in notice.message
