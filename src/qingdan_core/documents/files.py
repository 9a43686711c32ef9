"""Write notice documents into a folder: a .docx per notice and one print-ready HTML file.

>>> import tempfile
>>> from pathlib import Path
>>> from qingdan_core.documents.notice import NoticeDocument
>>> from qingdan_core.notices import NoticeKind
>>> doc = NoticeDocument(NoticeKind.DEADLINE_SUPERVISION, "R16", "zh", "县督查考核办公室",
...                      "督考〔2026〕2号", "限期督办通知单", "县发改局：", ("正文。",), "2026年3月31日")
>>> with tempfile.TemporaryDirectory() as folder:
...     [p.name for p in write_notices([doc], Path(folder))]
['督考〔2026〕2号-限期督办通知单.docx', '督考〔2026〕2号-限期督办通知单.html']
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from qingdan_core.documents.html import render_notice_html
from qingdan_core.documents.notice import NoticeDocument
from qingdan_core.documents.word import render_notice_docx
from qingdan_core.errors import ValidationError

__all__ = ["FORMATS", "write_notices"]

FORMATS = ("docx", "html")
"""The formats a notice is written in: Word (.docx) and print-ready HTML."""


def _stem(document: NoticeDocument) -> str:
    return f"{document.serial}-{document.title}".replace("/", "-").replace(" ", "_")


def write_notices(
    documents: Sequence[NoticeDocument],
    folder: Path,
    *,
    formats: Collection[str] = FORMATS,
    html_name: str | None = None,
) -> tuple[Path, ...]:
    """Write ``documents`` into ``folder`` (made if missing); return the files written.

    ``docx``: one ``<serial>-<title>.docx`` per notice. ``html``: one file with
    every notice, one A4 page each, named ``html_name`` (default: the one
    notice's stem, or ``notices.html``).

    :raises ValidationError: for an unknown format or no document.
    """
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValidationError("formats", f"unknown format(s) {', '.join(unknown)}", allowed=FORMATS)
    if not documents:
        raise ValidationError("documents", "no notice to write")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if "docx" in formats:
        for document in documents:
            target = folder / f"{_stem(document)}.docx"
            target.write_bytes(render_notice_docx(document))
            written.append(target)
    if "html" in formats:
        name = html_name or (_stem(documents[0]) if len(documents) == 1 else "notices")
        target = folder / f"{name}.html"
        target.write_text(render_notice_html(documents), encoding="utf-8")
        written.append(target)
    return tuple(written)
