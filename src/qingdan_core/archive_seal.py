"""The archive's heads and root, sealed with the county's key (R5, R22).

A file's hash chain (:mod:`qingdan_core.archive`) shows an entry altered in
place, but not entries removed from its end, a whole file removed, or a file
rewritten and re-chained with :func:`~qingdan_core.archive.chain`. So the
store keeps, beside the entries and in the same unit of work as each append:

* a :class:`FileHead` per file: how many entries it holds and its last digest;
* one :class:`ArchiveRoot` over all files: how many files and entries there
  are, and the sum (modulo 2²⁵⁶) of every head's seal — a set digest that
  changes when any head changes, is added or is removed, and is updated in
  constant time by each append.

Heads and root are *sealed*: with the county's :class:`ArchiveKey`, the seal
is an HMAC (HMAC-SHA-256 by default, HMAC-SM3 (国密) where this platform's
``hashlib`` has SM3), so whoever edits the database without the key cannot
make a head or root that verifies. Without a key the seal is a plain SHA-256
digest (:attr:`SealScheme.UNKEYED`): that still catches removed entries, files
and accidental damage, but not someone who re-forges everything with this
library. The root's seal is the *root digest* the month-end 专报 prints:
:func:`verify_archive` also checks that the archive still holds what it held
when an earlier root was printed.

This module is pure: the store's archive repository keeps the heads and root.

>>> import datetime as dt
>>> from qingdan_core.archive import Filing, RecordKind, chain
>>> from qingdan_core.ledger import Subject
>>> key = ArchiveKey(bytes(range(32)))
>>> first = chain(Filing("u-1", Subject.person("p-7"), RecordKind.NOTICE, "N-1", "{}", "p-9",
...                      dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc)), None)
>>> head = FileHead.of(first, key)
>>> root = ArchiveRoot.empty(key).after(None, head, key)
>>> (root.files, root.entries, root.scheme.label)
(1, 1, 'HMAC-SHA-256（县级密钥）')
>>> verify_archive([first], [head], root, key).root == root.seal
True
>>> verify_archive([], [head], root, key)
Traceback (most recent call last):
...
qingdan_core.errors.ArchiveTamperedError: archive file u-1/person:p-7, entry 1: its head says 1 entries, the file holds 0 (entries removed from its end, or the file removed)
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from qingdan_core._checks import instance_of, int_between, non_blank
from qingdan_core._labelled import LabelledEnum
from qingdan_core.archive import ArchiveEntry, canonical_json, hex_digest, verify
from qingdan_core.errors import ArchiveTamperedError, ValidationError
from qingdan_core.ledger import Subject

__all__ = [
    "ROOT_LABEL",
    "ArchiveKey",
    "ArchiveRoot",
    "ArchiveSummary",
    "FileHead",
    "SealScheme",
    "available_algorithms",
    "files_of",
    "verify_archive",
]

ROOT_LABEL = "(root)"
"""The file name :class:`~qingdan_core.errors.ArchiveTamperedError` gives the root."""

_MODULUS = 2**256
_MIN_SECRET = 32
_ALGORITHMS = ("sha256", "sm3")


class SealScheme(LabelledEnum):
    """How heads and the root are sealed (stored with each of them).

    >>> SealScheme.HMAC_SM3.label, SealScheme.UNKEYED.keyed
    ('HMAC-SM3（国密，县级密钥）', False)
    """

    HMAC_SHA256 = "hmac-sha256", "HMAC-SHA-256（县级密钥）"
    HMAC_SM3 = "hmac-sm3", "HMAC-SM3（国密，县级密钥）"
    UNKEYED = "sha256", "SHA-256（无密钥，不防重新伪造）"

    @property
    def keyed(self) -> bool:
        """Whether sealing needs the county's key."""
        return self is not SealScheme.UNKEYED


def available_algorithms() -> tuple[str, ...]:
    """The HMAC algorithms an :class:`ArchiveKey` may use on this platform.

    ``"sha256"`` always; ``"sm3"`` where ``hashlib`` has it (OpenSSL builds
    with SM3).

    >>> available_algorithms()[0]
    'sha256'
    """
    return tuple(a for a in _ALGORITHMS if a in hashlib.algorithms_available)


