"""The daily assessment archive (日常考核工作档案): hash-chained files (R5, R22).

The archive has one *volume* per unit (一单位一卷册) and, in it, one *file* per
civil servant (一公务员一档案); a unit's own records (its contracts, its
ledger) go in the unit's own file. Each file is a chain of entries: signed
records — monthly assessment lists, notices, contracts, ledger entries,
showcase entries — each carrying the SHA-256 digest of its own canonical
JSON, which includes the digest of the entry before it. Changing, removing or
reordering any entry breaks the chain at that entry, and :func:`verify` names
the first broken one (R5: the archive is the basis of the annual assessment,
R6, so it must not change silently).

This module is pure: it builds and checks entries. Storing them is the
store's archive repository (``store.archive``).

>>> import datetime as dt
>>> from decimal import Decimal
>>> from qingdan_core.ledger import EntryKind, LedgerEntry, Subject
>>> at = dt.datetime(2026, 11, 30, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
>>> entry = LedgerEntry("L-1", Subject.person("p-7"), dt.date(2026, 11, 20), EntryKind.BONUS,
...                     Decimal("1"), "风采录〔2026〕3号", "R22", "抗洪一线表现突出")
>>> filing = Filing.of("u-tax", Subject.person("p-7"), RecordKind.LEDGER_ENTRY, "L-1", entry,
...                    signed_by="p-head", filed_at=at)
>>> first = chain(filing, None)
>>> first.position, first.previous == GENESIS
(1, True)
>>> second = chain(attrs.evolve(filing, record_id="L-2"), first)
>>> verify("u-tax/person:p-7", [first, second]) == second.digest
True
>>> verify("u-tax/person:p-7", [second, first])
Traceback (most recent call last):
...
qingdan_core.errors.ArchiveTamperedError: archive file u-tax/person:p-7, entry 1: entry 2 is out of place (removed or reordered entries)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any, TypeVar

import attrs

from qingdan_core._checks import aware_datetime, instance_of, int_between, non_blank
from qingdan_core._labelled import LabelledEnum
from qingdan_core._v1 import upgrade_data
from qingdan_core.codec import structure, unstructure
from qingdan_core.errors import ArchiveTamperedError, ValidationError
from qingdan_core.ledger import Subject

__all__ = [
    "GENESIS",
    "ArchiveEntry",
    "Filing",
    "RecordKind",
    "canonical_json",
    "chain",
    "digest_of",
    "verify",
]

T = TypeVar("T")

GENESIS = "0" * 64
"""The ``previous`` digest of a file's first entry."""

_HEX64 = re.compile(r"[0-9a-f]{64}")


class RecordKind(LabelledEnum):
    """What kind of signed record an archive entry holds (R5, R20, R21, R22).

    >>> RecordKind.CONTRACT.label
    '承诺契约书'
    """

    ASSESSMENT_LIST = "assessment_list", "月度考核清单"
    NOTICE = "notice", "通知单"
    CONTRACT = "contract", "承诺契约书"
    LEDGER_ENTRY = "ledger_entry", "纪实台帐"
    SHOWCASE = "showcase", "风采录"


