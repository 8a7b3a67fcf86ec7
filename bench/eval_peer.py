#!/usr/bin/python3
"""eval_peer.py - the peer of `make eval`: out-of-fold probabilities of a
5-fold scikit-learn logistic regression, written as winnow's probability
files (Mode A: `winnow pico --probs FILE`, docs/pico.md).

Confident learning on these probabilities (`winnow pico --method cl
--probs FILE`, which reproduces cleanlab 2.x) is the usual cleanlab set-up,
and PICO's Mode A on the same files compares the two methods on
identical evidence.

usage: eval_peer.py --out-dir DIR [--label COL] [--id COL] FILE.csv ...
  writes DIR/NAME.lr.csv for each FILE NAME.csv; prints "NAME SECONDS"
  (the time to build features and fit the five models) per file.

Features, built from the file alone (no label enters them):
  numeric columns (every present value a number): standardised, missing
    values set to the column mean, plus a missing indicator when any;
  other columns: free text (TF-IDF of words, sublinear) when the values
    average more than two words or are mostly distinct; else one-hot
    categories (missing is a category).
Rows without a label train nothing; each is scored by the model of the
fold it is dealt to, so every row of the file has probabilities.

Needs python3-sklearn (Debian); `make eval` skips the peer without it.
"""
import argparse
import csv
import os
import sys
import time
import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

# winnow's default missing markers (core/data/infer.c), matched ignoring
# case, and the empty field
NA = {"", "na", "n/a", "null", "nan", "none", "#n/a"}
FOLDS = 5
SEED = 1


def missing(v):
    return v.lower() in NA


def number(v):
    try:
        x = float(v)
    except ValueError:
        return None
    return x if np.isfinite(x) else None


def numeric_block(vals):
    present = [v for v in vals if not missing(v)]
    nums = [number(v) for v in present]
    if not present or any(x is None for x in nums):
        return None
    col = np.array([np.nan if missing(v) else float(v) for v in vals])
    miss = np.isnan(col)
    mean = np.nanmean(col)
    col[miss] = mean
    sd = col.std()
    col = (col - mean) / (sd if sd > 0 else 1.0)
    cols = [col]
    if miss.any():
        cols.append(miss.astype(float))
    return sp.csr_matrix(np.column_stack(cols))


def text_like(vals):
    present = [v for v in vals if not missing(v)]
    if not present:
        return False
    words = sum(len(v.split()) for v in present) / len(present)
    distinct = len(set(present)) / len(present)
    return words > 2 or (distinct > 0.5 and len(present) > 50)


def features(header, rows, skip):
    blocks = []
    for j, name in enumerate(header):
        if j in skip:
            continue
        vals = [r[j] if j < len(r) else "" for r in rows]
        block = numeric_block(vals)
        if block is None and text_like(vals):
            try:
                block = TfidfVectorizer(sublinear_tf=True).fit_transform(
                    ["" if missing(v) else v for v in vals])
            except ValueError:      # no words at all
                block = None
        if block is None:
            cats = {}
            idx = [cats.setdefault(v, len(cats)) for v in vals]
            block = sp.csr_matrix((np.ones(len(vals)),
                                   (np.arange(len(vals)), idx)),
                                  shape=(len(vals), len(cats)))
        blocks.append(block)
    if not blocks:
        return sp.csr_matrix((len(rows), 1))
    return sp.hstack(blocks, format="csr")


def oof_probs(X, y, k):
    """Out-of-fold probabilities, rows x k; y is -1 for unlabelled."""
    n = X.shape[0]
    P = np.zeros((n, k))
    lab = np.flatnonzero(y >= 0)
    unl = np.flatnonzero(y < 0)
    # a class smaller than the fold count only draws a warning
    split = StratifiedKFold(n_splits=FOLDS, shuffle=True,
                            random_state=SEED).split(lab, y[lab])
    for f, (tr, te) in enumerate(split):
        tr, te = lab[tr], lab[te]
        te = np.concatenate([te, unl[f::FOLDS]])
        classes = np.unique(y[tr])
        if len(classes) == 1:
            P[te, classes[0]] = 1.0
            continue
        m = LogisticRegression()
        m.fit(X[tr], y[tr])
        P[np.ix_(te, m.classes_)] = m.predict_proba(X[te])
    return P


def one(path, out_dir, label, idcol):
    t0 = time.monotonic()
    with open(path, newline="", encoding="utf-8", errors="surrogateescape") \
            as f:
        r = csv.reader(f)
        header = next(r)
        rows = [row for row in r if row]
    if label not in header:
        raise SystemExit("%s: no column '%s'" % (path, label))
    lc = header.index(label)
    ic = header.index(idcol) if idcol in header else None
    labels = [row[lc] if lc < len(row) else "" for row in rows]
    classes = []
    seen = {}
    for v in labels:
        if not missing(v) and v not in seen:
            seen[v] = len(classes)
            classes.append(v)
    y = np.array([-1 if missing(v) else seen[v] for v in labels])
    skip = {lc} | ({ic} if ic is not None else set())
    X = features(header, rows, skip)
    P = oof_probs(X, y, len(classes))
    secs = time.monotonic() - t0
    name = os.path.basename(path)
    if name.endswith(".csv"):
        name = name[:-4]
    out = os.path.join(out_dir, name + ".lr.csv")
    tmp = out + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8",
              errors="surrogateescape") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([idcol if ic is not None else "row"] + classes)
        for i, row in enumerate(rows):
            key = row[ic] if ic is not None else str(i + 1)
            w.writerow([key] + [repr(float(p)) for p in P[i]])
    os.replace(tmp, out)
    print("%s %.2f" % (name, secs), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--label", default="label")
    ap.add_argument("--id", default="id")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    warnings.simplefilter("ignore", ConvergenceWarning)
    warnings.simplefilter("ignore", UserWarning)
    for path in a.files:
        one(path, a.out_dir, a.label, a.id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
