"""The record's parts in the edit form (#20 item 2): roles, exchanges with their quantity, factors,
outcomes, funding and status history are groups of items, each with its own evidence; a curator adds
and removes items in the browser, and a new actor is made from inside the form."""

from __future__ import annotations

import pytest

from .conftest import axe_violations, shot


@pytest.fixture(scope="module")
def token(settings):
    from catalogue.accounts import Accounts
    from catalogue.database import Database

    return Accounts(Database(settings.curation_location)).create("parts-curator", "curator")


def _edit(server, page, token, slug="ash2salt", lang="sv"):
    page.goto(f"{server}/login?next=/curate/initiative/{slug}%3Flang%3D{lang}")
    page.locator("input[name=token]").fill(token)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"**/curate/initiative/{slug}**")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_parts_of_a_case_show_as_groups_of_items_at_desktop_and_phone_width(server, page, phone, token, lang):
    for view, width in ((page, "desktop"), (phone, "phone")):
        _edit(server, view, token, lang=lang)
        roles = view.locator("section[data-group=hasRole]")
        assert roles.locator("> details.group-item").count() >= 2
        exchange = view.locator("section[data-group=hasExchange] > details.group-item").first
        assert exchange.locator("fieldset.group-nested").count() == 1  # its quantity
        exchange.locator("summary").first.click()
        view.locator("section[data-group=hasRole]").scroll_into_view_if_needed()
        shot(view, f"record-parts-{lang}-{width}")
        assert axe_violations(view) == [], f"the form with its parts meets WCAG 2.1 AA ({lang}, {width})"
