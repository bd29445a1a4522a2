"""Opens a run's Parquet files the way analysts do, with pyarrow and pandas, and checks
them against summary.csv: plain string columns (pyarrow before 15 reads no string_view,
and pyarrow's filters refuse it), filters, sorts, group-bys and pivots, and the same rows.

    python3 tests/readers/parquet.py OUT/data-driven

.ci/run installs pyarrow and pandas from PyPI and runs it on a fresh run's folder.
"""

import sys

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq


def main(folder):
    summary = f"{folder}/summary.parquet"
    table = pq.read_table(summary)
    for name in ("scenario", "role", "region", "metric"):
        assert table.schema.field(name).type == pa.string(), table.schema
    assert table.schema.field("year").type == pa.int32(), table.schema
    wte = pd.read_parquet(summary, filters=[("metric", "==", "wte")])
    assert len(wte) > 0 and set(wte["metric"]) == {"wte"}
    assert pc.sum(pc.equal(table["metric"], "wte")).as_py() == len(wte)
    arrow_backed = pd.read_parquet(summary, dtype_backend="pyarrow")
    arrow_backed.sort_values(["metric", "year"]).groupby("metric").size()
    arrow_backed.pivot_table(index="year", columns="metric", values="mean", aggfunc="first")
    csv = pd.read_csv(f"{folder}/summary.csv")
    frame = pd.read_parquet(summary)
    assert len(csv) == len(frame)
    assert (csv["metric"] == frame["metric"]).all()
    assert (csv["mean"].fillna(0) - frame["mean"].fillna(0)).abs().max() < 1e-9
    # the level column keeps a pivot from double counting: the detail rows add up to England
    assert set(frame["level"]) == {"national", "region", "role", "role_region"}, set(frame["level"])
    assert set(frame["unit"]) == {"people", "WTE", "rate", "GBP"}, set(frame["unit"])
    wte = frame[(frame["metric"] == "wte") & (frame["year"] == frame["year"].max())]
    detail = wte[wte["level"] == "role_region"]["mean"].sum()
    england = wte[wte["level"] == "national"]["mean"].iloc[0]
    assert abs(detail - england) < 1e-6 * england + 0.01 * len(wte), (detail, england)
    print(f"{summary}: {len(frame)} rows read by pyarrow {pa.__version__} and pandas {pd.__version__}")


if __name__ == "__main__":
    main(sys.argv[1])
