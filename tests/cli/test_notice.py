"""``qingdan notice``: stored notices written as documents, and the demo's notices (R4, R16, R17, R20, R21)."""

from __future__ import annotations

from pathlib import Path

import docx

from cli._cli import SMALL, run
from qingdan_core.notices import Notice
from qingdan_core.periods import Month
from qingdan_core.storage import open_store


def _stored(db: Path) -> list[Notice]:
    with open_store(f"sqlite:///{db}") as store:
        return [s.value for s in store.notices.all()]


def test_one_serial_gives_a_docx_and_an_html_page(
    demo_db: tuple[Path, str], tmp_path: Path
) -> None:
    notice = _stored(demo_db[0])[-1]
    status, out, err = run(
        ["notice", "--db", str(demo_db[0]), "--serial", str(notice.serial), "-o", str(tmp_path)]
    )
    assert status == 0, err
    stem = f"{notice.serial}-{notice.kind.label}"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{stem}.docx", f"{stem}.html"]
    word = docx.Document(str(tmp_path / f"{stem}.docx"))
    texts = [p.text for p in word.paragraphs]
    assert texts[1:3] == [str(notice.serial), notice.kind.label]
    assert (
        texts[-1] == f"{notice.issued_on.year}年{notice.issued_on.month}月{notice.issued_on.day}日"
    )
    html = (tmp_path / f"{stem}.html").read_text(encoding="utf-8")
    assert html.count('<section class="notice"') == 1
    assert "1 notice(s)" in out


def test_a_month_with_all_writes_each_notice_of_the_month(
    demo_db: tuple[Path, str], tmp_path: Path
) -> None:
    notices = _stored(demo_db[0])
    month = Month.containing(notices[-1].issued_on)
    issued = [n for n in notices if n.issued_on in month]
    status, _out, err = run(
        ["notice", "--db", str(demo_db[0]), "--month", str(month), "--all", "-o", str(tmp_path)]
    )
    assert status == 0, err
    written = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert written == sorted(f"{n.serial}-{n.kind.label}.docx" for n in issued)
    html = (tmp_path / f"notices-{month}.html").read_text(encoding="utf-8")
    assert html.count('<section class="notice"') == len(issued)


def test_a_kind_filters_the_month(demo_db: tuple[Path, str], tmp_path: Path) -> None:
    notices = _stored(demo_db[0])
    kind = notices[-1].kind
    month = Month.containing(notices[-1].issued_on)
    status, _out, err = run(
        ["notice", "--db", str(demo_db[0]), "--month", str(month), "--kind", kind.value,
         "--format", "docx", "-o", str(tmp_path)]
    )  # fmt: skip
    assert status == 0, err
    expected = [n for n in notices if n.issued_on in month and n.kind is kind]
    assert len(list(tmp_path.glob("*.docx"))) == len(expected)
    assert not list(tmp_path.glob("*.html"))


def test_bad_requests_exit_2_with_one_line_and_write_nothing(
    demo_db: tuple[Path, str], tmp_path: Path
) -> None:
    db = str(demo_db[0])
    cases = [
        (["--month", "2025-12"], "add --all for every notice issued that month"),
        ([], "name the notices: --serial SERIAL"),
        (["--serial", "督考〔2025〕999号"], "督考〔2025〕999号"),
        (["--serial", "督考[2025]1号"], "not a serial number like 督考〔2026〕17号"),
        (["--month", "2025-13", "--all"], "--month '2025-13'"),
        (["--month", "2025-01", "--all"], "holds no notice issued in 2025-01"),
    ]
    for extra, message in cases:
        status, _out, err = run(["notice", "--db", db, *extra, "-o", str(tmp_path / "x")])
        assert status == 2, extra
        assert message in err, err
        assert len(err.strip().splitlines()) == 1
        assert not (tmp_path / "x").exists()


def test_the_demo_writes_every_kind_of_notice_in_both_formats(tmp_path: Path) -> None:
    """The last month's notices and the latest of each other kind issued that year."""
    folder = tmp_path / "reports"
    status, out, err = run(
        ["demo", "--db", str(tmp_path / "d.db"), *SMALL, "--reports", str(folder)]
    )
    assert status == 0, err
    notices = folder / "notices"
    kinds = {p.stem.split("-", 1)[1] for p in notices.glob("*.docx")}
    assert kinds == {n.kind.label for n in _stored(tmp_path / "d.db")}
    assert len(kinds) >= 5
    html = (notices / "notices-2025-12.html").read_text(encoding="utf-8")
    assert html.count('<section class="notice"') == len(list(notices.glob("*.docx")))
    assert "每份一页 A4" in out
