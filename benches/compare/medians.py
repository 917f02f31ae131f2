"""Median wall-clock seconds of each program and size, and their ratio.

    python3 medians.py benches/data/hyperfine.json   # hyperfine --export-json
    python3 medians.py benches/data/times.tsv        # "b2b 100000<TAB>0.131" lines

Command names are "b2b N" and "pandas N", as run.sh names them.
"""

import json
import statistics
import sys


def main() -> None:
    path = sys.argv[1]
    if path.endswith(".json"):
        with open(path) as f:
            results = json.load(f)["results"]
        median = {tuple(r["command"].split()): r["median"] for r in results}
    else:
        times: dict[tuple[str, ...], list[float]] = {}
        with open(path) as f:
            for line in f:
                name, seconds = line.rstrip("\n").split("\t")
                times.setdefault(tuple(name.split()), []).append(float(seconds))
        median = {name: statistics.median(values) for name, values in times.items()}
    print(f"{'bids':>9}  {'b2b':>8}  {'pandas':>8}  {'pandas / b2b':>12}")
    for n in sorted({n for _, n in median}, key=int):
        ours, theirs = median[("b2b", n)], median[("pandas", n)]
        print(f"{int(n):>9}  {ours:>8.3f}  {theirs:>8.3f}  {theirs / ours:>11.2f}x")


if __name__ == "__main__":
    main()
