"""Deadlines in the user's calendar: the month view and the secret iCalendar feed a phone subscribes to."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from partycell.paperwork.models import CalendarFeed
from partycell.paperwork.services import calendar_feed_create
from partycell.privacy.models import AccessLogEntry
from tests.factories import CandidacyFactory, PersonFactory
from tests.walk import at
from workflows.enums import Stage

D = datetime.date


@pytest.fixture
def cases(tree):
    """Two open cases of cell A with deadlines, one closed case, and one of another commune."""
    return {
        "ceremony": CandidacyFactory(cell=tree.cell_a, stage=Stage.ADMISSION_DECIDED, stage_due_on=D(2026, 5, 20),
                                     stage_due_rule="deadline.ceremony_working_days",
                                     person=PersonFactory(unit=tree.cell_a, full_name="Lý Thị Thu",
                                                          citizen_id="001099012345")),
        "verification": CandidacyFactory(cell=tree.cell_a, stage=Stage.FILE_OPEN, stage_due_on=D(2026, 5, 4),
                                         stage_due_rule="deadline.verification_working_days"),
        "closed": CandidacyFactory(cell=tree.cell_a, stage=Stage.OFFICIAL, stage_due_on=D(2026, 5, 6)),
        "foreign": CandidacyFactory(cell=tree.other_cell, stage=Stage.FILE_OPEN, stage_due_on=D(2026, 5, 7),
                                    stage_due_rule="deadline.verification_working_days"),
    }  # fmt: skip


def _events(content: bytes) -> list:
    return list(Calendar.from_ical(content).walk("VEVENT"))


def _feed(client, token: str, day: datetime.date | None = None):
    with at(day or D(2026, 5, 1)):
        return client.get(reverse("calendar-feed", args=[token]))


def test_feed_parses_and_holds_the_due_dates_of_the_cases_in_scope(cases, secretary, client):
    _feed_row, token = calendar_feed_create(user=secretary)

    response = _feed(client, token)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = {str(event["uid"]): event for event in _events(response.content)}
    due = sorted((event.decoded("dtstart"), str(event["summary"])) for event in events.values())
    verification, ceremony = cases["verification"].pk, cases["ceremony"].pk
    assert due == [
        (D(2026, 5, 4), f"Ghi nhận kết quả thẩm tra lý lịch · HS-{verification}"),
        (D(2026, 5, 20), f"Ghi nhận lễ kết nạp · HS-{ceremony}"),
    ]


def test_feed_events_carry_no_name_or_citizen_id_but_link_back(cases, secretary, client):
    _feed_row, token = calendar_feed_create(user=secretary)

    content = _feed(client, token).content.decode()

    assert "Lý Thị Thu" not in content and "001099012345" not in content
    for person in (cases["ceremony"].person, cases["verification"].person):
        assert person.full_name not in content and person.citizen_id not in content
    event = next(e for e in _events(content.encode()) if f"HS-{cases['ceremony'].pk}" in str(e["summary"]))
    assert str(event["url"]).endswith(f"/candidacies/{cases['ceremony'].pk}/")
    assert "20/05/2026" in str(event["description"])


def test_a_revoked_address_answers_404(cases, secretary, client):
    _feed_row, token = calendar_feed_create(user=secretary)
    client.force_login(secretary)
    client.post(reverse("calendar-feed-settings"), {"do": "revoke"})
    client.logout()

    assert _feed(client, token).status_code == 404


def test_a_new_address_revokes_the_old_one(cases, secretary, client):
    _first, old = calendar_feed_create(user=secretary)
    _second, new = calendar_feed_create(user=secretary)

    assert _feed(client, old).status_code == 404
    assert _feed(client, new).status_code == 200


@pytest.mark.parametrize("token", ["x", "0" * 43, "abc-def_ghi"])
def test_an_unknown_address_answers_404(db, client, token):
    assert _feed(client, token).status_code == 404


def test_a_deactivated_users_address_answers_404(cases, secretary, client):
    _feed_row, token = calendar_feed_create(user=secretary)
    secretary.is_active = False
    secretary.save()

    assert _feed(client, token).status_code == 404


def test_only_the_digest_of_the_address_is_stored(cases, secretary):
    feed, token = calendar_feed_create(user=secretary)

    assert token not in feed.token_sha256 and len(feed.token_sha256) == 64


def test_each_fetch_is_logged_without_the_secret(cases, secretary, client):
    _feed_row, token = calendar_feed_create(user=secretary)

    _feed(client, token)
    _feed(client, token)

    fetches = list(AccessLogEntry.objects.filter(what="calendar feed", user=secretary))
    assert len(fetches) == 2
    assert sorted(fetches[0].people.values_list("pk", flat=True)) == sorted(
        [cases["ceremony"].person_id, cases["verification"].person_id]
    )
    assert all(token not in entry.path and token not in entry.query for entry in fetches)
    assert CalendarFeed.objects.get().last_fetched_at is not None


def test_settings_page_shows_the_address_once(db, secretary, client):
    client.force_login(secretary)

    created = client.post(reverse("calendar-feed-settings"), {"do": "create"})
    later = client.get(reverse("calendar-feed-settings"))

    address = created.context["address"]
    assert "/calendar/feed/" in address and address.endswith(".ics")
    assert address in created.content.decode()
    assert address not in later.content.decode()


def test_month_view_shows_the_deadlines_in_scope_by_day(cases, secretary, client):
    client.force_login(secretary)

    page = client.get(reverse("calendar-month") + "?month=2026-05")

    days = {day.day: [d.candidacy_id for d in day.deadlines] for week in page.context["weeks"] for day in week}
    assert days[D(2026, 5, 4)] == [cases["verification"].pk]
    assert days[D(2026, 5, 20)] == [cases["ceremony"].pk]
    assert days[D(2026, 5, 6)] == [] and days[D(2026, 5, 7)] == []  # closed; another commune
    assert "Lý Thị Thu" in page.content.decode()


@pytest.mark.parametrize("month", ["", "2026-13", "abc", "２０２６-０５", "99999-01", "2026-05-01", "\x00"])
def test_month_view_falls_back_to_this_month_on_a_bad_month(db, secretary, client, month):
    client.force_login(secretary)

    with at(D(2026, 5, 12)):
        page = client.get(reverse("calendar-month"), {"month": month})

    assert page.status_code == 200
    assert page.context["month"] == D(2026, 5, 1)


def test_feed_holds_the_deadline_the_procedure_stored(case_walk, secretary, client):
    candidacy = case_walk.through("cell_vote")
    _feed_row, token = calendar_feed_create(user=secretary)

    events = _events(_feed(client, token, day=D(2026, 3, 10)).content)

    assert [event.decoded("dtstart") for event in events] == [candidacy.stage_due_on]
    assert candidacy.stage_due_on > D(2026, 5, 1)  # 60 working days from 3 March 2026
    assert str(events[0]["summary"]).startswith("Ghi nhận quyết định kết nạp")
