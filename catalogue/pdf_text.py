"""The text of an uploaded PDF, page by page, read with pypdf in a child process.

A PDF is untrusted input and pypdf is pure Python: one crafted page can keep it busy for a long
time. So the PDF is read by ``python -m catalogue.pdf_text`` (the bytes on its standard input,
JSON on its standard output), which is killed when ``SYMBIOS_SOURCE_EXTRACT_TIMEOUT`` passes:
the work stops, which a thread could not promise. Pages are joined with a form feed (``\\f``), so
page N of a source is the text after its (N-1)th form feed.

A PDF whose pages hold no text (a scan, or only images) is refused with a message that says to
paste the text instead; so are a password-protected PDF, one with more pages than
``SYMBIOS_SOURCE_MAX_PAGES`` and bytes that are no PDF at all.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys

from .errors import InvalidData, UnsupportedMediaType

PAGE_BREAK = "\f"
#: Fewer letters than this in the whole document: no text layer to speak of (a scan).
MIN_LETTERS = 20
MAGIC = b"%PDF-"


def is_pdf(data: bytes) -> bool:
    """Whether ``data`` starts like a PDF (``%PDF-`` within its first kilobyte, as readers accept)."""
    return MAGIC in data[:1024]


def _problem(path: str, message_sv: str, message_en: str, **more) -> dict:
    return {"severity": "Violation", "focus": None, "path": path, "message_sv": message_sv,
            "message_en": message_en, "shape": None, **more}


def refuse(code: str, message_sv: str, message_en: str, **details) -> InvalidData:
    """The 422 for a PDF the catalogue cannot take, its problem at the file field."""
    return InvalidData(message_en, code=code, problems=[_problem("file", message_sv, message_en)], **details)


def pdf_pages(data: bytes, max_pages: int, timeout: float) -> list[str]:
    """The text of each page of the PDF ``data``, read in a child process within ``timeout`` seconds."""
    if not is_pdf(data):
        raise UnsupportedMediaType(
            "The file is not a PDF. Upload the source as a PDF, or paste its text in the text box instead.",
            accepted=["application/pdf", "text/plain (pasted)"],
            problems=[_problem("file", "Filen är ingen PDF. Ladda upp källan som PDF, eller klistra in dess text i textrutan.",
                               "The file is not a PDF. Upload the source as a PDF, or paste its text in the text box.")])
    try:
        done = subprocess.run([sys.executable, "-m", "catalogue.pdf_text", str(max_pages)], input=data,
                              capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise refuse("timeout",
                     f"PDF-filen gick inte att läsa inom {timeout:g} sekunder. Klistra in dess text i textrutan i stället.",
                     f"The PDF could not be read within {timeout:g} seconds (SYMBIOS_SOURCE_EXTRACT_TIMEOUT). "
                     "Paste its text in the text box instead.", limit=timeout) from None
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except ValueError:
        answer = {"ok": False, "error": "unreadable"}
    if answer.get("ok"):
        return answer["pages"]
    error = answer.get("error")
    if error == "pages":
        raise refuse("too-many-pages",
                     f"PDF-filen har {answer['count']} sidor; högst {max_pages} tas emot. Dela upp den, eller klistra in texten.",
                     f"The PDF has {answer['count']} pages; at most {max_pages} are accepted (SYMBIOS_SOURCE_MAX_PAGES). "
                     "Split it, or paste its text.", limit=max_pages)
    if error == "encrypted":
        raise refuse("encrypted", "PDF-filen är lösenordsskyddad. Ladda upp en oskyddad kopia, eller klistra in texten.",
                     "The PDF is password-protected. Upload an unprotected copy, or paste its text.")
    raise refuse("unreadable", "Filen gick inte att läsa som PDF. Klistra in dess text i textrutan i stället.",
                 "The file could not be read as a PDF. Paste its text in the text box instead.")


def pdf_text(data: bytes, max_pages: int, timeout: float) -> str:
    """The PDF's text, pages joined with ``\\f``; refused (422) when it holds no text to quote."""
    text = PAGE_BREAK.join(pdf_pages(data, max_pages, timeout))
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        raise refuse("no-text",
                     "PDF-filen innehåller ingen text att citera (den är troligen inskannad). Klistra in dokumentets "
                     "text i textrutan i stället, t.ex. från en tolkning (OCR) som du har kontrollerat.",
                     "The PDF holds no text to quote (it is probably scanned). Paste the document's text in the "
                     "text box instead, e.g. from character recognition (OCR) you have checked.")
    return text


def _read(data: bytes, max_pages: int) -> dict:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return {"ok": False, "error": "encrypted"}
        count = len(reader.pages)
        if count > max_pages:
            return {"ok": False, "error": "pages", "count": count}
        return {"ok": True, "pages": [page.extract_text() or "" for page in reader.pages]}
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return {"ok": False, "error": "unreadable"}
    except NotImplementedError:  # an encryption pypdf cannot open
        return {"ok": False, "error": "encrypted"}


def main() -> None:
    """The child: a PDF on standard input, its pages' text as JSON on standard output."""
    import logging

    logging.disable(logging.CRITICAL)  # pypdf warns on odd files; the parent reads only stdout
    answer = _read(sys.stdin.buffer.read(), int(sys.argv[1]))
    sys.stdout.write(json.dumps(answer, ensure_ascii=True))


if __name__ == "__main__":
    main()
