"""Holiday notice files given to a run: read them, check them against a calendar, join them.

A county that has the State Council's next notice before a release of the
library ships it passes the file (or a folder of them) to every command; the
CLI's ``--holidays`` and the ``QINGDAN_HOLIDAYS`` variable both end here.
:func:`read_sources` reads each file with its SHA-256 (a store remembers
both, so another process computes the same dates); :func:`calendar_with`
joins them to a calendar. A file may repeat a year the calendar already
covers only with the same days: a different day is refused, naming the file,
the day and both readings, and nothing is joined.

>>> import datetime as dt, pathlib, tempfile
>>> from qingdan_core.calendar import china
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "2027.toml").write_text('''
... format = 1
... region = "CN"
... [[year]]
... year = 2027
... notices = ["国办发明电〔2026〕X号"]
... title = "2027年部分节假日安排"
... [[year.holiday]]
... name = "元旦"
... first = 2027-01-01
... last = 2027-01-03
... ''', encoding="utf-8")
>>> [source] = read_sources([folder])
>>> source.name.endswith("2027.toml"), source.years, len(source.sha256)
(True, (2027,), 64)
>>> cal = calendar_with(china(), [source], provisional_until=2028)
>>> cal.official_coverage[1], cal.is_provisional(dt.date(2028, 1, 3))
(datetime.date(2027, 12, 31), True)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from qingdan_core._checks import instance_of, non_blank
from qingdan_core._holiday_notices import FORMAT, NoticeFile, YearNotices, loads_notices
from qingdan_core.calendar import WorkCalendar
from qingdan_core.errors import Problem, ValidationError

if TYPE_CHECKING:
    from qingdan_core.storage.protocol import Store

__all__ = [
    "ENVIRONMENT",
    "KeptNotice",
    "NoticeSource",
    "calendar_with",
    "changed_days",
    "kept_sources",
    "notice_paths",
    "read_source",
    "read_sources",
    "remember",
    "with_kept",
]

ENVIRONMENT = "QINGDAN_HOLIDAYS"
"""The environment variable that lists notice files or folders (``os.pathsep``-separated)."""

_SUFFIXES = (".toml", ".json")


@attrs.frozen
class NoticeSource:
    """One notice file as read: its name, text, SHA-256 and the notices it describes.

    ``sha256`` is the hex digest of the file's UTF-8 text, the identity a store
    remembers (issue 13).

    >>> source = NoticeSource.from_text("2027.toml", 'format = 1')
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: 2 problems: 2027.toml: region: required field is missing; 2027.toml: year: required field is missing
    """

    name: str = attrs.field(validator=non_blank)
    text: str = attrs.field(validator=instance_of(str))
    sha256: str = attrs.field(validator=non_blank)
    notices: NoticeFile = attrs.field(validator=instance_of(NoticeFile))

    @classmethod
    def from_text(cls, name: str, text: str) -> NoticeSource:
        """The source named ``name`` with ``text`` (TOML, or JSON for a ``.json`` name).

        :raises ValidationError: every problem, its path prefixed with ``name``.
        """
        syntax = "json" if name.lower().endswith(".json") else "toml"
        try:
            notices = loads_notices(text, syntax=syntax)
        except ValidationError as exc:
            raise _in_file(name, exc.problems) from None
        return cls(name, text, hashlib.sha256(text.encode()).hexdigest(), notices)

    @property
    def years(self) -> tuple[int, ...]:
        """The years the file sets, in order."""
        return tuple(entry.year for entry in self.notices.year)


def _in_file(name: str, problems: Iterable[Problem]) -> ValidationError:
    return ValidationError.from_problems(
        [Problem(f"{name}: {p.path}" if p.path else name, p.reason, p.allowed) for p in problems]
    )


def notice_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The notice files ``paths`` name: a file as given, a folder's ``*.toml``/``*.json`` by name.

    :raises ValidationError: naming a path that does not exist or a folder with no notice file.

    >>> notice_paths(["no/such/notices"])
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: no/such/notices: no such file or folder
    """
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES)
            if not inside:
                raise ValidationError(str(given), "the folder holds no .toml or .json notice file")
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            raise ValidationError(str(given), "no such file or folder")
    return found


