#!/usr/bin/python3
"""stats_cmp.py - is the report of a sharded run (cluster/winnow_dask.py
--json) the report of one process (winnow stats --json)?

    stats_cmp.py ONE.json SHARDED.json

Exact measures must be equal: rows, missing cells, types, counts, min,
max, zeros, lengths, histogram counts, class counts, and the distinct
counts, quantiles and top values of columns summarised exactly; means,
standard deviations and association values within 1e-9 (moments merge
as Chan et al.: equal up to rounding).  Sketched measures (marked under
"approx") are compared and described: the distinct count (HyperLogLog
registers merge by maximum, so it should be equal), the quantiles (KLL:
the difference as a share of the column's range) and the top values
(SpaceSaving: how many of the lists are the same), and the histograms
and associations marked as estimates.  Prints one line per
kind of measure; exits 1 when an exact measure differs.
"""

import json
import sys


def close(a, b):
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1e-300)


def main(one_path, two_path):
    with open(one_path) as f:
        one = json.load(f)
    with open(two_path) as f:
        two = json.load(f)
    diffs = []
    exact = 0
    sk = {"distinct": [0, 0], "top": [0, 0], "quantiles": [0, 0.0],
          "histogram": [0, 0], "association": [0, 0.0]}

    def same(what, a, b, rounded=False):
        nonlocal exact
        exact += 1
        if (close(a, b) if rounded else a == b):
            return
        diffs.append("%s: %r, sharded %r" % (what, a, b))

    same("rows", one["rows"], two["rows"])
    same("classes", one.get("classes"), two.get("classes"))
    for a, b in zip(one["stats"], two["stats"]):
        name = a["name"]
        approx = (a.get("approx") or {})
        for k in ("type", "rows", "missing", "count", "length"):
            same("%s.%s" % (name, k), a.get(k), b.get(k))
        na, nb = a.get("numeric") or {}, b.get("numeric") or {}
        for k in ("count", "min", "max", "zeros"):
            same("%s.%s" % (name, k), na.get(k), nb.get(k))
        for k in ("mean", "sd"):
            same("%s.%s" % (name, k), na.get(k), nb.get(k), True)
        ha, hb = a.get("histogram") or {}, b.get("histogram") or {}
        ca = [x.get("count") for x in ha.get("bins", [])]
        cb = [x.get("count") for x in hb.get("bins", [])]
        if "histogram" in approx:
            sk["histogram"][0] += 1
            sk["histogram"][1] += ca == cb
        else:
            same("%s.histogram" % name, ca, cb)
        aa, ab = a.get("association") or {}, b.get("association") or {}
        if "association" in approx:
            sk["association"][0] += 1
            sk["association"][1] = max(sk["association"][1], abs(
                (aa.get("value") or 0) - (ab.get("value") or 0)))
        else:
            same("%s.association" % name, aa.get("value"),
                 ab.get("value"), True)
        if "distinct" in approx:
            sk["distinct"][0] += 1
            sk["distinct"][1] += a.get("distinct") == b.get("distinct")
        else:
            same("%s.distinct" % name, a.get("distinct"), b.get("distinct"))
        if "top" in approx:
            sk["top"][0] += 1
            sk["top"][1] += a.get("top") == b.get("top")
        else:
            same("%s.top" % name, a.get("top"), b.get("top"))
        qa, qb = na.get("quantiles") or {}, nb.get("quantiles") or {}
        if "quantiles" in approx:
            span = (na.get("max") or 0) - (na.get("min") or 0) or 1
            sk["quantiles"][0] += 1
            for k in qa:
                d = abs(qa[k] - qb.get(k, qa[k])) / span
                sk["quantiles"][1] = max(sk["quantiles"][1], d)
        else:
            same("%s.quantiles" % name, qa, qb)
    print("exact measures: %d compared, %s" % (
        exact, "all equal" if not diffs else "%d differ" % len(diffs)))
    for d in diffs[:20]:
        print("  " + d)
    n, eq = sk["distinct"]
    if n:
        print("sketched distinct counts: %d of %d equal" % (eq, n))
    n, eq = sk["top"]
    if n:
        print("sketched top values: %d of %d lists equal" % (eq, n))
    n, eq = sk["histogram"]
    if n:
        print("histograms marked as estimates: %d of %d equal" % (eq, n))
    n, d = sk["association"]
    if n:
        print("associations marked as estimates (%d): largest difference "
              "%.2g" % (n, d))
    n, d = sk["quantiles"]
    if n:
        print("sketched quantiles (%d columns): largest difference %.2g of "
              "the column's range" % (n, d))
    return 1 if diffs else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: stats_cmp.py ONE.json SHARDED.json", file=sys.stderr)
        sys.exit(64)
    sys.exit(main(sys.argv[1], sys.argv[2]))
