"""The batch contract: documents ``{"doc_id", "text"}`` in, ``{"doc_id", "toponyms"}`` out, in input order.

Each output line also lists ``unresolved``: names that look like places (after "in", "near") but that
the gazetteer does not know, each with a ``reason``, so nothing is silently lost. An input document may
carry ``country`` (ISO alpha-2) as a hint.

A document that cannot be parsed (no text, not a string, an unexpected failure) yields
``{"doc_id", "error"}`` instead of stopping the batch. :func:`geoparse_partition` processes a plain
list, so another engine (Dask) can map it over partitions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from geomap.atomic import atomic_write
from geomap.errors import InputError
from geomap.geoparse.core import default_gazetteer, geoparse
from geomap.progress import progress


def parse_document(doc: Any, gazetteer: Any, country_hint: str | None = None) -> dict[str, Any]:
    """One output line for one input document; failures become ``{"doc_id", "error"}``."""
    doc_id = doc.get("doc_id") if isinstance(doc, dict) else None
    if not isinstance(doc, dict):
        return {"doc_id": None, "error": f"a document must be an object, not {type(doc).__name__}"}
    if "_error" in doc:  # a line :func:`read_documents` could not parse
        return {"doc_id": doc_id, "error": doc["_error"]}
    text = doc.get("text")
    if not isinstance(text, str):
        return {"doc_id": doc_id, "error": "missing or non-string 'text'"}
    try:
        mentions = geoparse(
            text, gazetteer, country_hint=doc.get("country") or country_hint, keep_unresolved=True
        )
    except Exception as exc:  # noqa: BLE001 - a failing document is reported, never drops the batch
        return {"doc_id": doc_id, "error": f"{type(exc).__name__}: {exc}"}
    return {
        "doc_id": doc_id,
        "toponyms": [m.to_dict() for m in mentions if m.resolved],
        "unresolved": [m.to_dict() for m in mentions if not m.resolved],
    }


def geoparse_partition(docs: list[dict[str, Any]], gazetteer: Any = None) -> list[dict[str, Any]]:
    """Process one partition of documents; a plain function for any engine to map."""
    gz = gazetteer if gazetteer is not None else default_gazetteer()
    return [parse_document(doc, gz) for doc in docs]


def geoparse_documents(
    docs: Iterable[dict[str, Any]], gazetteer: Any = None, country_hint: str | None = None
) -> Iterator[dict[str, Any]]:
    """Yield one output dict per document, in input order, lazily."""
    gz = gazetteer if gazetteer is not None else default_gazetteer()
    for doc in docs:
        yield parse_document(doc, gz, country_hint)


def read_documents(path: str | Path) -> Iterator[dict[str, Any]]:
    """Documents of a JSONL file. A line that is not a JSON object becomes a document without text
    (so it is reported as failed in its place); an unreadable file raises :class:`InputError`."""
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=str(path)) from exc
    with fh:
        for row, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                yield {"doc_id": f"line {row}", "_error": f"line {row}: not JSON ({exc.msg})"}
                continue
            if not isinstance(doc, dict):
                doc = {"doc_id": f"line {row}", "_error": f"line {row}: not a JSON object"}
            yield doc


def run_batch(
    src: str | Path,
    dst: str | Path,
    gazetteer: Any = None,
    country_hint: str | None = None,
    on_error: Any = None,
) -> tuple[int, int]:
    """Geoparse the JSONL ``src`` into the JSONL ``dst`` (written atomically).

    Returns ``(documents, failed)``; ``on_error(output_line)`` is called for each failed document.
    """
    gz = gazetteer if gazetteer is not None else default_gazetteer()
    n = failed = 0
    with atomic_write(dst) as out:
        for doc in progress(read_documents(src), desc="geoparsing", unit="doc"):
            result = parse_document(doc, gz, country_hint)
            n += 1
            if "error" in result:
                failed += 1
                if on_error is not None:
                    on_error(result)
            _write_line(out, result)
    return n, failed


def _write_line(out: TextIO, record: dict[str, Any]) -> None:
    out.write(json.dumps(record, ensure_ascii=False) + "\n")