def _secret(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, bytes):
        raise ValidationError(attribute.name, f"expected bytes, got {type(value).__name__}")
    if len(value) < _MIN_SECRET:
        raise ValidationError(
            attribute.name, f"must be at least {_MIN_SECRET} bytes, got {len(value)}"
        )


def _algorithm(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in available_algorithms():
        raise ValidationError(
            attribute.name,
            f"unknown or unavailable algorithm {value!r}",
            allowed=available_algorithms(),
        )


@attrs.frozen
class ArchiveKey:
    """The county's secret key for sealing the archive's heads and root (R5).

    ``secret`` is at least 32 bytes (make one with ``secrets.token_hex(32)``);
    ``algorithm`` is ``"sha256"`` (HMAC-SHA-256, the default) or ``"sm3"``
    (HMAC-SM3, where :func:`available_algorithms` lists it). The secret never
    shows in the key's repr.

    >>> ArchiveKey(b"k" * 32)
    ArchiveKey(algorithm='sha256')
    >>> ArchiveKey(b"short")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: secret: must be at least 32 bytes, got 5
    """

    secret: bytes = attrs.field(validator=_secret, repr=False)
    algorithm: str = attrs.field(default="sha256", validator=_algorithm)

    @classmethod
    def parse(cls, text: str) -> ArchiveKey:
        """The key written as hex digits, optionally prefixed ``sm3:`` or ``sha256:`` (a key file).

        :raises ValidationError: naming ``archive_key`` when the text is not that.

        >>> ArchiveKey.parse("sm3:" + "ab" * 32).algorithm
        'sm3'
        >>> ArchiveKey.parse("xyz")
        Traceback (most recent call last):
        ...
        qingdan_core.errors.ValidationError: archive_key: expected hex digits (optionally 'sm3:' or 'sha256:' first), got 3 characters
        """
        algorithm, _, digits = text.strip().rpartition(":")
        try:
            secret = bytes.fromhex(digits)
        except ValueError:
            secret = b""
        if not secret or (algorithm and algorithm not in _ALGORITHMS):
            raise ValidationError(
                "archive_key",
                "expected hex digits (optionally 'sm3:' or 'sha256:' first), "
                f"got {len(text.strip())} characters",
            )
        return cls(secret, algorithm or "sha256")

    @property
    def scheme(self) -> SealScheme:
        """The scheme this key seals with.

        >>> ArchiveKey(b"k" * 32).scheme.value
        'hmac-sha256'
        """
        return SealScheme(f"hmac-{self.algorithm}")


def _seal(key: ArchiveKey | None, data: list[Any]) -> str:
    """The seal of ``data`` (its canonical JSON): an HMAC with ``key``, SHA-256 without."""
    message = canonical_json(data).encode("utf-8")
    if key is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key.secret, message, key.algorithm).hexdigest()


def _scheme(key: ArchiveKey | None) -> SealScheme:
    return SealScheme.UNKEYED if key is None else key.scheme


def _check_seal(
    label: str,
    position: int,
    what: str,
    scheme: SealScheme,
    seal: str,
    data: list[Any],
    key: ArchiveKey | None,
) -> None:
    """Refuse a head or root not sealed the way ``key`` seals, or whose seal is wrong.

    :raises ValidationError: when it is sealed with a key and none is given.
    :raises ArchiveTamperedError: when the scheme or the seal is not ``key``'s.
    """
    if scheme.keyed and key is None:
        raise ValidationError(
            "archive_key",
            f"the archive is sealed with {scheme.value}; open the store with the county's key "
            "(archive_key=…, or --archive-key-file)",
        )
    if scheme is not _scheme(key):
        raise ArchiveTamperedError(
            label,
            position,
            f"its {what} is sealed {scheme.value}, not {_scheme(key).value} as this key seals "
            "(forged; or, if this archive was never sealed with the key, seal it with "
            "'qingdan upgrade --archive-key-file')",
        )
    if not hmac.compare_digest(seal, _seal(key, data)):
        raise ArchiveTamperedError(
            label, position, f"its {what}'s seal does not verify (forged, or not this key)"
        )


