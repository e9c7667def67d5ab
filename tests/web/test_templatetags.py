"""Template helpers of the web pages (partycell.web.templatetags.partycell_web)."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from partycell.web.templatetags.partycell_web import url_for_id

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
