"""Template helpers of the web pages (partycell.web.templatetags.partycell_web)."""

import datetime

import pytest
from django.template import Context, Template
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import translation

from partycell.web.templatetags.partycell_web import _date_pattern, short_date, url_for_id
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


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "value",
    [datetime.date(1998, 5, 17), datetime.date(2026, 12, 1), datetime.date(999, 1, 2), None, "",
     datetime.datetime(2026, 3, 1, 12, 30, tzinfo=datetime.UTC)],
)  # fmt: skip
def test_short_date_gives_the_text_the_date_filter_gives(language, value):
    template = Template('{% load partycell_web %}{{ value|short_date }}|{{ value|date:"SHORT_DATE_FORMAT" }}')

    with translation.override(language):
        rendered = template.render(Context({"value": value}))

    ours, djangos = rendered.split("|")
    assert ours == djangos


@pytest.mark.parametrize("django_format", ["d/m/Y", "j.n.Y", "Y-m-d", "d {m} Y"])
def test_short_date_writes_days_months_and_years_in_any_order_and_separator(settings, django_format):
    settings.SHORT_DATE_FORMAT = django_format
    settings.FORMAT_MODULE_PATH = None
    day = datetime.date(2026, 3, 9)

    with translation.override(None):
        assert short_date(day) == date_filter(day, "SHORT_DATE_FORMAT")


@pytest.mark.parametrize("django_format", ["j F Y", r"d \d\e m", "D d/m/Y"])
def test_short_date_leaves_other_format_letters_and_escapes_to_django(django_format):
    assert _date_pattern(django_format) is None
