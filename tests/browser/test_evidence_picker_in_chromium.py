"""The quote picker in the edit form: a curator finds the quote in the source's text, picks it, and the
evidence block is filled with the quote, the text around it and where it stands (#20 item 3)."""

from __future__ import annotations

import pytest

from .conftest import axe_violations, shot

SOURCE = "https://w3id.org/symbios/id/source/rise-kunskapsunderlag-ius"
WHY = "levererar brännbart material till E.ON:s kraftvärmeverk"


@pytest.fixture(scope="module")
def token(settings):
    from catalogue.accounts import Accounts
    from catalogue.database import Database

    return Accounts(Database(settings.curation_location)).create("picker-curator", "curator")


def _edit(server, page, token, lang="sv"):
    page.goto(f"{server}/login?next=/curate/initiative/ash2salt%3Flang%3D{lang}")
    page.locator("input[name=token]").fill(token)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/curate/initiative/ash2salt**")
    page.locator("fieldset[data-field=howStarted] details.evidence-new summary").click()
    block = page.locator("fieldset[data-field=howStarted] fieldset.evidence")
    block.locator("select").select_option(SOURCE)
    return block


def test_a_curator_searches_the_source_takes_the_hit_and_the_block_holds_quote_selector_and_locator(server, page, token):
    block = _edit(server, page, token)
    block.get_by_role("button", name="Välj citatet i källans text").click()
    dialog = page.locator("dialog.evidence-picker")
    dialog.wait_for(state="visible")
    dialog.get_by_label("Sök i texten").fill(WHY)
    page.wait_for_function("() => document.querySelector('dialog.evidence-picker [data-hits]').textContent.startsWith('Träff 1 av')")
    assert dialog.locator("mark.current").inner_text().replace("\n", " ").startswith("levererar")
    shot(page, "evidence-picker-sv-desktop")
    assert axe_violations(page) == [], "the open picker meets WCAG 2.1 AA"
    dialog.get_by_role("button", name="Använd citatet").click()
    dialog.wait_for(state="hidden")
    assert block.locator("[data-evidence-part=quote]").input_value() == WHY
    assert block.locator("[data-evidence-part=locator]").input_value() == "Bilaga A15"
    prefix = block.locator("[data-evidence-part=prefix]").input_value()
    suffix = block.locator("[data-evidence-part=suffix]").input_value()
    assert prefix.endswith("som ") and suffix.startswith(".")


def test_a_quote_selected_with_the_mouse_is_taken_and_the_form_saves_with_it(server, page, token):
    block = _edit(server, page, token)
    page.locator("#howStarted-en").fill("Ragnsells already had a plant at Högbytorp supplying fuel to E.ON's CHP plant.")
    block.get_by_role("button", name="Välj citatet i källans text").click()
    dialog = page.locator("dialog.evidence-picker")
    dialog.get_by_label("Gå till avsnitt").select_option(label="Bilaga A15")
    sentence = "Ragnsells har sedan tidigare en anläggning vid Högbytorp"
    dialog.get_by_label("Sök i texten").fill(sentence)
    page.wait_for_function("() => document.querySelector('dialog.evidence-picker mark.current') !== null")
    # select from the hit's start to the end of its sentence, as a mouse drag does
    page.evaluate("""() => {
        const mark = document.querySelector('dialog.evidence-picker mark.current');
        let node = mark.nextSibling;
        while (node && !node.textContent.includes('kraftvärmeverk.')) node = node.nextSibling;
        const range = document.createRange();
        range.setStart(mark.firstChild, 0);
        const text = node.firstChild;
        range.setEnd(text, text.textContent.indexOf('kraftvärmeverk.') + 'kraftvärmeverk.'.length);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
    }""")
    dialog.get_by_role("button", name="Använd citatet").click()
    dialog.wait_for(state="hidden")
    quote = block.locator("[data-evidence-part=quote]").input_value()
    assert quote == ("Ragnsells har sedan tidigare en anläggning vid Högbytorp som levererar brännbart material till "
                     "E.ON:s kraftvärmeverk."), "line breaks of the text are read as spaces, as the check reads them"
    page.locator("#message").fill("Engelsk text, citat valt i källan")
    page.get_by_role("button", name="Spara utkast").click()
    page.wait_for_url("**/history**")
    assert "Engelsk text, citat valt i källan" in page.locator("li.version").first.inner_text()


def test_the_picker_speaks_english_and_fits_a_phone(server, phone, token):
    block = _edit(server, phone, token, lang="en")
    block.get_by_role("button", name="Pick the quote in the source's text").click()
    dialog = phone.locator("dialog.evidence-picker")
    dialog.get_by_label("Search the text").fill("flygaska")
    phone.wait_for_function("() => document.querySelector('dialog.evidence-picker [data-hits]').textContent.startsWith('Hit 1 of')")
    width = phone.evaluate("() => document.querySelector('dialog.evidence-picker').getBoundingClientRect().right")
    assert width <= 390, "the dialog stays inside the phone's width"
    shot(phone, "evidence-picker-en-phone")
    dialog.get_by_role("button", name="Next").click()
    assert dialog.locator("[data-hits]").inner_text().startswith("Hit 2 of")
    phone.keyboard.press("Escape")
    dialog.wait_for(state="hidden")


def test_without_a_source_chosen_the_picker_says_to_choose_one_first(server, page, token):
    block = _edit(server, page, token)
    block.locator("select").select_option("")
    block.get_by_role("button", name="Välj citatet i källans text").click()
    assert block.locator("[data-pick-status]").inner_text() == "Välj först källan."
    assert not page.locator("dialog.evidence-picker[open]").count()
