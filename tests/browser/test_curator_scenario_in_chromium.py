"""A curator turns a report into a case in the browser, and a reviewer publishes it (#20 "Proven by").

The curator uploads a small PDF made here as a new source, creates an initiative from it with two
actors (one made in the "New actor" dialog), one exchange with a quantity, one barrier and one
outcome, each with its quote picked in the source's text; accepts two suggestions; sees a quote typed
by hand that the text does not hold refused at its field; submits. A reviewer reads the diff in
words and publishes; the public page and the change feed show the case. axe WCAG 2.1 AA at each step.
"""

from __future__ import annotations

import pytest

from .conftest import _watched, axe_violations, shot

SLUG = "restvarme-i-solby"
SOURCE_SLUG = "restvarme-i-solby-forstudie"
SOURCE = f"https://w3id.org/symbios/id/source/{SOURCE_SLUG}"
EON = "https://w3id.org/symbios/id/actor/eon"
CONCEPTS = "https://w3id.org/symbios/concept/"
PAGES = (
    "Avsnitt 1. Solby Bruk AB i Härnösands kommun levererar restvärme till växthuset, omkring 4 GWh per år. "
    "Samarbetet startade 2019. E.ON driver fjärrvärmenätet i Härnösand.",
    "Avsnitt 2. Ett hinder var att tillstånden för ledningen tog lång tid. "
    "Samarbetet har gett 6 nya arbetstillfällen.",
)
WHO = "Solby Bruk AB i Härnösands kommun levererar restvärme till växthuset"


def _pdf(path):
    from fpdf import FPDF

    document = FPDF()
    document.set_font("Helvetica", size=12)
    for text in PAGES:
        document.add_page()
        document.multi_cell(0, 8, text)
    document.output(str(path))
    return path


@pytest.fixture(scope="module")
def tokens(settings):
    from catalogue.accounts import Accounts
    from catalogue.database import Database

    accounts = Accounts(Database(settings.curation_location))
    return {role: accounts.create(f"scenario-{role}", role) for role in ("curator", "reviewer")}


def _log_in(page, server, token, target):
    page.goto(f"{server}/login?next={target.replace('?', '%3F').replace('=', '%3D').replace('&', '%26')}")
    page.locator("input[name=token]").fill(token)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"**{target.split('?')[0]}**")


def _pick(root, select_id, text):
    """Choose ``text`` in a searchable picker as a curator does: type, then click the option."""
    widget = root.locator(f"[id='{select_id}'] + [data-picker-widget]")
    box = widget.locator(".picker-input")
    box.fill(text)
    widget.locator("[role=option]", has_text=text).first.click()
    box.press("Escape")  # a picker of several stays open for more choices


def _quote(page, block, words):
    """Pick ``words`` in the source's text with the quote picker of ``block``."""
    block.locator("[data-evidence-part=source]").select_option(SOURCE)
    block.get_by_role("button", name="Välj citatet i källans text").click()
    dialog = page.locator("dialog.evidence-picker")
    dialog.wait_for(state="visible")
    dialog.get_by_label("Sök i texten").fill(words)
    page.wait_for_function("() => document.querySelector('dialog.evidence-picker mark.current') !== null")
    dialog.get_by_role("button", name="Använd citatet").click()
    dialog.wait_for(state="hidden")
    assert block.locator("[data-evidence-part=quote]").input_value() == words


def _open_blank(form, group):
    blank = form.locator(f"section[data-group={group}] > details[data-blank]").last
    number = blank.get_attribute("data-number")
    item = form.locator(f"section[data-group={group}] > details[data-number='{number}']")  # pinned: a new blank follows
    item.locator("summary").first.click()
    return item


def _evidence(item):
    item.locator("details.evidence-new > summary").last.click()
    return item.locator("fieldset.evidence").last


@pytest.fixture(scope="module", autouse=True)
def _give_back():
    """On a server, the case published here stays in the store the browser modules share: after this
    module, the next one gets the curated catalogue put back."""
    yield
    from ..backends import release

    release()


