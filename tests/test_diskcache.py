"""The on-disk cache of built tables: built once, rebuilt when a source changes or the
file is broken, and never in the way when the folder cannot be written."""

from __future__ import annotations

import os

from dyad import diskcache


def _counting_build(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_built_once_then_loaded(tmp_path, monkeypatch):
    monkeypatch.setattr(diskcache, "_FOLDER", [tmp_path / "cache"])
    src = tmp_path / "src.json"
    src.write_text("{}")
    build, calls = _counting_build([("paris", 2_100_000, "FR"), ("omsk", 1_100_000, "RU")])
    first = diskcache.cached("t", [src], build)
    second = diskcache.cached("t", [src], build)
    assert first == second == [("paris", 2_100_000, "FR"), ("omsk", 1_100_000, "RU")]
    assert len(calls) == 1
    assert len(list((tmp_path / "cache").glob("t-*.marshal"))) == 1


def test_changed_source_builds_again(tmp_path, monkeypatch):
    monkeypatch.setattr(diskcache, "_FOLDER", [tmp_path / "cache"])
    src = tmp_path / "src.json"
    src.write_text("{}")
    build, calls = _counting_build({"a": 1})
    diskcache.cached("t", [src], build)
    src.write_text('{"b": 2}')
    st = src.stat()
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    diskcache.cached("t", [src], build)
    assert len(calls) == 2


def test_broken_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setattr(diskcache, "_FOLDER", [tmp_path / "cache"])
    src = tmp_path / "src.json"
    src.write_text("{}")
    build, calls = _counting_build({"a": (1, 2)})
    diskcache.cached("t", [src], build)
    (path,) = (tmp_path / "cache").glob("t-*.marshal")
    path.write_bytes(b"\x00garbage")
    assert diskcache.cached("t", [src], build) == {"a": (1, 2)}
    assert len(calls) == 2


def test_unwritable_folder_only_costs_the_build(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(diskcache, "_FOLDER", [blocker / "cache"])
    src = tmp_path / "src.json"
    src.write_text("{}")
    build, calls = _counting_build([1, 2, 3])
    assert diskcache.cached("t", [src], build) == [1, 2, 3]
    assert diskcache.cached("t", [src], build) == [1, 2, 3]
    assert len(calls) == 2


def test_missing_source_leaves_the_error_to_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(diskcache, "_FOLDER", [tmp_path / "cache"])
    build, calls = _counting_build("built")
    assert diskcache.cached("t", [tmp_path / "absent.json"], build) == "built"
    assert calls == [1]


def test_a_changed_build_module_builds_again(tmp_path, monkeypatch):
    """The module that defines the build is a source too: editing it drops the cache."""
    monkeypatch.setattr(diskcache, "_FOLDER", [tmp_path / "cache"])
    mod = tmp_path / "builder.py"
    mod.write_text("def build():\n    return [1]\n")
    ns: dict = {}
    exec(compile(mod.read_text(), str(mod), "exec"), ns)
    assert diskcache.cached("t", [], ns["build"]) == [1]
    mod.write_text("def build():\n    return [2]\n")
    st = mod.stat()
    os.utime(mod, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    ns = {}
    exec(compile(mod.read_text(), str(mod), "exec"), ns)
    assert diskcache.cached("t", [], ns["build"]) == [2]
