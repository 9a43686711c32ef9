"""Notices as official documents: GB/T 9704-2012 layout, as Word (.docx) and print-ready HTML.

* :mod:`~qingdan_core.documents.notice` — a notice's parts as text (:func:`notice_document`);
* :mod:`~qingdan_core.documents.layout` — the page after GB/T 9704-2012 and how a notice fits it;
* :mod:`~qingdan_core.documents.html` — print-ready HTML, one A4 page per notice;
* :mod:`~qingdan_core.documents.word` — a .docx the office edits in WPS or Word (extra ``docx``);
* :mod:`~qingdan_core.documents.load` — the documents of stored notices;
* :mod:`~qingdan_core.documents.files` — write them into a folder.
"""

from __future__ import annotations

from qingdan_core.documents.files import FORMATS, write_notices
from qingdan_core.documents.html import render_notice_html
from qingdan_core.documents.load import notice_documents
from qingdan_core.documents.notice import DEFAULT_OFFICE, NoticeDocument, notice_document
from qingdan_core.documents.word import render_notice_docx

__all__ = [
    "DEFAULT_OFFICE",
    "FORMATS",
    "NoticeDocument",
    "notice_document",
    "notice_documents",
    "render_notice_docx",
    "render_notice_html",
    "write_notices",
]