def read_source(path: str | os.PathLike[str]) -> NoticeSource:
    """The notice file at ``path``, read and validated.

    :raises ValidationError: naming the file when it cannot be read, has
        another suffix, or describes no valid notice file (then with the path
        inside it, e.g. ``2027.toml: year[0].holiday[1].makeup_workdays[0]``).
    """
    name = os.fspath(path)
    if Path(name).suffix.lower() not in _SUFFIXES:
        raise ValidationError(name, "a notice file must end in .toml or .json", allowed=_SUFFIXES)
    try:
        text = Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(name, f"cannot read the notice file: {exc}") from None
    return NoticeSource.from_text(name, text)


def read_sources(paths: Iterable[str | os.PathLike[str]]) -> tuple[NoticeSource, ...]:
    """Every notice file ``paths`` name (see :func:`notice_paths`), read with :func:`read_source`."""
    return tuple(read_source(path) for path in notice_paths(paths))


def _days(entry: YearNotices, region: str) -> WorkCalendar:
    return WorkCalendar(NoticeFile(FORMAT, region, (entry,)))


def changed_days(before: WorkCalendar, entry: YearNotices) -> Iterator[tuple[dt.date, bool, bool]]:
    """The days of ``entry``'s year whose working status ``entry`` changes against ``before``.

    Yields ``(day, working before, working under entry)`` in date order;
    ``before`` must cover the year (officially or provisionally).

    >>> from qingdan_core.calendar import china
    >>> from qingdan_core._holiday_notices import Holiday
    >>> entry = YearNotices(2027, ("X",), "2027", holiday=(
    ...     Holiday("元旦", dt.date(2027, 1, 1), dt.date(2027, 1, 3)),))
    >>> list(changed_days(china(provisional_until=2027), entry))[:1]
    [(datetime.date(2027, 2, 5), False, True)]
    """
    after = _days(entry, before.notices.region)
    day, last = entry.first_day, entry.last_day
    while day <= last:
        was, now = before.is_workday(day), after.is_workday(day)
        if was != now:
            yield day, was, now
        day += dt.timedelta(days=1)


def _status(working: bool) -> str:
    return "a working day" if working else "a day off"


def _new_years(calendar: WorkCalendar, sources: Sequence[NoticeSource]) -> list[YearNotices]:
    """The year entries of ``sources`` that ``calendar`` does not officially cover, checked.

    :raises ValidationError: when a source repeats a covered year with other days.
    """
    covered = {entry.year: entry for entry in calendar.notices.year}
    new: dict[int, tuple[str, YearNotices]] = {}
    problems = []
    for source in sources:
        for i, entry in enumerate(source.notices.year):
            if entry.year in covered or entry.year in new:
                known = covered.get(entry.year)
                where = known.notices[0] if known else new[entry.year][0]
                reference = (
                    calendar if known else _days(new[entry.year][1], calendar.notices.region)
                )
                diff = next(changed_days(reference, entry), None)
                if diff is not None:
                    day, was, now = diff
                    problems.append(
                        Problem(
                            f"{source.name}: year[{i}]",
                            f"{entry.year} is already covered with other days: {day} is "
                            f"{_status(was)} by {where} but {_status(now)} by this file",
                        )
                    )
                continue
            new[entry.year] = (source.name, entry)
    if problems:
        raise ValidationError.from_problems(problems)
    return [new[year][1] for year in sorted(new)]


