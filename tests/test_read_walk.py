"""Folders that cannot be listed, looping links and warcio's long errors (issue 20:
defect 5 and two small ones)."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from dyad.pipeline import Failure
from dyad.read import ReadLimits, read_paths


def _fails(out: list) -> list[Failure]:
    return [x for x in out if isinstance(x, Failure)]


def test_an_unreadable_folder_is_a_failure_not_silence(tmp_path: Path, monkeypatch):
    good = tmp_path / "news" / "a"
    locked = tmp_path / "news" / "b"
    good.mkdir(parents=True)
    locked.mkdir()
    (good / "x.txt").write_text("Russia and China signed a trade deal on Monday.", "utf-8")
    (locked / "y.txt").write_text("Never read.", "utf-8")
    real = os.scandir

    def scandir(path=".", *a, **k):  # root ignores chmod, so the refusal is simulated
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real(path, *a, **k)

    monkeypatch.setattr(os, "scandir", scandir)
    out = list(read_paths([str(tmp_path / "news")], ReadLimits()))
    fails = _fails(out)
    assert len(out) - len(fails) == 1  # the readable file is read
    assert len(fails) == 1 and fails[0].source_path == str(locked)
    assert "permission denied" in fails[0].reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_folder_for_real(tmp_path: Path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "y.txt").write_text("Never read.", "utf-8")
    locked.chmod(0)
    try:
        fails = _fails(list(read_paths([str(tmp_path)], ReadLimits())))
    finally:
        locked.chmod(0o755)
    assert [f.source_path for f in fails] == [str(locked)]


def test_watch_reports_an_unreadable_folder(tmp_path: Path, monkeypatch):
    from dyad.read.watching import Watcher

    locked = tmp_path / "news" / "b"
    locked.mkdir(parents=True)
    real = os.scandir

    def scandir(path=".", *a, **k):
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real(path, *a, **k)

    monkeypatch.setattr(os, "scandir", scandir)

    class Report:
        stored = skipped = failed = 0
        failures: list = []

    w = Watcher(
        [str(tmp_path / "news")], str(tmp_path / "s.json"), lambda it: (list(it), Report())[1]
    )
    r = w.poll()
    assert r.failed == 1 and "permission denied" in r.failures[0].reason


def test_link_loops_and_broken_links_say_so(tmp_path: Path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    broken = tmp_path / "broken.txt"
    broken.symlink_to(tmp_path / "gone.txt")
    by = {
        Path(f.source_path).name: f.reason
        for f in _fails(list(read_paths([str(loop), str(broken)])))
    }
    assert "link loop" in by["loop.txt"]
    assert "broken symbolic link" in by["broken.txt"] and "gone.txt" in by["broken.txt"]
    # inside a folder too
    by = {Path(f.source_path).name: f.reason for f in _fails(list(read_paths([str(tmp_path)])))}
    assert "link loop" in by["loop.txt"]


def test_warcio_errors_are_one_line_and_plain_gzip_warcs_are_read(tmp_path: Path):
    from test_sources_warc import make_warc

    plain = tmp_path / "plain.warc"
    make_warc(plain, gzip=False)
    single = tmp_path / "single.warc.gz"  # `gzip file.warc`: one stream, not one per record
    single.write_bytes(gzip.compress(plain.read_bytes()))
    a = [getattr(x, "title", None) for x in read_paths([str(plain)])]
    b = [getattr(x, "title", None) for x in read_paths([str(single)])]
    assert a == b and any(a)
    bad = tmp_path / "bad.warc"
    bad.write_bytes(
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n"
        b"GARBAGE LINE\r\nmore\r\n\r\n"
    )
    for f in _fails(list(read_paths([str(bad), str(single)]))):
        assert "\n" not in f.reason and len(f.reason) < 400
        assert "reader error" not in f.reason
