"""Playwright against pytest-django's live server, with Debian's chromium (nothing is downloaded)."""

import importlib
import os
import pathlib

import pytest

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
FACTORY_PASSWORD = "matkhau-demo-123"  # noqa: S105 - every UserFactory user's, see tests/factories.py


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (CI installs it)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


_SEEDS = [
    ("partycell.organisations.migrations.0002_default_unit_kinds", "add_kinds"),
    ("partycell.organisations.migrations.0005_district_committee_kind", "seed"),
    ("partycell.organisations.migrations.0006_unitkind_requires_second_factor", "seed"),
    ("partycell.rulebook.migrations.0002_seed_rules", "seed"),
    ("partycell.rulebook.migrations.0003_verification_rules", "seed"),
    ("partycell.rulebook.migrations.0004_rules_back_to_2011", "seed"),
    ("partycell.rulebook.migrations.0005_introducer_vote_exit_rules", "seed"),
    ("partycell.rulebook.migrations.0006_sympathiser_list_review", "seed"),
    ("partycell.notifications.migrations.0002_seed_reminder_rules", "seed"),
    ("partycell.notifications.migrations.0007_reminder_months_stated_once", "clear"),
    ("partycell.notifications.migrations.0008_sympathiser_review", "seed_review_rule"),
    ("workflows.migrations.0005_document_catalogue", "seed"),
    ("workflows.migrations.0005_document_catalogue", "seed_rule"),
    ("workflows.migrations.0011_votes_and_exits", "seed"),
]


@pytest.fixture(autouse=True)
def seeded_data(transactional_db):
    """Transactional tests flush the tables, seeded rows included: put the migrations' seed data back."""
    from django.apps import apps

    if apps.get_model("organisations", "UnitKind").objects.exists():
        return
    for module_name, function in _SEEDS:
        getattr(importlib.import_module(module_name), function)(apps, None)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the test are safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        # While Playwright's event loop is running in this thread, asgiref (and so Django's connection handler)
        # keeps connections in a context storage instead of the thread-local one: close them before the loop
        # stops, or they stay open past the run and the test database cannot be dropped.
        from django.db import connections

        connections.close_all()
        chromium.close()


@pytest.fixture
def page_for(browser, live_server):
    """A logged-in page for a user, at a viewport size; Vietnamese is the default language.

    ``password`` for users not made by the factories (the demo's); other options go to the context.
    """
    contexts = []

    def _page(user, *, width=1280, height=900, password=None, **context_options):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN", **context_options)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password or FACTORY_PASSWORD)
        page.click("button.primary")
        # Home, or where home sends this user (an auditor's is the targets dashboard).
        page.wait_for_url(lambda url: url.startswith(live_server.url) and "/accounts/login/" not in url)
        return page

    yield _page
    for context in contexts:
        context.close()


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _shot(page, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return _shot
