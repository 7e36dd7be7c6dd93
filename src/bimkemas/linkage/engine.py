"""Record linkage of two person lists on splink, after our Indonesian normalisation.

Flow: read and validate both files → derive comparison features (``normalize``) → splink
``link_only`` model (DuckDB, or Spark for national batch runs) with comparisons tuned to those
features → predicted pairs above a threshold → collapse alias rows to the best probability per
pair of person ids.

The model structure (comparisons, levels, blocking rules) lives in this module; the trained
parameters (m and u probabilities) live in a versioned JSON file (``trained/person_v1.json``, a
splink model file), so a run loads them and skips training. Only the prior (the probability that
two random records match) is re-estimated on every run from deterministic rules, because it
depends on the sizes of the files at hand.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from bimkemas.linkage.normalize import (
    MUHAMMAD,
    _normalize_folded,
    fold,
    normalize_name,
    normalize_nik,
    normalize_place,
    phonetic,
    split_aliases,
)

COLUMNS = ("id", "nik", "name", "birth_date", "birth_place", "sex", "mother_name", "address")
REQUIRED_VALUES = ("id", "name")
MODEL_VERSION = 1
MODELS_DIR = Path(__file__).resolve().parent / "trained"
DEFAULT_MODEL = MODELS_DIR / f"person_v{MODEL_VERSION}.json"
DEFAULT_THRESHOLD = 0.8
M_FLOOR = 0.001
U_FLOOR = 1e-8
ENGINES = ("duckdb", "spark")
# Dataset names inside splink: never "left"/"right" (reserved words break the generated SQL).
LEFT_NAME, RIGHT_NAME = "lhs_persons", "rhs_persons"

logger = logging.getLogger(__name__)


class LinkageInputError(ValueError):
    """A person file that does not follow the contract; the message names file, row and column."""


class EngineUnavailable(RuntimeError):
    """The chosen engine cannot run on this machine (e.g. Spark without pyspark)."""


class ModelMismatch(RuntimeError):
    """The model file was trained for other comparisons than this engine defines."""


# ── Reading and validating the input files ───────────────────────────────────────────────────────
def read_person_file(path: str | os.PathLike) -> pd.DataFrame:
    """Read a person CSV per the contract; raise LinkageInputError naming what is wrong."""
    path = Path(path)
    try:
        df = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            encoding="utf-8-sig",
            quoting=csv.QUOTE_MINIMAL,
        )
    except FileNotFoundError as exc:
        raise LinkageInputError(_("%(path)s: berkas tidak ditemukan") % {"path": path}) from exc
    except UnicodeDecodeError as exc:
        raise LinkageInputError(
            _("%(path)s: bukan teks UTF-8 (bita ke-%(byte)d)") % {"path": path, "byte": exc.start}
        ) from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise LinkageInputError(
            _("%(path)s: bukan berkas CSV yang dapat dibaca (%(error)s)") % {"path": path, "error": exc}
        ) from exc
    df.columns = [c.strip().lower() for c in df.columns]
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise LinkageInputError(
            _("%(path)s: kolom %(missing)s tidak ada (kolom yang diharapkan: %(expected)s)")
            % {"path": path, "missing": ", ".join(missing), "expected": ",".join(COLUMNS)}
        )
    df = df[list(COLUMNS)].apply(lambda col: col.str.strip())
    for col in REQUIRED_VALUES:
        empty = df.index[df[col] == ""]
        if len(empty):
            raise LinkageInputError(
                _("%(path)s: baris %(row)d, kolom %(column)s: kosong (wajib diisi)")
                % {"path": path, "row": empty[0] + 2, "column": col}
            )
    # Validate each distinct value once (dates and sexes repeat), then find the first bad row.
    dates = df["birth_date"]
    distinct = pd.Series(dates.unique())
    parsed = pd.to_datetime(distinct.where(distinct != ""), format="%Y-%m-%d", errors="coerce")
    bad_values = set(
        distinct[(distinct != "") & (parsed.isna() | ~distinct.str.fullmatch(r"\d{4}-\d{2}-\d{2}"))]
    )
    if bad_values:
        row = df.index[dates.isin(bad_values)][0]
        raise LinkageInputError(
            _("%(path)s: baris %(row)d, kolom birth_date: %(value)r bukan tanggal berformat YYYY-MM-DD")
            % {"path": path, "row": row + 2, "value": dates[row]}
        )
    sex = df["sex"].str.upper()
    bad_values = set(sex.unique()) - {"", "L", "P"}
    if bad_values:
        row = df.index[sex.isin(bad_values)][0]
        raise LinkageInputError(
            _("%(path)s: baris %(row)d, kolom sex: %(value)r bukan L atau P")
            % {"path": path, "row": row + 2, "value": df["sex"][row]}
        )
    df["sex"] = sex
    return df


# ── Features ─────────────────────────────────────────────────────────────────────────────────────
@lru_cache(maxsize=500_000)
def _name_features_folded(text: str) -> tuple:
    parts = _normalize_folded(text)
    tokens = parts.tokens
    if not tokens:
        return _NO_NAME
    core = [t for t in tokens if t != MUHAMMAD] or list(tokens)
    name_sorted = " ".join(sorted(tokens))
    father = parts.father
    phons = [phonetic(t) for t in core]
    return (
        name_sorted,
        " ".join(sorted(core)),
        " ".join(core),
        " ".join(sorted(tokens + father)) if father else name_sorted,
        core,
        core[0],
        core[-1],
        phons[0],
        phons[-1],
        " ".join(sorted(phons)),
        " ".join(father) or None,
    )


def _name_features(raw: str) -> tuple:
    return _name_features_folded(fold(raw)) if raw else _NO_NAME


NAME_FEATURES = (
    "name_sorted",
    "name_core",
    "name_ordered",
    "name_all",
    "name_tokens",
    "name_first",
    "name_last",
    "name_phon_first",
    "name_phon_last",
    "name_phon",
    "father",
)
_NO_NAME = (None,) * len(NAME_FEATURES)


def _mother_features(raw: str) -> tuple:
    parts = normalize_name(raw)
    if not parts.tokens:
        return (None, None, None)
    return (parts.sorted, parts.phonetic_sorted, phonetic(parts.tokens[0]))


def explode_aliases(df: pd.DataFrame) -> pd.DataFrame:
    """One row per name: "Agus alias Gendut" becomes two rows of the same person id."""
    has_alias = df["name"].str.contains(r"(?i)\balias\b|\bals\b|@|\baka\b", regex=True)
    if not has_alias.any():
        return df
    extra = df[has_alias].assign(name=df.loc[has_alias, "name"].map(split_aliases)).explode("name")
    return pd.concat([df[~has_alias], extra[extra["name"].notna()]], ignore_index=True)


def _nik_features(raw: str) -> tuple:
    # NIK = region (6) + birth date (6, day + 40 for women) + serial (4). The date part repeats the
    # birth date, which has its own comparison, and people of one region born on one day differ
    # only in the serial (often by one digit): so beyond "the same NIK" only region + serial count.
    nik = normalize_nik(raw)
    if not nik:
        return (None, None, None)
    return (nik, nik[:6] + nik[12:], nik[6:12])


def _date_features(raw: str) -> tuple:
    if not raw:
        return (None, None, None, None)
    return (raw, int(raw[:4]), int(raw[5:7]), int(raw[8:10]))


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    """The comparison features of a validated person table (one row per name of a person)."""
    df = explode_aliases(df).reset_index(drop=True)
    out = pd.DataFrame({"unique_id": range(len(df)), "person_id": df["id"].to_numpy()})
    out["alias_rank"] = df.groupby("id", sort=False).cumcount().to_numpy()

    def by_unique(series: pd.Series, func: Callable[[str], tuple], names: tuple[str, ...]) -> None:
        """Compute once per distinct value, then spread by position (names repeat a lot)."""
        codes, uniques = pd.factorize(series)
        rows = [func(v) for v in uniques]
        for k, name in enumerate(names):
            column = np.empty(len(rows), dtype=object)
            column[:] = [row[k] for row in rows]
            out[name] = column[codes] if len(rows) else []

    by_unique(df["name"], _name_features, NAME_FEATURES)
    by_unique(df["mother_name"], _mother_features, ("mother", "mother_phon", "mother_phon_first"))
    by_unique(df["birth_place"], lambda v: (normalize_place(v) or None,), ("place",))
    by_unique(df["nik"], _nik_features, ("nik", "nik_rs", "nik_date"))
    by_unique(df["sex"], lambda v: (v or None,), ("sex",))
    by_unique(df["birth_date"], _date_features, ("dob", "dob_y", "dob_m", "dob_d"))
    for col in ("dob_y", "dob_m", "dob_d"):
        out[col] = out[col].astype("Int32")
    return out


# ── Model structure ──────────────────────────────────────────────────────────────────────────────
def comparisons() -> list:
    """The comparisons, strongest level first in each (structure only; parameters come from the model)."""
    import splink.comparison_level_library as cll
    from splink import ColumnExpression
    from splink.comparison_library import CustomComparison

    def custom(sql: str, label: str):
        return cll.CustomLevel(sql, label_for_charts=label, base_dialect_str="duckdb")

    name = CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name_core"),
            cll.ExactMatchLevel("name_sorted")
            .configure(tf_adjustment_column="name_sorted", tf_adjustment_weight=1.0)
            .configure(label_for_charts="same normalised name (any order)"),
            custom(
                "name_core_l = name_core_r OR name_all_l = name_all_r "
                "OR name_all_l = name_sorted_r OR name_sorted_l = name_all_r",
                "same name without Muhammad or with/without bin",
            ),
            custom("name_phon_l = name_phon_r", "same phonetic key"),
            cll.And(
                cll.ArraySubsetLevel("name_tokens"),
                custom("least(len(name_tokens_l), len(name_tokens_r)) >= 2", "2+ tokens"),
            ).configure(label_for_charts="2+ name parts, one name inside the other"),
            custom(
                "jaro_winkler_similarity(name_ordered_l, name_ordered_r) >= 0.92 "
                "AND jaro_winkler_similarity(name_first_l, name_first_r) >= 0.88 "
                "AND jaro_winkler_similarity(name_last_l, name_last_r) >= 0.88",
                "similar name (Jaro-Winkler ≥ 0.92), first and last parts each similar",
            ),
            custom(
                "(name_last_l = name_last_r AND jaro_winkler_similarity(name_first_l, name_first_r) >= 0.88) "
                "OR (name_first_l = name_first_r AND jaro_winkler_similarity(name_last_l, name_last_r) >= 0.88)",
                "first or last name equal, the other similar",
            ),
            cll.ArraySubsetLevel("name_tokens").configure(label_for_charts="single name inside the other"),
            cll.JaroWinklerLevel("name_ordered", 0.8),
            cll.ArrayIntersectLevel("name_tokens", 1),
            cll.ElseLevel(),
        ],
        comparison_description="normalised name",
    )
    agree = "(CAST(dob_y_l = dob_y_r AS INTEGER) + CAST(dob_m_l = dob_m_r AS INTEGER) + CAST(dob_d_l = dob_d_r AS INTEGER))"
    birth_date = CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob"),
            custom("dob_y_l = dob_y_r AND dob_m_l = dob_d_r AND dob_d_l = dob_m_r", "day and month swapped"),
            custom(f"{agree} = 2", "one of year/month/day differs"),
            custom("dob_y_l = dob_y_r", "same year"),
            cll.ElseLevel(),
        ],
        comparison_description="birth date",
    )
    nik = CustomComparison(
        output_column_name="nik",
        comparison_levels=[
            cll.NullLevel("nik"),
            cll.ExactMatchLevel("nik"),
            custom("nik_rs_l = nik_rs_r", "same region and serial, birth date part differs"),
            custom("levenshtein(nik_rs_l, nik_rs_r) <= 1", "region and serial one digit off"),
            cll.ElseLevel(),
        ],
        comparison_description="NIK",
    )
    sex = CustomComparison(
        output_column_name="sex",
        comparison_levels=[cll.NullLevel("sex"), cll.ExactMatchLevel("sex"), cll.ElseLevel()],
        comparison_description="sex",
    )
    place = CustomComparison(
        output_column_name="place",
        comparison_levels=[
            cll.NullLevel("place"),
            cll.ExactMatchLevel("place"),
            cll.JaroWinklerLevel("place", 0.88),
            cll.ElseLevel(),
        ],
        comparison_description="birth place",
    )
    mother = CustomComparison(
        output_column_name="mother",
        comparison_levels=[
            cll.NullLevel("mother"),
            cll.ExactMatchLevel("mother").configure(tf_adjustment_column="mother", tf_adjustment_weight=1.0),
            custom("mother_phon_l = mother_phon_r", "same phonetic key"),
            cll.JaroWinklerLevel("mother", 0.88),
            cll.ExactMatchLevel(ColumnExpression("mother_phon_first")).configure(
                label_for_charts="same first name (phonetic)"
            ),
            cll.ElseLevel(),
        ],
        comparison_description="mother's name",
    )
    return [name, birth_date, nik, sex, place, mother]


def blocking_rules() -> list:
    """Candidate pairs: each rule catches matches the others miss, none explodes on common names."""
    from splink import block_on
    from splink.blocking_rule_library import CustomRule

    return [
        block_on("nik"),
        block_on("nik_rs", "name_phon_first"),
        block_on("dob", "name_phon_first"),
        block_on("dob", "name_phon_last"),
        block_on("name_core", "dob_y"),
        block_on("name_core", "dob_m", "dob_d"),
        block_on("name_phon", "dob_y"),
        block_on("dob", "mother_phon_first"),
        block_on("dob", "place"),
        block_on("name_core", "mother_phon_first"),
        block_on("name_phon", "place"),
        CustomRule(
            "l.dob_y = r.dob_y AND l.dob_m = r.dob_d AND l.dob_d = r.dob_m AND l.name_phon_first = r.name_phon_first",
            sql_dialect="duckdb",
        ),
        block_on("name_phon_first", "dob_y", "dob_m"),
        block_on("name_phon_last", "dob_y", "dob_m"),
        block_on("name_phon_first", "name_phon_last", "dob_y"),
    ]


def deterministic_rules() -> list[str]:
    """Rules that admit almost no false positives: used to estimate the prior on each run."""
    return ["l.nik = r.nik", "l.name_sorted = r.name_sorted AND l.dob = r.dob"]


def settings_creator(*, threshold_prior: float = 1e-6):
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=blocking_rules(),
        probability_two_random_records_match=threshold_prior,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=["person_id"],
        max_iterations=20,
        em_convergence=0.001,
    )


def _structure(settings: dict) -> list[tuple[str, list[str]]]:
    return [
        (c["output_column_name"], [lvl.get("label_for_charts", "") for lvl in c["comparison_levels"]])
        for c in settings["comparisons"]
    ]


def load_model(path: str | os.PathLike, dialect: str) -> dict:
    """The settings for ``dialect`` with the trained parameters of the model file copied in."""
    path = Path(path)
    try:
        trained = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelMismatch(
            _("%(path)s: berkas model tidak ada; latih dengan --train") % {"path": path}
        ) from exc
    return apply_model(trained, dialect, source=str(path))


def apply_model(trained: dict, dialect: str, *, source: str = "model") -> dict:
    settings = settings_creator().create_settings_dict(dialect)
    if _structure(trained) != _structure(settings):
        raise ModelMismatch(
            _(
                "%(path)s: model dilatih untuk perbandingan yang lain dari versi mesin ini; "
                "latih ulang dengan --train"
            )
            % {"path": source}
        )
    for mine, theirs in zip(settings["comparisons"], trained["comparisons"], strict=True):
        for lvl_mine, lvl_theirs in zip(mine["comparison_levels"], theirs["comparison_levels"], strict=True):
            for key in ("m_probability", "u_probability"):
                if key in lvl_theirs:
                    lvl_mine[key] = lvl_theirs[key]
    settings["probability_two_random_records_match"] = trained["probability_two_random_records_match"]
    return settings


def floor_m(model: dict) -> dict:
    """A level never seen among matches in training (a birth date that disagrees entirely, say) would
    get m ≈ 0, an almost infinite penalty; real data has such matches now and then. Likewise a level
    never seen among random pairs (the same NIK) gets a tiny u rather than none."""
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m = level.get("m_probability")
            if not isinstance(m, float | int) or m < M_FLOOR:
                level["m_probability"] = M_FLOOR
            u = level.get("u_probability")
            if not isinstance(u, float | int) or u < U_FLOOR:
                level["u_probability"] = U_FLOOR
    return model


# ── Engines ──────────────────────────────────────────────────────────────────────────────────────
def _db_api(engine: str):
    if engine == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        con = duckdb.connect(":memory:")
        threads = os.environ.get("BIMKEMAS_LINK_THREADS")
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        return DuckDBAPI(con), "duckdb"
    if engine == "spark":
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:
            raise EngineUnavailable(
                _(
                    "Mesin Spark memerlukan pyspark (dan Java): pasang pyspark di mesin ini atau pakai --engine duckdb."
                )
            ) from exc
        from splink.backends.spark import similarity_jar_location
        from splink.internals.spark.database_api import SparkAPI

        spark = (
            SparkSession.builder.appName("bimkemas-link")
            .config("spark.jars", similarity_jar_location())
            .getOrCreate()
        )
        return SparkAPI(spark_session=spark), "spark"
    raise EngineUnavailable(
        _("Mesin %(engine)r tidak dikenal; pilih salah satu: %(choices)s")
        % {"engine": engine, "choices": ", ".join(ENGINES)}
    )


def _register(db_api, dialect: str, df: pd.DataFrame, name: str):
    if dialect == "spark":
        spark = db_api.spark
        return db_api.register(spark.createDataFrame(df), dataset_display_name=name)
    return db_api.register(df, dataset_display_name=name)


@dataclass
class LinkResult:
    matches: pd.DataFrame  # left_id, right_id, probability (best per pair of person ids)
    timings: dict[str, float] = field(default_factory=dict)
    candidate_pairs: int = 0
    model: dict[str, Any] | None = None


PRIOR_CAP = 0.05


def estimate_prior(linker, *, sizes: tuple[int, int], recall: float = 0.6) -> None:
    """Probability that two random records match, from pairs the deterministic rules find.

    With no such pair at all (tiny files, no NIK), assume one match among all pairs rather than none.
    The prior is capped: on tiny files a few deterministic pairs would otherwise make every pair look
    likely (and a prior of 1 breaks the scoring SQL).
    """
    linker.training.estimate_probability_two_random_records_match(deterministic_rules(), recall=recall)
    settings = linker._settings_obj
    if not 0 < settings._probability_two_random_records_match < 1:
        settings._probability_two_random_records_match = 1 / max(2, sizes[0] * sizes[1])
    settings._probability_two_random_records_match = min(
        settings._probability_two_random_records_match, PRIOR_CAP
    )


def train(
    linker, tables: tuple[pd.DataFrame, pd.DataFrame], *, u_max_pairs: float = 5e6, seed: int = 42
) -> None:
    """Unsupervised training: prior from deterministic rules, u by random sampling, m by EM."""
    from splink.blocking_rule_library import CustomRule

    estimate_prior(linker, sizes=(len(tables[0]), len(tables[1])))
    linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
    # Each EM session blocks on some fields and learns the m probabilities of the others. Pairs that
    # share a NIK are almost all true matches, so they teach the m of every other field without the
    # bias of pairs that agree by chance (same ethnic group → same pool of places and names).
    # Without NIKs (other data sets), the classic sessions on birth date and on name.
    left_niks, right_niks = (t["nik"].dropna().value_counts() for t in tables)
    nik_pairs = int((left_niks * right_niks.reindex(left_niks.index, fill_value=0)).sum())
    # Only each person's main name row: an alias row ("Gendut") paired with the same person's
    # other record is a true match with a different name, and would teach that names may differ.
    main = "l.alias_rank = 0 AND r.alias_rank = 0"
    if nik_pairs >= 100:
        sessions = [f"l.nik = r.nik AND {main}", f"l.dob = r.dob AND l.name_first = r.name_first AND {main}"]
    else:
        sessions = [f"l.dob = r.dob AND {main}", f"l.name_core = r.name_core AND {main}"]
    for rule in sessions:
        linker.training.estimate_parameters_using_expectation_maximisation(
            CustomRule(rule, sql_dialect="duckdb"),
            estimate_without_term_frequencies=True,
            record_sample_proportion=1.0,
        )


def link_frames(
    left: pd.DataFrame,
    right: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    engine: str = "duckdb",
    retrain: bool = False,
    model_path: str | os.PathLike | None = None,
    save_model: str | os.PathLike | None = None,
) -> LinkResult:
    """Link two validated person tables (``read_person_file`` output)."""
    from splink import Linker

    timings: dict[str, float] = {}
    t = time.perf_counter()
    db_api, dialect = _db_api(engine)
    fl, fr = prepare(left), prepare(right)
    timings["normalise"] = time.perf_counter() - t
    t = time.perf_counter()
    tables = [_register(db_api, dialect, fl, LEFT_NAME), _register(db_api, dialect, fr, RIGHT_NAME)]
    if retrain:
        trainer = Linker(tables, settings_creator(), log_level=logging.WARNING)
        train(trainer, (fl, fr))
        model = floor_m(trainer.misc.save_model_to_json())
        if save_model:
            Path(save_model).write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
        settings = apply_model(model, dialect)
        timings["train"] = time.perf_counter() - t
        t = time.perf_counter()
    else:
        settings = load_model(model_path or DEFAULT_MODEL, dialect)
    linker = Linker(tables, settings, log_level=logging.WARNING)
    # The prior depends on the sizes of the files at hand: estimate it on every run, keep m and u.
    estimate_prior(linker, sizes=(len(fl), len(fr)))
    model = linker.misc.save_model_to_json()
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    timings["predict"] = time.perf_counter() - t
    t = time.perf_counter()
    matches = _collapse(predictions.as_pandas_dataframe())
    timings["collapse"] = time.perf_counter() - t
    return LinkResult(matches=matches, timings=timings, model=model)


def _collapse(pairs: pd.DataFrame) -> pd.DataFrame:
    """Alias rows → one row per (left person, right person) with the best probability."""
    if pairs.empty:
        return pd.DataFrame({"left_id": [], "right_id": [], "probability": []})
    left_first = pairs["source_dataset_l"] == LEFT_NAME
    out = pd.DataFrame(
        {
            "left_id": pairs["person_id_l"].where(left_first, pairs["person_id_r"]),
            "right_id": pairs["person_id_r"].where(left_first, pairs["person_id_l"]),
            "probability": pairs["match_probability"],
        }
    )
    out = out.groupby(["left_id", "right_id"], as_index=False, sort=False)["probability"].max()
    return out.sort_values(
        ["probability", "left_id", "right_id"], ascending=[False, True, True], ignore_index=True
    )


def link_files(
    left_path: str | os.PathLike,
    right_path: str | os.PathLike,
    out_path: str | os.PathLike,
    **options: Any,
) -> LinkResult:
    """Read, link and write ``left_id,right_id,probability``; nothing is written on bad input."""
    t = time.perf_counter()
    left = read_person_file(left_path)
    right = read_person_file(right_path)
    read_seconds = time.perf_counter() - t
    result = link_frames(left, right, **options)
    result.timings["read"] = read_seconds
    t = time.perf_counter()
    write_matches(result.matches, out_path)
    result.timings["write"] = time.perf_counter() - t
    return result


def write_matches(matches: pd.DataFrame, out_path: str | os.PathLike) -> None:
    """Write atomically: a reader never sees half a file."""
    out_path = Path(out_path)
    tmp = out_path.with_name(f".{out_path.name}.{os.getpid()}.tmp")
    frame = matches.assign(probability=matches["probability"].map(lambda p: f"{p:.6f}"))
    frame.to_csv(tmp, index=False, columns=["left_id", "right_id", "probability"], lineterminator="\n")
    os.replace(tmp, out_path)


# ── One pair, explained ──────────────────────────────────────────────────────────────────────────
@dataclass
class PairExplanation:
    probability: float
    match_weight: float
    levels: dict[str, str]  # comparison → label of the level the pair fell in ("" = a value missing)
    weights: dict[str, float]  # comparison → its match weight (bits; 0 when a value is missing)


def explain_pair(
    left: dict[str, str], right: dict[str, str], *, model_path: str | os.PathLike | None = None
) -> PairExplanation:
    """Score one pair of person records with the stored model and say which level each field fell in.

    For a review screen ("which fields agree?") and for tests of the comparison levels. Name and
    mother's-name frequencies are unknown for a single pair, so they are taken as average.
    """
    return explain_pairs([(left, right)], model_path=model_path)[0]


def explain_pairs(
    pairs: list[tuple[dict[str, str], dict[str, str]]], *, model_path: str | os.PathLike | None = None
) -> list[PairExplanation]:
    """``explain_pair`` for many pairs at once (one model load, one query)."""
    from splink import DuckDBAPI, Linker

    def features(records: list[dict[str, str]]) -> list[dict[str, Any]]:
        frame = pd.DataFrame([{c: str(r.get(c) or "").strip() for c in COLUMNS} for r in records])
        frame["id"] = [str(i) for i in range(len(records))]
        # one row per record: an "alias" in the name field would add rows, keep the first name
        prepared = prepare(frame).drop_duplicates("person_id").reset_index(drop=True)
        prepared["unique_id"] = range(len(prepared))
        rows = prepared.to_dict("records")
        return [{k: (None if v is pd.NA else v) for k, v in row.items()} for row in rows]

    settings = load_model(model_path or DEFAULT_MODEL, "duckdb")
    settings["retain_intermediate_calculation_columns"] = True
    exact_u = {}
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("tf_adjustment_column"):
                exact_u[level["tf_adjustment_column"]] = level["u_probability"]
    lefts, rights = features([p[0] for p in pairs]), features([p[1] for p in pairs])
    for record in lefts + rights:
        for column, u in exact_u.items():
            record[f"tf_{column}"] = u
    db_api = DuckDBAPI()
    tables = [
        db_api.register(pd.DataFrame(lefts), dataset_display_name=LEFT_NAME),
        db_api.register(pd.DataFrame(rights), dataset_display_name=RIGHT_NAME),
    ]
    linker = Linker(tables, settings, log_level=logging.WARNING, validate_settings=False)
    scored = linker.inference.score_pairs(lefts, rights).as_pandas_dataframe()
    scored = scored[scored["unique_id_l"] == scored["unique_id_r"]].set_index("unique_id_l")
    results = []
    for i in range(len(pairs)):
        row = scored.loc[i]
        levels: dict[str, str] = {}
        weights: dict[str, float] = {}
        for comparison in linker._settings_obj.comparisons:
            name = comparison.output_column_name
            gamma = int(row[f"gamma_{name}"])
            labels = {
                lvl.comparison_vector_value: lvl.label_for_charts for lvl in comparison.comparison_levels
            }
            levels[name] = "" if gamma == -1 else labels[gamma]
            tf_weight = row.get(f"mw_tf_{name}")
            extra = float(tf_weight) if tf_weight is not None and pd.notna(tf_weight) else 0.0
            weights[name] = float(row[f"mw_{name}"]) + extra
        results.append(
            PairExplanation(
                probability=float(row["match_probability"]),
                match_weight=float(row["match_weight"]),
                levels=levels,
                weights=weights,
            )
        )
    return results
