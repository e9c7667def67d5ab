"""Template helpers of the web pages (partycell.web.templatetags.partycell_web)."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse

from partycell.web.templatetags.partycell_web import url_for_id
from tests.factories import CandidacyFactory
from workflows.enums import Stage

pytestmark = pytest.mark.django_db  # the suite's database fixtures (the replica alias) expect one


def test_url_for_id_gives_the_address_the_url_tag_gives():
    rendered = Template(
        "{% load partycell_web %}{% url_for_id 'candidacy-detail' 7 %} {% url 'candidacy-detail' 7 %}"
        " {% url_for_id 'targets:unit' 1234 %} {% url 'targets:unit' 1234 %}"
    ).render(Context())

    first, same_first, second, same_second = rendered.split()
    assert (first, second) == (same_first, same_second)
    assert (first, second) == (reverse("candidacy-detail", args=[7]), "/targets/units/1234/")


def test_url_for_id_gives_each_id_its_own_address_after_the_first():
    addresses = [url_for_id("candidacy-detail", pk) for pk in (1, 2147, 2147483646)]

    assert addresses == [reverse("candidacy-detail", args=[pk]) for pk in (1, 2147, 2147483646)]


def test_url_for_id_with_a_step_name_gives_the_address_of_that_step():
    steps = ((5, "cell_vote"), (6, "file_open"), (7, "cell_vote"))

    addresses = [url_for_id("candidacy-action", pk, step) for pk, step in steps]

    assert addresses == [reverse("candidacy-action", args=[pk, step]) for pk, step in steps]


@pytest.mark.parametrize("stage", [Stage.VERIFIED, Stage.OFFICIAL])
@pytest.mark.parametrize("today", [None, datetime.date(2026, 3, 2), datetime.date(2026, 2, 1)])
def test_stage_badge_gives_the_markup_the_badge_template_gives(tree, stage, today):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=stage, stage_due_on=datetime.date(2026, 3, 1))
    context = {"candidacy": candidacy} if today is None else {"candidacy": candidacy, "today": today}

    tag = Template("{% load partycell_web %}{% stage_badge candidacy %}").render(Context(context))
    included = Template('{% include "web/_stage_badge.html" %}').render(Context(context))

    assert tag + "\n" == included


def test_stage_badge_shows_overdue_on_an_open_case_past_its_due_date(tree):
    candidacy = CandidacyFactory(cell=tree.cell_a, stage=Stage.VERIFIED, stage_due_on=datetime.date(2026, 3, 1))

    badge = Template("{% load partycell_web %}{% stage_badge candidacy %}").render(
        Context({"candidacy": candidacy, "today": datetime.date(2026, 3, 2)})
    )

    assert 'class="badge overdue"' in badge
