"""What a browser submits for a form as a page shows it: every field's current value.

Text and hidden inputs, ticked check boxes, chosen options and text areas, in page order; the
buttons and what stands inside a ``<template>`` (copied by a script, never submitted) are left out.
"""

from __future__ import annotations

from html.parser import HTMLParser


class FormPost(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._template = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self._template += 1
        if self._template:
            return
        kind = attrs.get("type") or "text"
        if tag == "input" and attrs.get("name") and kind not in ("submit", "button", "checkbox", "radio"):
            self.data.append((attrs["name"], attrs.get("value") or ""))
        elif tag == "input" and attrs.get("name") and "checked" in attrs:
            self.data.append((attrs["name"], attrs.get("value") or "on"))
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value") or ""))
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.data.append((self._textarea, ""))

    def handle_endtag(self, tag):
        if tag == "template":
            self._template -= 1
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and not self._template:
            name, text = self.data[-1]
            self.data[-1] = (name, text + data)


def form_post(page_text: str, action: str = "save") -> dict[str, list[str]]:
    """The page's form as a browser posts it, with the button ``action`` pressed."""
    parser = FormPost()
    parser.feed(page_text)
    data: dict[str, list[str]] = {"action": [action]}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data
