"""Extraction quality, file by file: the shared corpus's passages.jsonl (40 reworded real
passages with hand-read records, plus the Nunukan press release that started the project)
and passages-2.jsonl (32 more, from other regions and outlets); and this project's
bench/corpus/passages-3.jsonl (31 more), passages-4.jsonl (15), passages-5.jsonl (12),
passages-6.jsonl (11), passages-7.jsonl (15), passages-8.jsonl (10), passages-9.jsonl (8),
passages-10.jsonl (8), passages-11.jsonl (7), passages-12.jsonl (6), passages-13.jsonl
(6), passages-14.jsonl (6), passages-15.jsonl (5), passages-16.jsonl (5),
passages-17.jsonl (5), passages-18.jsonl (6), passages-19.jsonl (6), passages-20.jsonl (5),
passages-21.jsonl (4), passages-22.jsonl (4), passages-23.jsonl (3), passages-24.jsonl (7),
passages-25.jsonl (6), passages-26.jsonl (3), passages-27.jsonl (3), passages-28.jsonl (7),
passages-29.jsonl (6), passages-30.jsonl (4), passages-31.jsonl (4), passages-32.jsonl (3),
passages-33.jsonl (8), passages-34.jsonl (7), passages-35.jsonl (5), passages-36.jsonl (5),
passages-37.jsonl (5), passages-38.jsonl (5), passages-39.jsonl (6), passages-40.jsonl (6),
passages-41.jsonl (5), passages-42.jsonl (4), passages-43.jsonl (3), passages-44.jsonl (2),
passages-45.jsonl (5), passages-46.jsonl (5), passages-47.jsonl (4), passages-48.jsonl (3),
passages-49.jsonl (4) and passages-50.jsonl (2), read by the same conventions (see that
folder's README for which are held out).

    uv run python bench/extraction.py [--corpus ../shared/corpus] [--file NAME ...] [-v]

A record matches when body and exact amount match (multiset, per passage). Prints
precision, recall and F1, the records extracted from negative passages (should be none),
the region and stage agreement of matched records, and with -v every miss, false
positive and disagreement.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter
from pathlib import Path

from hibah.ingest.reference import gazetteer_from_csv
from hibah.parse.press import extract

ROOT = Path(__file__).resolve().parent.parent
SEED = {
    "id": "seed",
    "file": "seed-nunukan-2024-10-31.txt",
    "published": "2024-10-31",
    "records": [
        {
            "body": "KPU",
            "amount_idr": 34_000_000_000,
            "region": "Kabupaten Nunukan",
            "stage": "nphd",
        },
        # "13 miliar 825 juta 543 rupiah", read literally and flagged
        {"body": "Bawaslu", "amount_idr": 13_825_000_543, "region": "Kabupaten Nunukan"},
        {"body": "Polri", "amount_idr": 5_971_710_000, "region": "Kabupaten Nunukan"},
        {"body": "TNI", "amount_idr": 1_028_290_000, "region": "Kabupaten Nunukan"},
    ],
}


# Hand-read stages → hibah's: tranches are named by disbursement; "other" is a proposal.
STAGE_OF = {
    "disbursed_tranche_1": "tranche_1",
    "disbursed_tranche_2": "tranche_2",
    "other": "budget",
}


FILES = (
    "passages.jsonl",
    "passages-2.jsonl",
    "passages-3.jsonl",
    "passages-4.jsonl",
    "passages-5.jsonl",
    "passages-6.jsonl",
    "passages-7.jsonl",
    "passages-8.jsonl",
    "passages-9.jsonl",
    "passages-10.jsonl",
    "passages-11.jsonl",
    "passages-12.jsonl",
    "passages-13.jsonl",
    "passages-14.jsonl",
    "passages-15.jsonl",
    "passages-16.jsonl",
    "passages-17.jsonl",
    "passages-18.jsonl",
    "passages-19.jsonl",
    "passages-20.jsonl",
    "passages-21.jsonl",
    "passages-22.jsonl",
    "passages-23.jsonl",
    "passages-24.jsonl",
    "passages-25.jsonl",
    "passages-26.jsonl",
    "passages-27.jsonl",
    "passages-28.jsonl",
    "passages-29.jsonl",
    "passages-30.jsonl",
    "passages-31.jsonl",
    "passages-32.jsonl",
    "passages-33.jsonl",
    "passages-34.jsonl",
    "passages-35.jsonl",
    "passages-36.jsonl",
    "passages-37.jsonl",
    "passages-38.jsonl",
    "passages-39.jsonl",
    "passages-40.jsonl",
    "passages-41.jsonl",
    "passages-42.jsonl",
    "passages-43.jsonl",
    "passages-44.jsonl",
    "passages-45.jsonl",
    "passages-46.jsonl",
    "passages-47.jsonl",
    "passages-48.jsonl",
    "passages-49.jsonl",
    "passages-50.jsonl",
)
OURS = ROOT / "bench" / "corpus"  # the files this project keeps; the others are shared


def load(corpus: Path, name: str = "passages.jsonl") -> list[dict]:
    """The passages of one corpus file; the seed press release goes with passages.jsonl."""
    folder = OURS if (OURS / name).exists() else corpus
    passages = [json.loads(line) for line in (folder / name).open(encoding="utf-8")]
    if name != "passages.jsonl":
        return passages
    seed = dict(SEED, text=(corpus / SEED["file"]).read_text(encoding="utf-8"))
    return [*passages, seed]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--file", action="append", choices=FILES, help="default: every file")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    gazetteer = gazetteer_from_csv(ROOT / "raw" / "reference" / "regions.csv")
    for name in args.file or FILES:
        if not (OURS / name).exists() and not (args.corpus / name).exists():
            print(f"== {name}: not present in {args.corpus}")
            continue
        print(f"== {name}")
        score(load(args.corpus, name), gazetteer, args.verbose)


def score(passages: list[dict], gazetteer, verbose: bool) -> None:
    """Print precision, recall, F1, negatives hit, region and stage agreement."""

    tp = fp = fn = 0
    negatives_hit = []
    region_ok = region_total = stage_ok = stage_total = 0
    lines = []
    for p in passages:
        published = dt.date.fromisoformat(p["published"]) if p.get("published") else None
        got = extract(p["text"], gazetteer, published)
        expected = Counter((r["body"], r["amount_idr"]) for r in p["records"])
        found = Counter((r.body, r.amount.value) for r in got)
        match = expected & found
        tp += sum(match.values())
        fp += sum((found - expected).values())
        fn += sum((expected - found).values())
        if not p["records"] and got:
            negatives_hit.append(p["id"])
        # region and stage of each matched record, as multisets per (body, amount): one
        # amount may be labelled twice, at two stages ("Rp 73 miliar" agreed, then paid)
        want_regions: dict[tuple, Counter] = {}
        want_stages: dict[tuple, Counter] = {}
        for r in p["records"]:
            key = (r["body"], r["amount_idr"])
            want_regions.setdefault(key, Counter())[r["region"]] += 1
            if r.get("stage"):
                want_stages.setdefault(key, Counter())[STAGE_OF.get(r["stage"], r["stage"])] += 1
        for key, n in match.items():
            if any(region.startswith("Sumatera Selatan (") for region in want_regions[key]):
                continue
            mine = [r for r in got if (r.body, r.amount.value) == key][:n]
            got_regions = Counter(r.region.name for r in mine)
            region_total += n
            region_ok += sum((got_regions & want_regions[key]).values())
            for region in (got_regions - want_regions[key]).elements():
                wanted = ", ".join((want_regions[key] - got_regions).elements())
                lines.append(f"  region {p['id']}: {key} got {region} want {wanted}")
            if key in want_stages:
                got_stages = Counter(r.stage for r in mine)
                scored = min(n, sum(want_stages[key].values()))
                agreed = min(scored, sum((got_stages & want_stages[key]).values()))
                stage_total += scored
                stage_ok += agreed
                wanted = ", ".join((want_stages[key] - got_stages).elements())
                for stage in list((got_stages - want_stages[key]).elements())[: scored - agreed]:
                    lines.append(f"  stage {p['id']}: {key} got {stage} want {wanted}")
        for key in expected - found:
            lines.append(f"  miss {p['id']}: {key}")
        for key in found - expected:
            lines.append(f"  false {p['id']}: {key}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"records: expected {tp + fn}, extracted {tp + fp}, matched {tp}")
    print(f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    print(f"negative passages with records: {negatives_hit or 'none'}")
    print(f"region of matched records: {region_ok}/{region_total} agree")
    print(f"stage of matched records: {stage_ok}/{stage_total} agree")
    if verbose:
        print("\n".join(lines))


if __name__ == "__main__":
    main()
