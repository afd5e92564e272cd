"""A source document a curator adds or edits: its metadata and its text, as a draft record.

The metadata (title in sv and en, publisher, year, language, web address, a short description)
arrive as the strings of a form or a JSON body (:class:`SourceInput`); each is checked here at the
edge (the web address: http or https, never fetched), then the record (``src:<slug>``, a
``sym:SourceDocument``) is checked against the shapes and stored as a draft by
:class:`~catalogue.curation.Curation`. The text — a PDF's, read by :mod:`catalogue.pdf_text`, or
pasted — is stored first with :class:`~catalogue.source_texts.SourceTexts` under a name of its
own, ``<slug>-<sha256[:12]>.txt``, which the record names with ``sym:fileName``. Texts are never
overwritten: a new text is a new file, and the same text again is the same file, so a save that
fails on the metadata keeps the text for the next try (the form carries its file name).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, XSD

from .curation import Curation, Version
from .errors import InvalidData, NotFound, PayloadTooLarge, PreconditionFailed
from .namespaces import ID, SYM, record_iri
from .pdf_text import MIN_LETTERS, pdf_text
from .records import SLUG
from .source_texts import FILE_NAME, SourceTexts

KIND = "source"
LANGUAGES = ("sv", "en")
#: The form's fields and the record's properties they fill (problems name the property).
PATHS = {
    "title": str(DCTERMS.title), "description": str(DCTERMS.description), "publisher": str(DCTERMS.publisher),
    "year": str(DCTERMS.issued), "language": str(DCTERMS.language), "url": str(FOAF.page),
}
#: Longest value of each field, in characters.
MAX_LENGTH = {"title": 500, "description": 5000, "publisher": 300, "year": 10, "language": 20, "url": 2048,
              "slug": 80, "message": 500, "text_file": 200}
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
YEAR = re.compile(r"^[12][0-9]{3}$")
URL_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # all but tab, line feed, form feed and carriage return
MAX_SLUG = 60
#: Short names the curators' pages use themselves (/curate/sources/new).
RESERVED = {"new"}


def problem(path: str, message_sv: str, message_en: str, value: str | None = None) -> dict:
    """A problem in the shape the curation layer reports them (see catalogue.validation.Problem)."""
    return {"severity": "Violation", "focus": None, "path": path, "message_sv": message_sv, "message_en": message_en,
            "shape": None, "value": value}


@dataclass
class SourceInput:
    """What a curator sent for a source, as typed (so a form shown again keeps it)."""

    title: dict[str, str] = field(default_factory=lambda: {"sv": "", "en": ""})
    description: dict[str, str] = field(default_factory=lambda: {"sv": "", "en": ""})
    publisher: str = ""
    year: str = ""
    language: str = ""  # sv, en, another language code, or "" (not said)
    url: str = ""
    slug: str = ""
    message: str = ""
    text_file: str = ""  # a text stored by an earlier try of the same form

    @classmethod
    def from_form(cls, form) -> "SourceInput":
        """From form fields ``title.sv`` ``title.en`` ``description.sv`` … ``publisher`` ``year``
        ``language`` (``other`` with ``language_other``) ``url`` ``slug`` ``message`` ``text_file``."""
        def get(name: str) -> str:
            value = form.get(name)
            return value.strip() if isinstance(value, str) else ""
        language = get("language")
        if language == "other":
            language = get("language_other")
        return cls(title={l: get(f"title.{l}") for l in LANGUAGES}, description={l: get(f"description.{l}") for l in LANGUAGES},
                   publisher=get("publisher"), year=get("year"), language=language, url=get("url"), slug=get("slug"),
                   message=get("message"), text_file=get("text_file"))

    @classmethod
    def from_json(cls, data: object) -> "SourceInput":
        """From JSON: ``{"title": {"sv": …, "en": …}, "description": {…}, "publisher": "<actor IRI or slug>",
        "year": 2024, "language": "sv", "url": "https://…", "slug": …}`` (title and description may be
        plain strings, taken as Swedish)."""
        if not isinstance(data, dict):
            raise InvalidData('Send the source as a JSON object, e.g. {"title": {"sv": "…"}, "text": "…"}.')
        def text(name: str) -> dict[str, str]:
            value = data.get(name) or {}
            if isinstance(value, str):
                value = {"sv": value}
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise InvalidData(f'"{name}" is text by language: {{"sv": "…", "en": "…"}}.', path=name)
            return {l: (value.get(l) or "").strip() for l in LANGUAGES}
        def plain(name: str) -> str:
            value = data.get(name)
            if value is None:
                return ""
            if isinstance(value, bool) or not isinstance(value, (str, int)):
                raise InvalidData(f'"{name}" must be a string.', path=name)
            return str(value).strip()
        publisher = plain("publisher")
        if publisher and SLUG.fullmatch(publisher):
            publisher = record_iri("actor", publisher)
        return cls(title=text("title"), description=text("description"), publisher=publisher, year=plain("year"),
                   language=plain("language"), url=plain("url"), slug=plain("slug"), message=plain("message"),
                   text_file=plain("text_file"))

    @classmethod
    def from_graph(cls, graph: Graph, slug: str) -> "SourceInput":
        """What the form shows for a source record as it is."""
        subject = URIRef(record_iri(KIND, slug))
        def texts(predicate) -> dict[str, str]:
            found = {l: "" for l in LANGUAGES}
            for value in graph.objects(subject, predicate):
                if isinstance(value, Literal) and value.language in found and not found[value.language]:
                    found[value.language] = str(value)
            return found
        def one(predicate) -> str:
            value = graph.value(subject, predicate)
            return str(value) if value is not None else ""
        return cls(title=texts(DCTERMS.title), description=texts(DCTERMS.description), publisher=one(DCTERMS.publisher),
                   year=one(DCTERMS.issued), language=one(DCTERMS.language), url=one(FOAF.page), slug=slug)

    def problems(self) -> list[dict]:
        """What is wrong before any shape is asked: lengths, the year, the language code, the web address."""
        found = []
        values = {"title": " ".join(self.title.values()), "description": " ".join(self.description.values()),
                  "publisher": self.publisher, "year": self.year, "language": self.language, "url": self.url,
                  "slug": self.slug, "message": self.message, "text_file": self.text_file}
        for name, value in values.items():
            if len(value) > MAX_LENGTH[name]:
                found.append(problem(PATHS.get(name, name), f"Högst {MAX_LENGTH[name]} tecken.",
                                     f"At most {MAX_LENGTH[name]} characters.", value[:80] + " …"))
        if self.year and not YEAR.fullmatch(self.year):
            found.append(problem(PATHS["year"], "Utgivningsåret ska vara ett årtal med fyra siffror, t.ex. 2024.",
                                 "The year published must be a four-digit year, e.g. 2024.", self.year[:20]))
        if self.language and not LANGUAGE_CODE.fullmatch(self.language):
            found.append(problem(PATHS["language"], "Ange dokumentets språk som en språkkod, t.ex. sv, en eller de.",
                                 "Give the document's language as a language code, e.g. sv, en or de.", self.language[:20]))
        if self.url and not web_address(self.url):
            found.append(problem(PATHS["url"], "Webbadressen ska börja med http:// eller https:// och namnge en webbplats, "
                                               "utan mellanslag.",
                                 "The web address must start with http:// or https:// and name a web site, with no spaces.",
                                 self.url[:200]))
        if self.publisher and not (self.publisher.startswith(f"{ID}actor/")
                                   and SLUG.fullmatch(self.publisher[len(f"{ID}actor/"):])):
            found.append(problem(PATHS["publisher"], "Välj utgivaren bland katalogens aktörer.",
                                 "Choose the publisher among the catalogue's actors.", self.publisher[:100]))
        if self.slug and not SLUG.fullmatch(self.slug):
            found.append(problem("slug", "Kortnamnet får bara ha små bokstäver a–z, siffror och enkla bindestreck.",
                                 "The short name may only hold lower-case letters a–z, digits and single hyphens.", self.slug))
        if self.text_file and not FILE_NAME.fullmatch(self.text_file):
            found.append(problem("text", "Texten från förra försöket finns inte längre; ladda upp eller klistra in den igen.",
                                 "The text from the previous try is gone; upload or paste it again.", None))
        return found


def web_address(raw: str) -> bool:
    """Whether ``raw`` is an http or https address naming a host (checked, never fetched)."""
    if URL_FORBIDDEN.search(raw):
        return False
    try:
        parts = urlsplit(raw)
        host = parts.hostname
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(host) and "." in host.strip(".")


def slug_for(title: str) -> str:
    """A slug from a title: 'Förstudie: IUS i Göteborg' → 'forstudie-ius-i-goteborg' (at most 60 characters)."""
    folded = unicodedata.normalize("NFKD", title.casefold())
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > MAX_SLUG:
            break
        slug = longer
    return slug or (words[0][:MAX_SLUG] if words else "")


def pasted_text(raw: str) -> str:
    """Pasted text as it is stored: line ends as ``\\n``, no control characters other than tab and form feed."""
    return CONTROL.sub("", raw.replace("\r\n", "\n").replace("\r", "\n")).strip()


def file_name_for(slug: str, text: str) -> str:
    return f"{slug}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}.txt"


def store_text(texts: SourceTexts, slug: str, text: str) -> str:
    """Store ``text`` for the source ``slug`` and return its file name; the same text again is the
    same file (never written twice)."""
    name = file_name_for(slug, text)
    if texts.exists(name) and texts.read(name) == text:
        return name
    return texts.save(name, text)


@dataclass
class SourceText:
    """The text a curator gave: a PDF's bytes or pasted text (at most one of them)."""

    pdf: bytes | None = None
    pasted: str = ""

    @property
    def given(self) -> bool:
        return bool(self.pdf) or bool(self.pasted.strip())