@attrs.frozen
class FileHead:
    """The head of one archive file: its length and last digest, sealed (R5, R22).

    >>> import datetime as dt
    >>> from qingdan_core.archive import Filing, RecordKind, chain
    >>> e = chain(Filing("u-1", Subject.unit("u-1"), RecordKind.CONTRACT, "C-1", "{}", "p-1",
    ...                  dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)), None)
    >>> FileHead.of(e, None).length
    1
    """

    volume: str = attrs.field(validator=non_blank)
    file: Subject = attrs.field(validator=instance_of(Subject))
    length: int = attrs.field(validator=int_between(1, None))
    digest: str = attrs.field(validator=hex_digest)
    scheme: SealScheme = attrs.field(validator=instance_of(SealScheme))
    seal: str = attrs.field(validator=hex_digest)

    @classmethod
    def of(cls, last: ArchiveEntry, key: ArchiveKey | None) -> FileHead:
        """The head of the file whose last entry is ``last``, sealed with ``key``."""
        data = _head_data(last.volume, last.file, last.position, last.digest)
        return cls(
            last.volume, last.file, last.position, last.digest, _scheme(key), _seal(key, data)
        )

    @property
    def file_label(self) -> str:
        """``volume/file``, as :attr:`ArchiveEntry.file_label <qingdan_core.archive.ArchiveEntry.file_label>`."""
        return f"{self.volume}/{self.file}"

    def check(self, key: ArchiveKey | None) -> None:
        """Refuse a head not sealed by ``key`` (see :func:`verify_archive`)."""
        data = _head_data(self.volume, self.file, self.length, self.digest)
        _check_seal(self.file_label, self.length, "head", self.scheme, self.seal, data, key)


def _head_data(volume: str, file: Subject, length: int, digest: str) -> list[Any]:
    return ["head", volume, str(file), length, digest]


@attrs.frozen
class ArchiveRoot:
    """The root over every archive file: counts and the sum of the heads' seals, sealed.

    ``seal`` is the *root digest*: printed on the month-end 专报, it later proves
    whether the archive still holds what it held then (:func:`verify_archive`).

    >>> ArchiveRoot.empty(None).entries
    0
    """

    files: int = attrs.field(validator=int_between(0, None))
    entries: int = attrs.field(validator=int_between(0, None))
    total: str = attrs.field(validator=hex_digest)
    scheme: SealScheme = attrs.field(validator=instance_of(SealScheme))
    seal: str = attrs.field(validator=hex_digest)

    @classmethod
    def empty(cls, key: ArchiveKey | None) -> ArchiveRoot:
        """The root of an empty archive."""
        return cls._sealed(0, 0, 0, key)

    @classmethod
    def _sealed(cls, files: int, entries: int, total: int, key: ArchiveKey | None) -> ArchiveRoot:
        text = f"{total % _MODULUS:064x}"
        return cls(files, entries, text, _scheme(key), _seal(key, _root_data(files, entries, text)))

    @classmethod
    def of(cls, heads: Iterable[FileHead], key: ArchiveKey | None) -> ArchiveRoot:
        """The root over ``heads``, one per file.

        >>> ArchiveRoot.of([], None) == ArchiveRoot.empty(None)
        True
        """
        heads = tuple(heads)
        total = sum(int(head.seal, 16) for head in heads)
        return cls._sealed(len(heads), sum(head.length for head in heads), total, key)

    def after(self, old: FileHead | None, new: FileHead, key: ArchiveKey | None) -> ArchiveRoot:
        """The root once one entry is appended: the file's head goes from ``old`` (None for
        a new file) to ``new``."""
        total = int(self.total, 16) + int(new.seal, 16) - (0 if old is None else int(old.seal, 16))
        return self._sealed(self.files + (old is None), self.entries + 1, total, key)

    def check(self, key: ArchiveKey | None) -> None:
        """Refuse a root not sealed by ``key`` (see :func:`verify_archive`)."""
        data = _root_data(self.files, self.entries, self.total)
        _check_seal(ROOT_LABEL, self.entries, "root", self.scheme, self.seal, data, key)


def _root_data(files: int, entries: int, total: str) -> list[Any]:
    return ["root", files, entries, total]


@attrs.frozen
class ArchiveSummary:
    """What :func:`verify_archive` checked: files, entries, the root digest and its scheme.

    >>> ArchiveSummary(0, 0, None, SealScheme.UNKEYED).root is None
    True
    """

    files: int
    entries: int
    root: str | None
    scheme: SealScheme


