"""Whole-process runs for ``scripts/bench_render.py``: CSV in, HTML out, each in a fresh process.

Timed side by side on the same ACLED-layout CSV: ``geomap map`` (with and without labels), the
plain folium script (``folium_script.py``), and optionally the previous release run from its own
checkout (``--baseline DIR``). Each run's wall time and peak memory come from ``os.wait4``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_timed(command: list[str], env: dict[str, str] | None = None, timeout: float = 1800) -> dict:
    """Wall seconds and peak resident MB of one process; raises if it fails.

    The peak comes from ``/usr/bin/time`` where it exists: ``os.wait4`` would also count the pages
    the child inherits from this (large) benchmark process between fork and exec.
    """
    timer = shutil.which("time") or ("/usr/bin/time" if os.path.exists("/usr/bin/time") else None)
    with tempfile.NamedTemporaryFile(prefix="bench-rss-", suffix=".txt", delete=False) as fh:
        rss_file = fh.name
    wrapped = [timer, "-f", "%M", "-o", rss_file, *command] if timer else command
    start = time.perf_counter()
    proc = subprocess.Popen(wrapped, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise TimeoutError(f"over {timeout} s: {' '.join(command)}") from None
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # 1: partial, some rows unplaced (a report was written)
        raise RuntimeError(f"exit {proc.returncode}: {' '.join(command)}\n{err.decode()[-2000:]}")
    text = Path(rss_file).read_text().strip().splitlines()
    os.unlink(rss_file)
    peak = round(int(text[-1]) / 1024) if timer and text and text[-1].isdigit() else None
    return {"process_s": round(wall, 2), "peak_mb": peak, "stdout": out.decode()}


def best_of(command: list[str], env: dict[str, str], repeat: int) -> dict:
    """The fastest of ``repeat`` runs (the machine is shared: the minimum is the least disturbed)."""
    runs = [run_timed(command, env) for _ in range(max(1, repeat))]
    best = min(runs, key=lambda r: r["process_s"])
    return dict(best, runs_s=[r["process_s"] for r in runs])


def commands(csv_path: Path, html: Path, baseline: Path | None) -> dict[str, tuple[list[str], dict[str, str]]]:
    """The tools to time, each as (command, environment)."""
    env = dict(os.environ)
    py = sys.executable
    out = {
        "geomap map": ([py, "-m", "geomap", "map", str(csv_path), "-o", str(html), "--offline", "--quiet"], env),
        "geomap map --no-labels": (
            [py, "-m", "geomap", "map", str(csv_path), "-o", str(html), "--offline", "--quiet", "--no-labels"],
            env,
        ),
        "folium script": ([py, str(HERE / "folium_script.py"), str(csv_path), str(html)], env),
    }
    if baseline is not None:
        base_env = dict(env, PYTHONPATH=str(baseline))
        out["geomap map (previous release)"] = (
            [py, "-m", "geomap", "map", str(csv_path), "-o", str(html), "--offline", "--quiet"],
            base_env,
        )
    return out


def stages(csv_path: Path, html: Path, labels: bool) -> dict:
    """Seconds per stage of one geomap run (``stages.py``), in a fresh process."""
    import json

    command = [sys.executable, str(HERE / "stages.py"), str(csv_path), str(html)] + ([] if labels else ["--no-labels"])
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=1800)
    return json.loads(done.stdout.strip().splitlines()[-1])
