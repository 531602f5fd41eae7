"""The command line as a whole: every subcommand documents an example; errors are one line, exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from geomap.cli import SUBCOMMANDS, build_parser, chosen_command, main

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


def test_a_command_imports_only_its_own_module(tmp_path):
    """``geomap map`` registers (and imports) only ``geomap.cli.map``; the others stay unloaded."""
    script = (
        "import sys; from geomap.cli import main; "
        f"code = main(['--quiet', 'map', {str(tmp_path / 'missing.csv')!r}, '-o', {str(tmp_path / 'm.html')!r}]); "
        "print(code, sorted(m for m in sys.modules if m.startswith('geomap.cli.')))"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert proc.stdout.split() == ["2", "['geomap.cli.map']"], proc.stderr
    assert "missing.csv" in proc.stderr


@pytest.mark.parametrize(
    ("argv", "chosen"),
    [
        (["map", "a.csv"], "map"),
        (["-q", "--debug", "gazetteer", "build"], "gazetteer"),
        (["--help"], None),
        (["-q", "-h", "map"], None),
        (["mapp", "a.csv"], None),
        ([], None),
    ],
)
def test_chosen_command(argv, chosen):
    assert chosen_command(argv) == chosen


def test_typo_still_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        main(["mapp", "a.csv"])
    err = capsys.readouterr().err
    assert all(name in err for name in EXPECTED)


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
