"""The command line as a whole: every subcommand documents an example; errors are one line, exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from geomap.cli import SUBCOMMANDS, build_parser, main

EXPECTED = {"geocode", "geoparse", "extract", "events", "map", "run", "gazetteer"}


def _commands() -> list[str]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.dest == "command"]
    return sorted(sub.choices)


def test_every_planned_subcommand_is_registered():
    assert set(_commands()) == EXPECTED
    assert len(SUBCOMMANDS) == len(EXPECTED)


@pytest.mark.parametrize("command", sorted(EXPECTED))
def test_help_shows_an_example(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "example:" in out and f"geomap {command}" in out.split("example:")[1]


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["nonsense"])
    assert info.value.code == 2


def test_console_script_runs_as_module():
    proc = subprocess.run(
        [sys.executable, "-m", "geomap", "--help"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and "geomap run" in proc.stdout


def test_gazetteer_errors_are_one_line_exit_2(capsys):
    code = main(["geocode", "Sweida", "--country", "XX"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("geomap: error: ") and "'XX'" in err and err.count("\n") == 1
