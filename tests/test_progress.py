"""Progress bars show on a terminal only, and never under --quiet."""

from __future__ import annotations

import io

import pytest

from geomap import progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("tty", "quiet", "shown"), [(True, False, True), (False, False, False), (True, True, False)]
)
def test_bar_only_on_an_unquieted_terminal(monkeypatch, tty, quiet, shown):
    err = _Tty() if tty else io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setattr(progress, "QUIET", quiet)
    assert list(progress.progress(range(5), desc="working")) == [0, 1, 2, 3, 4]
    assert ("working" in err.getvalue()) is shown


@pytest.mark.parametrize("argv", [["--quiet", "gazetteer", "info"], ["gazetteer", "info", "--quiet"]])
def test_quiet_flag_reaches_the_gazetteer_build(monkeypatch, argv, gz):
    from gazetteer import build
    from geomap.cli import main

    monkeypatch.setattr(build, "QUIET", False)
    monkeypatch.setattr(progress, "QUIET", False)
    monkeypatch.setattr("sys.stderr", _Tty())
    assert build.progress_wanted()
    assert main(argv) == 0
    assert not build.progress_wanted() and progress.QUIET