def files_of(entries: Iterable[ArchiveEntry]) -> dict[tuple[str, str], list[ArchiveEntry]]:
    """``entries`` grouped by file (volume, file), each file's in the order given.

    >>> files_of([])
    {}
    """
    files: dict[tuple[str, str], list[ArchiveEntry]] = {}
    for entry in entries:
        files.setdefault((entry.volume, str(entry.file)), []).append(entry)
    return files


def verify_archive(
    entries: Sequence[ArchiveEntry],
    heads: Iterable[FileHead],
    root: ArchiveRoot | None,
    key: ArchiveKey | None,
    printed: Iterable[str] = (),
) -> ArchiveSummary:
    """Check the whole archive: every file's chain, head and the root (R5, R22).

    ``entries`` are every stored entry, in the order they were stored (the
    store's insertion order), whichever file or volume they belong to;
    ``heads`` every stored head; ``root`` the stored root (None if there is
    none). Each file's chain must verify (:func:`~qingdan_core.archive.verify`)
    and end at its head; every head must have its file and every file its
    head; the root must count the files and entries and sum the heads' seals;
    heads and root must be sealed by ``key`` (or, with no key, unkeyed).
    Each root digest in ``printed`` (from earlier 专报) must be the root of the
    archive as it was after some number of its first entries: what it held then
    is still there, unchanged and in order.

    :returns: the counts, the root digest and the scheme.
    :raises ArchiveTamperedError: naming the first file (or ``(root)``) and entry
        found removed, altered, moved, re-chained or forged.
    :raises ValidationError: when the archive is sealed with a key and ``key`` is None.

    >>> verify_archive([], [], None, None)
    ArchiveSummary(files=0, entries=0, root=None, scheme=<SealScheme.UNKEYED: 'sha256'>)
    """
    files = files_of(entries)
    for (volume, file), chained in files.items():
        verify(f"{volume}/{file}", chained)
    stored = {(h.volume, str(h.file)): h for h in heads}
    for name, head in stored.items():
        head.check(key)
        held = files.get(name, [])
        if len(held) != head.length:
            raise ArchiveTamperedError(
                head.file_label,
                min(len(held), head.length) + 1,
                f"its head says {head.length} entries, the file holds {len(held)} "
                + (
                    "(entries removed from its end, or the file removed)"
                    if len(held) < head.length
                    else "(entries added outside the store)"
                ),
            )
        if held[-1].digest != head.digest:
            raise ArchiveTamperedError(
                head.file_label, head.length, "does not end at its head (rewritten and re-chained)"
            )
    for name, chained in files.items():
        if name not in stored:
            raise ArchiveTamperedError(
                chained[0].file_label,
                1,
                "has no head (its head removed, or filed outside the store)",
            )
    if root is None:
        if stored:
            raise ArchiveTamperedError(ROOT_LABEL, 0, "the archive's root is missing (removed)")
        _check_printed(entries, set(printed), key)
        return ArchiveSummary(0, 0, None, _scheme(key))
    root.check(key)
    expected = ArchiveRoot.of(stored.values(), key)
    if (root.files, root.entries, root.total) != (expected.files, expected.entries, expected.total):
        raise ArchiveTamperedError(
            ROOT_LABEL,
            root.entries,
            f"the root counts {root.files} files and {root.entries} entries, the archive holds "
            f"{expected.files} and {expected.entries} (files or entries removed, or heads replaced)",
        )
    _check_printed(entries, set(printed), key)
    return ArchiveSummary(root.files, root.entries, root.seal, root.scheme)


def _check_printed(
    entries: Sequence[ArchiveEntry], printed: set[str], key: ArchiveKey | None
) -> None:
    """Replay the archive in stored order; every printed root must be the root of a prefix."""
    if not printed:
        return
    root = ArchiveRoot.empty(key)
    printed.discard(root.seal)
    heads: dict[tuple[str, str], FileHead] = {}
    for entry in entries:
        name = (entry.volume, str(entry.file))
        new = FileHead.of(entry, key)
        root = root.after(heads.get(name), new, key)
        heads[name] = new
        printed.discard(root.seal)
    if printed:
        first = sorted(printed)[0]
        raise ArchiveTamperedError(
            ROOT_LABEL,
            0,
            f"the archive no longer holds what it held when root {first[:16]}… was printed "
            "(entries altered, removed or reordered since; or not this archive's root)",
        )
