"""`hibah extract`: the records a press text holds, as JSON lines (no warehouse, no Prefect)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from hibah.ingest.files import RawFile
from hibah.ingest.press import document_text
from hibah.ingest.reference import gazetteer_from_csv
from hibah.parse.press import Skipped, extract


def extract_json_lines(
    data: bytes,
    name: str,
    regions_csv: Path,
    published: dt.date | None = None,
    with_skipped: bool = False,
) -> Iterator[str]:
    """One JSON object per record found in ``data`` (and per amount left out, if asked)."""
    suffix = Path(name).suffix.lower().lstrip(".") or "txt"
    file = RawFile(name, Path(name), hashlib.sha256(data).hexdigest(), len(data), suffix, "press")
    text = document_text(file, data)
    skipped: list[Skipped] = []
    for r in extract(text, gazetteer_from_csv(regions_csv), published, skipped):
        yield json.dumps(
            {
                "body": r.body,
                "amount_idr": r.amount.value,
                "stage": r.stage,
                "region_code": r.region.code,
                "region_name": r.region.name,
                "region_method": r.region.method,
                "region_confidence": r.region.confidence,
                "approximate": r.amount.approximate,
                "precision_idr": r.amount.precision,
                "as_of": r.as_of.isoformat() if r.as_of else None,
                "recipient_unit": r.recipient_unit,
                "amount_text": r.amount.text,
                "span": [r.start, r.end],
                "evidence": r.sentence,
                "flags": r.flags,
                "body_basis": r.basis,
            },
            ensure_ascii=False,
        )
    if with_skipped:
        for s in skipped:
            yield json.dumps(
                {"skipped": s.text, "span": [s.start, s.start + len(s.text)], "reason": s.reason},
                ensure_ascii=False,
            )