def read_text(given: SourceText, max_bytes: int, max_pages: int, timeout: float) -> str:
    """The text to store: the PDF's (pages joined by ``\\f``) or the pasted one, within the limits."""
    if given.pdf and given.pasted.strip():
        raise InvalidData("Send either a PDF or pasted text, not both.", problems=[problem(
            "text", "Ladda upp en PDF eller klistra in text, inte båda.", "Upload a PDF or paste text, not both.")])
    size = len(given.pdf) if given.pdf else len(given.pasted.encode("utf-8"))
    if size > max_bytes:
        raise PayloadTooLarge(f"The source is {size} bytes; at most {max_bytes} are accepted (SYMBIOS_SOURCE_MAX_BYTES).",
                              limit=max_bytes, problems=[problem(
                                  "file" if given.pdf else "text",
                                  f"Källan är {size} byte; högst {max_bytes} tas emot.",
                                  f"The source is {size} bytes; at most {max_bytes} are accepted.")])
    if given.pdf:
        return pdf_text(given.pdf, max_pages, timeout)
    text = pasted_text(given.pasted)
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        raise InvalidData("The pasted text is too short to quote from.", problems=[problem(
            "text", f"Den inklistrade texten är för kort att citera ur (minst {MIN_LETTERS} bokstäver).",
            f"The pasted text is too short to quote from (at least {MIN_LETTERS} letters).")])
    return text