def canonical_json(data: Any) -> str:
    """The canonical JSON text of JSON-ready ``data``: sorted keys, no spaces, UTF-8 as is.

    >>> canonical_json({"b": "督考", "a": [1, "2"]})
    '{"a":[1,"2"],"b":"督考"}'
    """
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def hex_digest(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An attrs validator: 64 lowercase hex digits (a SHA-256 or SM3 digest)."""
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        raise ValidationError(attribute.name, f"expected 64 lowercase hex digits, got {value!r}")


@attrs.frozen
class Filing:
    """A signed record to file into a unit's volume, in the file of ``file`` (R5).

    ``file`` is the person whose file it goes in, or the unit itself for the
    unit's own file; ``document`` is the record's canonical JSON (use
    :meth:`of`); ``signed_by`` is the person id of who signed it (the unit's
    principal leader for an assessment list, R5).

    >>> Filing("u-1", Subject.person("p-1"), RecordKind.NOTICE, "N-1", "{}", "p-9",
    ...        dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)).kind.label
    '通知单'
    """

    volume: str = attrs.field(validator=non_blank)
    file: Subject = attrs.field(validator=instance_of(Subject))
    kind: RecordKind = attrs.field(validator=instance_of(RecordKind))
    record_id: str = attrs.field(validator=non_blank)
    document: str = attrs.field(validator=instance_of(str))
    signed_by: str = attrs.field(validator=non_blank)
    filed_at: dt.datetime = attrs.field(validator=aware_datetime)

    @classmethod
    def of(
        cls,
        volume: str,
        file: Subject,
        kind: RecordKind,
        record_id: str,
        record: object,
        *,
        signed_by: str,
        filed_at: dt.datetime,
    ) -> Filing:
        """A filing whose document is ``record``'s canonical JSON (via the codec).

        >>> Filing.of("u-1", Subject.unit("u-1"), RecordKind.CONTRACT, "C-1", {"items": 3},
        ...           signed_by="p-1", filed_at=dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)).document
        '{"items":3}'
        """
        document = canonical_json(unstructure(record))
        return cls(volume, file, kind, record_id, document, signed_by, filed_at)


@attrs.frozen
class ArchiveEntry:
    """One entry of an archive file: the filing, its place and its chained digest (R5, R22).

    ``position`` counts from 1 in its file; ``previous`` is the digest of the
    entry before it (:data:`GENESIS` for the first); ``digest`` is
    :func:`digest_of` this entry. Construction checks the shapes only;
    :func:`verify` checks the chain.

    >>> e = chain(Filing("u-1", Subject.unit("u-1"), RecordKind.CONTRACT, "C-1", "{}", "p-1",
    ...                  dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)), None)
    >>> e.record(dict)
    {}
    """

    volume: str = attrs.field(validator=non_blank)
    file: Subject = attrs.field(validator=instance_of(Subject))
    position: int = attrs.field(validator=int_between(1, None))
    kind: RecordKind = attrs.field(validator=instance_of(RecordKind))
    record_id: str = attrs.field(validator=non_blank)
    document: str = attrs.field(validator=instance_of(str))
    signed_by: str = attrs.field(validator=non_blank)
    filed_at: dt.datetime = attrs.field(validator=aware_datetime)
    previous: str = attrs.field(validator=hex_digest)
    digest: str = attrs.field(validator=hex_digest)

    @property
    def file_label(self) -> str:
        """``volume/file``, the name :class:`~qingdan_core.errors.ArchiveTamperedError` uses.

        >>> chain(Filing("u-1", Subject.person("p-2"), RecordKind.NOTICE, "N-1", "{}", "p-1",
        ...              dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)), None).file_label
        'u-1/person:p-2'
        """
        return f"{self.volume}/{self.file}"

    def record(self, cls: type[T]) -> T:
        """The filed record, read back as a ``cls`` through the codec.

        A record filed under schema version 1 (enum texts, ``task_id``) reads
        as today's value; its document stays as it was filed, since the chain's
        digests cover it.

        :raises ValidationError: when the document does not describe a ``cls``.
        """
        return structure(upgrade_data(json.loads(self.document), cls), cls)


def digest_of(entry: ArchiveEntry) -> str:
    """The SHA-256 hex digest of ``entry``'s canonical JSON, its ``digest`` field left out.

    The JSON is the codec's data for the entry (so it covers the position, the
    previous digest, the document, the signer and the time).

    >>> first = chain(Filing("u-1", Subject.unit("u-1"), RecordKind.CONTRACT, "C-1", "{}", "p-1",
    ...                      dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)), None)
    >>> digest_of(first) == first.digest
    True
    """
    data = unstructure(entry)
    del data["digest"]
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def chain(filing: Filing, last: ArchiveEntry | None) -> ArchiveEntry:
    """The entry that files ``filing`` after ``last``, the file's current last entry.

    :raises ValidationError: when ``last`` belongs to another file.

    >>> f = Filing("u-1", Subject.unit("u-1"), RecordKind.CONTRACT, "C-1", "{}", "p-1",
    ...            dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc))
    >>> chain(f, chain(f, None)).position
    2
    """
    if last is not None and (last.volume, last.file) != (filing.volume, filing.file):
        raise ValidationError(
            "last", f"belongs to file {last.file_label}, not {filing.volume}/{filing.file}"
        )
    position, previous = (1, GENESIS) if last is None else (last.position + 1, last.digest)
    draft = ArchiveEntry(
        filing.volume,
        filing.file,
        position,
        filing.kind,
        filing.record_id,
        filing.document,
        filing.signed_by,
        filing.filed_at,
        previous,
        GENESIS,
    )
    return attrs.evolve(draft, digest=digest_of(draft))


def verify(file: str, entries: Sequence[ArchiveEntry], head: str | None = None) -> str:
    """Check the chain of one archive file, given its entries in stored order (R5, R22).

    Each entry must sit at its position (1, 2, …), belong to the same file as
    the first, name the previous entry's digest, and carry its own digest.
    ``head``, when given, is a digest kept elsewhere (for instance printed on
    the signed paper copy) that the last entry must carry, which also catches
    entries removed from the end.

    :returns: the digest of the last entry (:data:`GENESIS` for an empty file).
    :raises ArchiveTamperedError: naming ``file`` and the position of the first
        entry that is altered, removed or out of order.

    >>> verify("u-1/unit:u-1", [])
    '0000000000000000000000000000000000000000000000000000000000000000'
    """
    previous = GENESIS
    for index, entry in enumerate(entries, start=1):
        if entry.position != index:
            raise ArchiveTamperedError(
                file,
                index,
                f"entry {entry.position} is out of place (removed or reordered entries)",
            )
        if (entry.volume, entry.file) != (entries[0].volume, entries[0].file):
            raise ArchiveTamperedError(file, index, f"belongs to another file ({entry.file_label})")
        if entry.previous != previous:
            raise ArchiveTamperedError(
                file, index, "does not follow the entry before it (previous digest differs)"
            )
        if digest_of(entry) != entry.digest:
            raise ArchiveTamperedError(file, index, "content does not match its digest (altered)")
        previous = entry.digest
    if head is not None and head != previous:
        raise ArchiveTamperedError(
            file,
            len(entries) + 1,
            f"the file does not end with the expected head {head[:12]}… (entries removed from its end)",
        )
    return previous
