"""Best-price-quality ("MEAT") scoring in pandas + numpy, for comparison.

The same evaluation as `b2b tender evaluate` on a best-price-quality tender,
written the way a data analyst would: float64 columns and vectorised
arithmetic.

    python pandas_meat.py DIR OUT.json

reads DIR/tender.toml and DIR/bids.csv (as written by `b2b tender generate`),
drops the bids that fail a requirement (listed under "excluded" with the ids
of the failed requirements), normalises every criterion

    price / quantity, proportional:  lower better  min / value
                                     higher better value / max
    price / quantity, linear:        lower better  (worst - value) / (worst - best)
                                     higher better (value - worst) / (best - worst)
                                     1 for everyone when all values are equal
    points:                          grade / scale

scores each bid 100 * sum(w * n) / sum(w), ranks by score, highest first
(equal scores share the lowest rank, method="min"), writes a JSON report of the
same shape as ours and prints the winner (or "none" on a tie at the top).

Differences from `b2b`, on purpose: arithmetic is float64, not exact; numbers
in the report are JSON numbers rounded to 4 decimals, not decimal strings;
there are no flags (abnormally-low, tied) and no warnings.
"""

import json
import sys
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd


def normalise(values: np.ndarray, criterion: dict) -> np.ndarray:
    """The normalised value in [0, 1] of each bid on one criterion."""
    kind = criterion["kind"]
    if kind == "points":
        return values / float(criterion["scale"])
    if kind == "price":
        lower = True
        formula = criterion.get("formula", "proportional")
    elif kind == "quantity":
        lower = criterion["better"] == "lower"
        formula = criterion.get("formula", "linear")
    else:
        raise SystemExit(f"criterion {criterion['id']!r}: kind {kind!r} is not supported")
    low, high = values.min(), values.max()
    if formula == "proportional":
        if lower:
            return low / values
        return values / high if high > 0 else np.ones_like(values)
    if high == low:
        return np.ones_like(values)
    if lower:
        return (high - values) / (high - low)
    return (values - low) / (high - low)


def records(frame: pd.DataFrame) -> list[str]:
    """Each row of `frame` as the inside of a JSON object, without the braces.

    Splitting pandas' one JSON array at "},{" is safe here: the records are
    flat and no bid id or supplier name in the generated files contains "},{".
    """
    if frame.empty:
        return []
    return frame.to_json(orient="records", double_precision=4)[2:-2].split("},{")


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit("usage: pandas_meat.py DIR OUT.json")
    directory, out_path = Path(sys.argv[1]), sys.argv[2]
    with open(directory / "tender.toml", "rb") as f:
        tender = tomllib.load(f)
    if tender["award"] != "best-price-quality":
        raise SystemExit(f"award {tender['award']!r}: only best-price-quality is supported")
    requirements = [r["id"] for r in tender.get("requirements", [])]
    criteria = tender["criteria"]
    ids = [c["id"] for c in criteria]

    dtypes = {"bid": str, "supplier": str}
    dtypes.update({r: bool for r in requirements})
    dtypes.update({c: np.float64 for c in ids})
    bids = pd.read_csv(
        directory / "bids.csv",
        usecols=list(dtypes),
        dtype=dtypes,
        true_values=["yes", "true", "1"],
        false_values=["no", "false", "0"],
    )

    # Requirements: a bid failing any one is excluded, with the ids it failed.
    met = bids[requirements].to_numpy()
    compliant = met.all(axis=1)
    failing = np.flatnonzero(~compliant)
    excluded = [
        {
            "bid": bid,
            "supplier": supplier,
            "reasons": [r for r, ok in zip(requirements, row) if not ok],
        }
        for bid, supplier, row in zip(
            bids["bid"].to_numpy()[failing].tolist(),
            bids["supplier"].to_numpy()[failing].tolist(),
            met[failing].tolist(),
        )
    ]
    ranked = bids.loc[compliant, ["bid", "supplier"] + ids].reset_index(drop=True)

    # Points per criterion: 100 * w * n / sum(w); the score is their sum.
    weights = np.array([float(c["weight"]) for c in criteria])
    breakdown = pd.DataFrame(
        {
            c["id"]: 100.0 * w / weights.sum() * normalise(ranked[c["id"]].to_numpy(), c)
            for c, w in zip(criteria, weights)
        }
    )
    ranked["value"] = breakdown.sum(axis=1)
    ranked["rank"] = ranked["value"].rank(method="min", ascending=False).astype(np.int64)
    # argsort of the negated scores keeps file order among equal scores.
    order = (-ranked["value"].to_numpy()).argsort(kind="stable")
    ranked = ranked.iloc[order].reset_index(drop=True)
    breakdown = breakdown.iloc[order].reset_index(drop=True)

    top = ranked["rank"].to_numpy()
    winner = None
    if len(top) == 1 or (len(top) > 1 and top[1] != 1):
        winner = ranked["bid"].iat[0]

    # The report: rows from pandas' C JSON writer, spliced together.
    heads = records(ranked[["rank", "bid", "supplier", "value"]])
    parts = records(breakdown)
    rows = ",".join(
        f'{{{head},"breakdown":{{{part}}},"flags":[]}}' for head, part in zip(heads, parts)
    )
    header = {
        "tender": tender["id"],
        "award": tender["award"],
        "currency": tender["currency"],
        "winner": winner,
    }
    with open(out_path, "w", encoding="utf-8") as out:
        out.write(json.dumps(header)[:-1])
        out.write(',"ranking":[')
        out.write(rows)
        out.write('],"excluded":')
        out.write(json.dumps(excluded))
        out.write(',"warnings":[]}')
    print(winner if winner is not None else "none")


if __name__ == "__main__":
    main()