def source_graph(base: Graph | None, slug: str, values: SourceInput, file_name: str | None) -> Graph:
    """The record: ``base`` (the current version, whose other statements are kept) with the form's
    properties replaced by ``values``, and ``sym:fileName`` by ``file_name`` when a new text came."""
    subject = URIRef(record_iri(KIND, slug))
    graph = Graph()
    if base is not None:
        graph += base
    graph.add((subject, RDF.type, SYM.SourceDocument))
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCTERMS.issued, DCTERMS.language, FOAF.page):
        graph.remove((subject, predicate, None))
    for predicate, texts in ((DCTERMS.title, values.title), (DCTERMS.description, values.description)):
        for lang in LANGUAGES:
            if texts.get(lang):
                graph.add((subject, predicate, Literal(texts[lang], lang=lang)))
    if values.publisher:
        graph.add((subject, DCTERMS.publisher, URIRef(values.publisher)))
    if values.year:
        graph.add((subject, DCTERMS.issued, Literal(values.year, datatype=XSD.gYear)))
    if values.language:
        graph.add((subject, DCTERMS.language, Literal(values.language)))
    if values.url:
        graph.add((subject, FOAF.page, URIRef(values.url)))
    if file_name:
        graph.set((subject, SYM.fileName, Literal(file_name)))
    return graph