def calendar_with(
    calendar: WorkCalendar, sources: Sequence[NoticeSource], *, provisional_until: int | None
) -> WorkCalendar:
    """``calendar`` extended by the years of ``sources``, provisional up to ``provisional_until``.

    A source may repeat a year ``calendar`` or another source covers, with
    the same working days (its copy is then ignored); the new years must
    follow the coverage without a gap.

    :raises ValidationError: naming the file, the year and the first
        different day when a covered year comes with other days, or the file
        whose years leave a gap.
    """
    years = _new_years(calendar, sources)
    if years:
        names = {id(e): s.name for s in sources for e in s.notices.year}
        try:
            joined = calendar.notices.then(
                NoticeFile(FORMAT, calendar.notices.region, tuple(years))
            )
        except ValidationError as exc:
            raise _in_file(names[id(years[0])], exc.problems) from None
        calendar = attrs.evolve(calendar, notices=joined)
    return attrs.evolve(calendar, provisional_until=provisional_until)


# --------------------------------------------------------------------------- kept in a store


@attrs.frozen
class KeptNotice:
    """A notice file a store was run with, kept for one of its years (issue 13).

    One per year (the store's key); a file of several years is kept once per
    year. ``sha256`` must be the SHA-256 of ``text``, so a kept file cannot be
    edited unnoticed.

    >>> KeptNotice(2027, "2027.toml", "0" * 64, "format = 1")
    Traceback (most recent call last):
    ...
    qingdan_core.errors.ValidationError: sha256: is 0000000000000000000000000000000000000000000000000000000000000000 but the text's SHA-256 is 019d488782a0f9b4fe4cf4402ed764a4aeb64adb3da27ef2d88955db704249c1
    """

    year: int = attrs.field(validator=instance_of(int))
    name: str = attrs.field(validator=non_blank)
    sha256: str = attrs.field(validator=non_blank)
    text: str = attrs.field(validator=instance_of(str))

    def __attrs_post_init__(self) -> None:
        actual = hashlib.sha256(self.text.encode()).hexdigest()
        if self.sha256 != actual:
            raise ValidationError("sha256", f"is {self.sha256} but the text's SHA-256 is {actual}")

    def source(self) -> NoticeSource:
        """The notice file, read again from the kept text."""
        return NoticeSource.from_text(self.name, self.text)


def kept_sources(store: Store) -> tuple[NoticeSource, ...]:
    """The notice files ``store`` keeps, each once, in the order of their first year."""
    kept = sorted((s.value for s in store.holiday_notices.all()), key=lambda k: k.year)
    return tuple({k.sha256: k.source() for k in kept}.values())


def with_kept(
    kept: Sequence[NoticeSource], given: Sequence[NoticeSource], *, replace: bool = False
) -> tuple[NoticeSource, ...]:
    """The files to compute with: ``kept`` (a store's) and ``given``, a given file first for its years.

    :raises ValidationError: naming the year and both SHA-256 digests when a
        given file differs from the one kept for a year, unless ``replace``.
    """
    by_year = {year: source for source in kept for year in source.years}
    problems = []
    for source in given:
        for year in source.years:
            old = by_year.get(year)
            if old is not None and old.sha256 != source.sha256 and not replace:
                problems.append(
                    Problem(
                        source.name,
                        f"{year} is kept in the store from {old.name} (SHA-256 {old.sha256}); "
                        f"this file (SHA-256 {source.sha256}) differs: pass --replace-notice "
                        "to replace it",
                    )
                )
    if problems:
        raise ValidationError.from_problems(problems)
    replaced = {year for source in given for year in source.years}
    return (*(s for s in kept if not replaced.intersection(s.years)), *given)


def remember(store: Store, given: Sequence[NoticeSource]) -> int:
    """Keep ``given`` in ``store``, one record per year, replacing another file's; the number written.

    Check the files first (:func:`with_kept`, :func:`calendar_with`): this writes
    what it is given, in one unit of work.
    """
    written = 0
    with store.transaction() as tx:
        stored = {s.value.year: s for s in tx.holiday_notices.all()}
        for source in given:
            for year in source.years:
                kept = KeptNotice(year, source.name, source.sha256, source.text)
                before = stored.get(year)
                if before is None:
                    tx.holiday_notices.add(kept)
                elif before.value.sha256 != source.sha256:
                    tx.holiday_notices.save(kept, before.version)
                else:
                    continue
                written += 1
    return written
