"""The provincial auditor of the demo (``kiemtra_tinh``): a dashboard with targets, and links down to every case.

The demo is loaded once for this module, inside a transaction rolled back when the module ends, so
each test starts from the same data without paying for the load again.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partycell.accounts.models import User
from partycell.organisations.models import Unit
from partycell.targets.models import Period
from workflows.models import Candidacy


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def auditor_client(demo, db, client):
    client.force_login(User.objects.get(username="kiemtra_tinh"))
    return client


def _dashboard(client, unit_pk: int, period: Period):
    return client.get(reverse("targets:unit", args=[unit_pk]), {"period": period.pk, "kind": "admissions"})


def test_seed_demo_auditor_dashboard_has_targets_and_links_down_to_every_cell(auditor_client):
    year = Period.objects.get(kind="year", starts_on__year=timezone.localdate().year)
    assert Period.objects.filter(kind="term", starts_on=datetime.date(2025, 10, 1)).exists()

    first = auditor_client.get(reverse("targets:home"), follow=True)

    own = first.context["dashboard"].report.own.total
    assert (first.context["unit"].name, first.context["period"], own.target) == ("Tỉnh ủy Thái Nguyên", year, 15)
    assert own.achieved > 0
    # Drill down through every child link to the cells, each of which has its share of the target.
    cells, queue = [], [first.context["unit"].pk]
    while queue:
        response = _dashboard(auditor_client, queue.pop(0), year)
        html, dashboard = response.content.decode(), response.context["dashboard"]
        for row in dashboard.rows:
            assert f'href="{reverse("targets:unit", args=[row.unit.pk])}?period={year.pk}&amp;kind=admissions"' in html
            assert row.achievement.total.target is not None, row.unit
            queue.append(row.unit.pk)
        if dashboard.candidacies is not None:
            cells.append(response.context["unit"])
            for candidacy in dashboard.candidacies:
                assert f'<a href="{reverse("candidacy-detail", args=[candidacy.pk])}">' in html
    assert len(cells) == 15 and not any(Unit.objects.get_children_count(cell) for cell in cells)
    case = Candidacy.objects.filter(cell=cells[-1]).first()
    assert auditor_client.get(reverse("candidacy-detail", args=[case.pk])).status_code == 200


def test_seed_demo_compliance_links_every_finding_to_its_case(auditor_client):
    province = Unit.objects.get(name="Tỉnh ủy Thái Nguyên")

    response = auditor_client.get(reverse("targets:compliance", args=[province.pk]))

    html = response.content.decode()
    findings = [finding for _check, _label, found in response.context["audit"].sections for finding in found]
    assert len(findings) > 0
    for finding in findings:
        case_url = reverse("candidacy-detail", args=[finding.candidacy.pk])
        assert f'<a href="{case_url}">{finding.candidacy.person}</a>' in html
        assert auditor_client.get(case_url).status_code == 200