@dataclass
class Limits:
    max_bytes: int
    max_pages: int
    timeout: float

    @classmethod
    def from_settings(cls, settings) -> "Limits":
        return cls(settings.source_max_bytes, settings.source_max_pages, settings.source_extract_timeout)


def write_source(curation: Curation, texts: SourceTexts, limits: Limits, values: SourceInput, given: SourceText,
                 author: str, slug: str | None = None, if_match: str | None = None, new_budget=None) -> Version:
    """Add a source (``slug`` None: a new one, its slug from ``values.slug`` or the title) or edit
    one, as a draft. Refused with InvalidData (422) whose problems name the fields; once its text is
    stored, the error's ``text_file`` names it, so the next try need not send it again. ``new_budget()``
    makes the write's budget once the text is read, so reading a long PDF does not eat the time the
    validation has (SYMBIOS_WRITE_TIMEOUT)."""
    creating = slug is None
    problems = values.problems()
    if creating:
        slug = values.slug or slug_for(values.title.get("sv") or values.title.get("en") or "")
        if not slug:
            problems.append(problem(PATHS["title"], "Källdokumentet behöver en titel, på svenska eller engelska.",
                                    "The source document needs a title, in Swedish or English."))
        elif slug in RESERVED:
            problems.append(problem("slug", f"Kortnamnet {slug!r} är upptaget av sidorna; välj ett annat.",
                                    f"The short name {slug!r} is taken by the pages; choose another.", slug))
        elif SLUG.fullmatch(slug) and _exists(curation, slug):
            problems.append(problem("slug", f"Det finns redan en källa med kortnamnet {slug!r}. Ge den nya källan ett "
                                            "annat kortnamn, eller redigera den som finns.",
                                    f"A source with the short name {slug!r} exists already. Give the new one another "
                                    "short name, or edit the one there is.", slug))
    file_name = None
    if given.given:
        text = read_text(given, limits.max_bytes, limits.max_pages, limits.timeout)  # its own errors, at the text field
        if slug and SLUG.fullmatch(slug):
            file_name = store_text(texts, slug, text)
    elif values.text_file and FILE_NAME.fullmatch(values.text_file) and texts.exists(values.text_file):
        file_name = values.text_file
    elif creating:
        problems.append(problem("text", "Ladda upp källan som PDF, eller klistra in dess text.",
                                "Upload the source as a PDF, or paste its text."))
    if problems:
        raise InvalidData(f"The source cannot be saved: {len(problems)} problem(s); nothing was stored.",
                          problems=problems, text_file=file_name)
    current = None if creating else curation.current(KIND, slug)
    graph = source_graph(current.graph() if current else None, slug, values, file_name)
    message = values.message or ("Added source" if creating else "")
    try:
        return curation.save(KIND, slug, graph, author, message, if_match, create=creating,
                             budget=new_budget() if new_budget else None)
    except InvalidData as error:
        raise InvalidData(error.message, **{**error.details, "text_file": file_name}) from None
    except PreconditionFailed as error:
        if not creating:
            raise
        raise InvalidData(error.message, problems=[problem(
            "slug", f"Någon har just lagt till en källa med kortnamnet {slug!r}. Välj ett annat.",
            f"Someone just added a source with the short name {slug!r}. Choose another.", slug)], text_file=file_name) from None


def _exists(curation: Curation, slug: str) -> bool:
    try:
        curation.current(KIND, slug)
    except NotFound:
        return False
    return True
