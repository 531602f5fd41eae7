"""Whole-process runs for ``scripts/bench_render.py``: CSV in, HTML out, each in a fresh process.

Timed side by side on the same ACLED-layout CSV: ``geomap map`` (with and without labels), the
plain folium script (``folium_script.py``), and optionally the previous release run from its own
checkout (``--baseline DIR``). Each run's wall time and peak memory come from ``os.wait4``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_timed(command: list[str], env: dict[str, str] | None = None, timeout: float = 1800) -> dict:
    """Wall seconds and peak resident MB of one process; raises if it fails."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            raise TimeoutError(f"over {timeout} s: {' '.join(command)}")
        time.sleep(0.05)
    wall = time.perf_counter() - start
    out, err = proc.stdout.read().decode(), proc.stderr.read().decode()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: partial, some rows unplaced (a report was written)
        raise RuntimeError(f"exit {code}: {' '.join(command)}\n{err[-2000:]}")
    return {"process_s": round(wall, 2), "peak_mb": round(usage.ru_maxrss / 1024), "stdout": out}


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