@pytest.fixture
def reviewer(browser):
    """A second desktop tab, in its own browser context: the reviewer's."""
    yield from _watched(browser, locale="sv-SE", viewport={"width": 1280, "height": 900})


def test_a_curator_turns_a_report_into_a_case_and_a_reviewer_publishes_it(server, page, reviewer, tokens, tmp_path):
    # 1. the source: a PDF uploaded through the form
    _log_in(page, server, tokens["curator"], "/curate/sources/new?lang=sv")
    page.locator("#source-title-sv").fill("Restvärme i Solby, förstudie")
    page.locator("#source-year").fill("2024")
    page.locator("#source-language").select_option("sv")
    page.locator("#source-file").set_input_files(str(_pdf(tmp_path / "solby.pdf")))
    page.locator("form.source-form button[type=submit]").click()
    page.wait_for_url(f"**/curate/sources?lang=sv&added={SOURCE_SLUG}")

    # 2. a new initiative, its own fields
    page.goto(f"{server}/curate/new?kind=initiative&slug={SLUG}&lang=sv")
    form = page.locator("[data-record-form]")
    form.wait_for()
    page.locator("#prefLabel-sv").fill("Restvärme i Solby")
    page.locator("#description-sv").fill("Ett bruk i Härnösand levererar restvärme till ett växthus.")
    _pick(page, "kind", "Enskild symbios")
    _pick(page, "status", "Aktiv")
    _pick(page, "place", "Härnösand")
    _pick(page, "source", "Restvärme i Solby")
    for key in ("kind", "status", "place"):
        page.locator(f"fieldset[data-field={key}] details.evidence-new summary").click()
        _quote(page, page.locator(f"fieldset[data-field={key}] fieldset.evidence"), WHO)

    # 3. two suggestions accepted: the start year and the quantity (a new exchange)
    panel = page.locator("[data-suggestions]")
    panel.locator("[data-suggestions-source]").select_option(label="Restvärme i Solby, förstudie")
    panel.locator("[data-suggestions-run]").click()
    panel.locator("li.suggestion").first.wait_for()
    shot(page, "scenario-suggestions")
    panel.get_by_role("button", name="Lägg till: 2019").click()
    panel.get_by_role("button", name="Lägg till: 4 GWh", exact=True).click()
    assert page.locator("#startYear").input_value() == "2019"
    exchange = form.locator("section[data-group=hasExchange] > details[data-from-suggestion]")
    assert exchange.locator("[name$='.quantity.0.numericValue']").input_value() == "4"

    # 4. the exchange completed: a provider made in the "New actor" dialog, a receiver in words
    exchange.locator("[data-inline-actor-slot] [data-inline-open]").first.click()
    dialog = page.locator("dialog[data-inline-actor-dialog]")
    dialog.wait_for(state="visible")
    dialog.locator("#inline-actor-name_sv").fill("Solby Bruk AB")
    _pick(dialog, "inline-actor-actor_type", "Företag")
    _quote(page, dialog.locator("fieldset.evidence"), "Solby Bruk AB i Härnösands kommun")
    shot(page, "scenario-new-actor")
    assert axe_violations(page) == [], "the New actor dialog meets WCAG 2.1 AA"
    dialog.locator("[data-inline-save]").click()
    dialog.wait_for(state="hidden")
    name = exchange.locator("[name$='.iri'], [name$='.provider']").first.get_attribute("name").split(".")[:2]
    prefix = ".".join(name)
    assert page.evaluate(f"() => Array.from(document.querySelector('[name=\"{prefix}.provider\"]').selectedOptions).map(o => o.text)") == ["Solby Bruk AB"]
    page.locator(f"[id='{prefix.replace('.', '-')}-receiverDescription-sv']").fill("växthuset")
    _pick(page, f"{prefix.replace('.', '-')}-resourceType", "Industriell restvärme")
    _pick(page, f"{prefix.replace('.', '-')}-exchangeStatus", "Befintligt")
    _pick(page, f"{prefix.replace('.', '-')}-quantity-0-unit", "GWh per år")

    # 5. two roles: E.ON (in the catalogue) and the new actor, each with its quote
    for actor, role, words in (("E.ON", "Resursmottagare", "E.ON driver fjärrvärmenätet i Härnösand."),
                               ("Solby Bruk AB", "Resursleverantör", WHO)):
        item = _open_blank(form, "hasRole")
        item_id = item.locator("fieldset.group-item").get_attribute("id").removeprefix("field-")
        _pick(item, f"{item_id}-agent", actor)
        _pick(item, f"{item_id}-roleType", role)
        _quote(page, _evidence(item), words)

    # 6. a barrier and an outcome, each quoted
    barrier = _open_blank(form, "hasBarrier")
    barrier_id = barrier.locator("fieldset.group-item").get_attribute("id").removeprefix("field-")
    _pick(barrier, f"{barrier_id}-factorType", "Lagar och regler")
    barrier.locator(f"[id='{barrier_id}-description-sv']").fill("Tillstånden för ledningen tog lång tid.")
    _quote(page, _evidence(barrier), "Ett hinder var att tillstånden för ledningen tog lång tid.")
    outcome = _open_blank(form, "hasOutcome")
    outcome_id = outcome.locator("fieldset.group-item").get_attribute("id").removeprefix("field-")
    _pick(outcome, f"{outcome_id}-indicator", "Nya arbetstillfällen")
    outcome.locator(f"[id='{outcome_id}-numericValue']").fill("6")
    _pick(outcome, f"{outcome_id}-unit", "antal")
    # 7. a quote typed by hand that the text does not hold: refused at its field
    ev = _evidence(outcome)
    ev.locator("[data-evidence-part=source]").select_option(SOURCE)
    ev.locator("[data-evidence-part=locator]").fill("Avsnitt 2")
    ev.locator("[data-evidence-part=quote]").fill("Samarbetet har gett 60 nya arbetstillfällen.")
    page.locator("#message").fill("Nytt fall ur förstudien")
    page.get_by_role("button", name="Spara utkast").click()
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    error = page.locator(f"[id='field-{outcome_id}-ev'] .field-error")
    assert "Samarbetet har gett 6 nya arbetstillfällen" in error.first.inner_text(), summary.inner_text()
    shot(page, "scenario-refused-quote")
    assert axe_violations(page) == [], "the refused form meets WCAG 2.1 AA"
    assert page.locator("#message").input_value() == "Nytt fall ur förstudien"
    ev = page.locator(f"[id='field-{outcome_id}-ev'] fieldset.evidence")
    ev.locator("[data-evidence-part=quote]").fill("Samarbetet har gett 6 nya arbetstillfällen.")
    page.get_by_role("button", name="Spara och skicka för granskning").click()
    page.wait_for_url(f"**/curate/initiative/{SLUG}/history**")

    # 8. the reviewer reads the diff in words and publishes
    _log_in(reviewer, server, tokens["reviewer"], f"/curate/initiative/{SLUG}/history?lang=sv")
    diff = reviewer.locator("main").inner_text()
    assert "Restvärme i Solby" in diff and "Solby Bruk AB" in diff and "<https://" not in diff
    shot(reviewer, "scenario-review")
    assert axe_violations(reviewer) == []
    reviewer.get_by_role("button", name="Publicera").click()
    reviewer.wait_for_load_state()

    # 9. the public page and the feed
    reviewer.goto(f"{server}/id/initiative/{SLUG}?lang=sv")
    public = reviewer.locator("main").inner_text()
    assert "Restvärme i Solby" in public and "Solby Bruk AB" in public and "E.ON" in public
    shot(reviewer, "scenario-public")
    assert axe_violations(reviewer) == []
    records, address = [], f"{server}/feed.json?page=1"
    for _ in range(20):  # the feed's pages, oldest first
        page_json = reviewer.request.get(address).json()
        records += [(item["record"], item["state"]) for item in page_json["items"]]
        if not page_json["next"]:
            break
        address = page_json["next"].replace("/feed?", "/feed.json?")
    assert (f"https://w3id.org/symbios/id/initiative/{SLUG}", "published") in records
    assert ("https://w3id.org/symbios/id/actor/solby-bruk-ab", "published") in records  # published along with it
    assert (SOURCE, "published") in records
