#!/usr/bin/python3
"""winnow_dask.py - `winnow stats`, or PICO with a saved model, over
data too big for one machine, scheduled by Dask: the same per-partition
work as `winnow stats --partial`, merged by `winnow stats --merge`; or
`winnow score`'s two passes with its reduce between them.

    winnow_dask.py [--workers N | --scheduler ADDR] [--partitions N]
                   [--winnow PATH] [--json] [--out SUMMARY] [--force]
                   [--timing] [--quiet] SOURCE [winnow stats options]
    winnow_dask.py --pico MODEL [--out FLAGS] [...] SOURCE
                   [winnow score options]
    winnow_dask.py --export JOURNAL --out-dir DIR [...] SOURCE
                   [winnow export options]

With --pico MODEL (a folder made by `winnow pico --save-model`) each
partition is scored twice: pass 1 (`winnow score --model MODEL`) sends
back the partition's class counts and confident joint, the driver sums
them (`winnow score --reduce`), and pass 2 (`--prior`) sends back the
partition's per-row flags, which the driver writes in data order to
--out (CSV, or JSON Lines for .jsonl; standard output without --out):
what `winnow score` writes for the whole file as one part.

With --export JOURNAL (the review journal of SOURCE, made on the whole
file or, for a folder, keyed by an id column) each partition's cleaned
copy is written into DIR by `winnow export` on the worker (DIR must be
seen by the workers at the same path): a folder's parts under their own
names, a file's byte ranges as part-00000.csv ... in data order, whose
concatenation is `winnow export` of the whole file, byte for byte.  A
journal that names rows by number takes one more parallel pass first,
counting each range's rows, so that each range knows its first row's.

SOURCE is one CSV file, cut into byte ranges, or a folder of CSV parts
(one task per part, in name order).  The report is printed exactly as
`winnow stats` prints it, by `winnow stats --merge` itself; errors are
winnow's own messages (a malformed record is named by the file's line
and column, whichever partition met it) with winnow's exit status.

Byte ranges take two passes over the data, both parallel (docs/cluster.md):

 1. scan: each range reports its facts (`winnow stats --scan A:B`): its
    line ends and, for each of the four states a CSV scanner may be in
    at its first byte, the first record boundary in it, the line ends
    before that boundary and the state at its end.  The driver chains
    the facts from the data's start (a boundary, state "start"): each
    range's real state is where the one before it ends, and prefix sums
    of line ends give each boundary's line.  Nothing is read twice and
    no task reads what lies before its range.
 2. summaries: each task summarises the records between two boundaries
    (`--range S:E --start-line L`), starting at S without looking back.

Folders of parts take one small task first: a summary of no rows of the
first part, made only for its plan (bin edges and categories from a
sample of that part), which every part's task then uses (`--plan`), so
that the parts' summaries merge.

The summaries travel back through Dask (they are small), so workers need
to see SOURCE at the same path but share nothing else.  --timing reports
each pass's wall time and, per worker, its tasks and the peak resident
memory of its winnow processes and of the worker process itself, from
their own rusage.

Exit status: winnow's; 64 for a usage error; 69 when Dask is missing or
the cluster cannot be reached or fails.
"""

import argparse
import contextlib
import errno
import math
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

EX_USAGE = 64
EX_CANTCREAT = 73
JOURNAL_MAGIC = b"winnow-journal"   # core/util/outfile.h
EX_UNAVAILABLE = 69
STATES = ("start", "unquoted", "quoted", "quote")
# options that are the driver's to give
RESERVED = ("--partial", "--range", "--start-line", "--plan", "--merge",
            "--scan", "--sample", "--stratify", "--json", "--force",
            "--model", "--prior", "--reduce", "--journal", "--part",
            "--count-rows", "--start-row", "--out")


def say(msg):
    print("winnow-dask: " + msg, file=sys.stderr, flush=True)


def run_winnow(argv, out_name=None, inputs=None, cwd=None, head=False):
    """On a worker: run winnow with argv in cwd (when the worker has that
    folder: relative paths then name what the driver's do), where the
    words "@OUT" and "@IN<k>" stand for a file in a private temporary
    folder (inputs[k] written there first).  Returns what it did: exit
    status, stdout, stderr, the bytes of @OUT, the wall time, and the
    peak memory of the worker process (its rusage) and of winnow (what
    `--timing` says: VmHWM, its own; a child's rusage would count the
    worker's pages it had before exec).  head: only the first line of
    @OUT comes back."""
    import distributed

    tmp = tempfile.mkdtemp(prefix="winnow-dask-")
    try:
        args = []
        for a in argv:
            if a == "@OUT":
                a = os.path.join(tmp, out_name or "out")
            elif a.startswith("@IN"):
                k = int(a[3:])
                a = os.path.join(tmp, "in%d" % k)
                with open(a, "wb") as f:
                    f.write(inputs[k])
            args.append(a)
        t0 = time.monotonic()
        with open(os.path.join(tmp, ".stdout"), "w+b") as so, \
                open(os.path.join(tmp, ".stderr"), "w+b") as se:
            rc = subprocess.call(args, stdout=so, stderr=se,
                                 stdin=subprocess.DEVNULL,
                                 cwd=cwd if cwd and os.path.isdir(cwd)
                                 else None)
            so.seek(0)
            se.seek(0)
            out, err = so.read(), se.read()
        data = None
        if out_name and rc == 0:
            with open(os.path.join(tmp, out_name), "rb") as f:
                data = f.readline() if head else f.read()
        try:
            worker = distributed.get_worker().address
        except ValueError:
            worker = "local"
        m = re.search(rb"^winnow: timing: .* peak RSS (\d+) MB\n?", err,
                      re.M)
        if m:
            err = err[:m.start()] + err[m.end():]
        return {
            "rc": rc,
            "stdout": out,
            "stderr": err,
            "data": data,
            "secs": time.monotonic() - t0,
            "winnow_mb": int(m.group(1)) if m else None,
            "worker": worker,
            "worker_pid": os.getpid(),
            "worker_maxrss_kb":
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class Failed(Exception):
    """A task's winnow failed: its result, for the message and status."""

    def __init__(self, res):
        Exception.__init__(self)
        self.res = res


class Job:
    def __init__(self, client, opts, extras):
        self.client = client
        self.opts = opts
        self.extras = extras
        self.results = []       # every task's result, for --timing
        self.times = []         # (pass, seconds)

    def run_pass(self, name, calls, head=False):
        """Run calls [(argv, out_name, inputs)] as tasks; their results
        in order, or Failed with the first failure in data order."""
        import distributed

        t0 = time.monotonic()
        cwd = os.getcwd()
        futs = [self.client.submit(run_winnow, argv, out, inp, cwd, head,
                                   pure=False, key="%s-%d-%s" % (
                                       name, i, os.urandom(4).hex()))
                for i, (argv, out, inp) in enumerate(calls)]
        if not self.opts.quiet and (sys.stderr.isatty() or
                                    self.opts.progress):
            say(name + ":")
            # Dask's bar writes to stdout, which is the report's
            with contextlib.redirect_stdout(sys.stderr):
                distributed.progress(futs)
        res = self.client.gather(futs)
        self.times.append((name, time.monotonic() - t0))
        self.results.extend(res)
        for r in res:
            if r["rc"] != 0:
                raise Failed(r)
        return res

    def winnow(self, *args):
        return [self.opts.winnow, "stats"] + list(args)

    def spans(self, path):
        """The record-aligned ranges [(start, end, line)] of one file,
        from the facts of its byte ranges (line 0: the whole file, which
        has no record boundary at all)."""
        size = os.path.getsize(path)
        n = self.opts.partitions or max(
            2 * self.nworkers(), math.ceil(size / (256 << 20)))
        n = max(1, min(n, size))
        cuts = [size * i // n for i in range(n + 1)]
        facts = self.run_pass("scan", [
            (self.winnow(path, "--scan", "%d:%d" % (a, b), *self.extras),
             None, None) for a, b in zip(cuts, cuts[1:])])
        spans = chain([parse_facts(r) for r in facts], size)
        if not spans:
            # no record boundary at all (say, a header and no rows):
            # one task says what is wrong, as winnow stats would
            spans = [(0, size, 0)]
        return spans

    def ranges(self, path):
        """Summaries of byte ranges of one file, in the file's order."""
        calls = []
        for s, e, line in self.spans(path):
            argv = self.winnow(path, "--partial", "@OUT", "--quiet",
                               *self.extras)
            if self.opts.timing:
                argv.append("--timing")
            if line:
                argv += ["--range", "%d:%d" % (s, e), "--start-line",
                         str(line)]
            calls.append((argv, "part", None))
        return [r["data"] for r in self.run_pass("summaries", calls)]

    def parts(self, folder):
        """Summaries of the CSV files of a folder, in name order."""
        files = self.files(folder)
        plan = self.run_pass("plan", [(self.winnow(
            files[0], "--partial", "@OUT", "--range", "0:1", "--quiet",
            *self.extras), "plan", None)])[0]["data"]
        timing = ["--timing"] if self.opts.timing else []
        return [r["data"] for r in self.run_pass("summaries", [
            (self.winnow(f, "--partial", "@OUT", "--plan", "@IN0",
                         "--quiet", *self.extras, *timing), "part", [plan])
            for f in files])]

    def score(self, *args):
        return [self.opts.winnow, "score"] + list(args)

    def pico(self, src, model):
        """The per-row flags of every partition, in data order (bytes),
        after the two passes of `winnow score` and the reduce."""
        if os.path.isdir(src):
            where = [(f, []) for f in self.files(src)]
        else:
            where = [(src, ["--range", "%d:%d" % (s, e), "--start-line",
                            str(line)] if line else [])
                     for s, e, line in self.spans(src)]
        timing = ["--timing"] if self.opts.timing else []
        # pass 1: only the evidence's first line (the sums) comes back
        ev = self.run_pass("evidence", [
            (self.score(f, "--model", model, "--out", "@OUT", "--quiet",
                        *rng, *self.extras, *timing), "evidence", None)
            for f, rng in where], head=True)
        t0 = time.monotonic()
        prior = reduce_evidence(self.opts, [r["data"] for r in ev])
        self.times.append(("reduce", time.monotonic() - t0))
        name = "flags.jsonl" if is_jsonl(self.opts.out) else "flags.csv"
        flags = self.run_pass("flags", [
            (self.score(f, "--model", model, "--prior", "@IN0", "--out",
                        "@OUT", "--quiet", *rng, *self.extras, *timing),
             name, [prior]) for f, rng in where])
        # a warning every partition gives (a model whose checkers failed
        # the skill gate flags nothing): said once, as winnow says it
        for r in flags:
            m = re.search(rb"^winnow: warning: .*$", r["stderr"], re.M)
            if m:
                sys.stderr.buffer.write(m.group(0) + b"\n")
                sys.stderr.flush()
                break
        return [r["data"] for r in flags]

    def export(self, src, journal, outdir):
        """The cleaned copy of every partition written into outdir by
        `winnow export`; what each said, in data order."""
        opt = ["--journal", journal, "--quiet"] + \
            (["--force"] if self.opts.force else []) + \
            (["--drop-excluded"] if self.opts.drop_excluded else [])

        def export(path):
            return [self.opts.winnow, "export", path] + opt

        if os.path.isdir(src):
            calls = [(export(f) + [
                "--part", "--out", os.path.join(outdir, os.path.basename(
                    f))] + self.extras, None, None)
                for f in self.files(src)]
            return self.run_pass("export", calls)
        spans = self.spans(src)
        rng = [["--range", "%d:%d" % (s, e), "--start-line", str(line)]
               if line else [] for s, e, line in spans]
        starts = [[] for _ in spans]
        if journal_keys_by_number(journal) and len(spans) > 1:
            counts = self.run_pass("count", [
                (export(src) + r + ["--count-rows"] +
                 self.extras, None, None) for r in rng])
            row = 1
            for i, c in enumerate(counts):
                starts[i] = ["--start-row", str(row)] if rng[i] else []
                row += int(c["stdout"].split()[0])
        return self.run_pass("export", [
            (export(src) + r + st + [
                "--out", os.path.join(outdir, "part-%05d.csv" % i)] +
             self.extras, None, None)
            for i, (r, st) in enumerate(zip(rng, starts))])

    def files(self, folder):
        names = sorted(n for n in os.listdir(folder)
                       if not n.startswith(".") and
                       os.path.isfile(os.path.join(folder, n)))
        if not names:
            say("%s: no files in the folder" % folder)
            sys.exit(EX_USAGE)
        return [os.path.join(folder, n) for n in names]

    def nworkers(self):
        return max(1, len(self.client.scheduler_info()["workers"]))


def journal_keys_by_number(path):
    """Whether the journal at path names rows by number (its header's id
    field is \\N) rather than by an id column's text."""
    with open(path, "rb") as f:
        head = f.readline().rstrip(b"\n").split(b"\t")
    return b"id=\\N" in head


def parse_facts(r):
    import json

    return json.loads(r["stdout"].decode())


def chain(facts, size):
    """The record-aligned ranges [(start, end, line)] from the facts of
    consecutive byte ranges: the state at each range's first byte is
    where the range before it ends (the data starts in state "start"),
    and the line of a boundary is 1 + the line ends before it."""
    state, lines, cuts = "start", 0, []
    for f in facts:
        e = f["in"][state]
        if e["boundary"] is not None:
            cuts.append((e["boundary"], 1 + lines + e["lines"]))
        state = e["exit"]
        lines += f["lines"]
    spans = []
    for i, (s, line) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else size
        if end > s:
            spans.append((s, end, line))
    return spans


def write_parts(tmp, prefix, blobs):
    """Each of blobs in a file of its own in the folder tmp, named prefix
    and its number (part000000, ...); their paths, in order."""
    names = []
    for i, data in enumerate(blobs):
        names.append(os.path.join(tmp, "%s%06d" % (prefix, i)))
        with open(names[-1], "wb") as f:
            f.write(data)
    return names


def merge(opts, extras, summaries):
    """winnow stats --merge in this process: its report, its status."""
    tmp = tempfile.mkdtemp(prefix="winnow-dask-")
    try:
        names = write_parts(tmp, "part", summaries)
        out = opts.out or os.path.join(tmp, "merged")
        argv = [opts.winnow, "stats", "--merge", out] + names + extras
        if opts.json:
            argv.append("--json")
        if opts.force:
            argv.append("--force")
        sys.stdout.flush()
        return subprocess.call(argv)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def kept_from(path, opts):
    """Why path may not be this run's output, or None: as winnow's own
    rule, never one of its inputs (the source, a file of a source
    folder, the model's files) and never a journal, whatever --force
    says."""
    if not os.path.exists(path):
        return None
    inputs = [opts.source]
    for d in (opts.source, opts.pico):
        if d and os.path.isdir(d):
            inputs += [os.path.join(d, n) for n in os.listdir(d)]
    for x in inputs:
        with contextlib.suppress(OSError):
            if os.path.samefile(path, x):
                return "is an input of this run"
    with contextlib.suppress(OSError), open(path, "rb") as f:
        if f.read(len(JOURNAL_MAGIC)) == JOURNAL_MAGIC:
            return "is a winnow journal"
    return None


def is_jsonl(path):
    return bool(path) and path.endswith((".jsonl", ".ndjson"))


class ReduceFailed(Exception):
    """winnow score --reduce failed: its exit status (it said why)."""

    def __init__(self, rc):
        Exception.__init__(self)
        self.rc = rc


def reduce_evidence(opts, heads):
    """winnow score --reduce in this process over the partitions'
    evidence (their first lines): the prior's bytes."""
    tmp = tempfile.mkdtemp(prefix="winnow-dask-")
    try:
        names = write_parts(tmp, "evidence", heads)
        out = os.path.join(tmp, "prior")
        rc = subprocess.call([opts.winnow, "score", "--reduce", out] +
                             names)
        if rc != 0:
            raise ReduceFailed(rc)
        with open(out, "rb") as f:
            return f.read()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_flags(opts, parts):
    """The partitions' flags as one file (--out, or standard output):
    one header, then every partition's rows in data order; the number
    of rows and of flagged rows."""
    jsonl = is_jsonl(opts.out)
    rows = flagged = 0
    chunks = []
    for i, data in enumerate(parts):
        if not jsonl:
            head, _, data = data.partition(b"\n")
            if i == 0:
                chunks.append(head + b"\n")
            flagged += sum(1 for ln in data.splitlines()
                           if ln.split(b",")[-5:-4] == [b"1"])
        else:
            flagged += data.count(b'"flagged":true')
        rows += data.count(b"\n")
        chunks.append(data)
    if not opts.out or opts.out == "-":
        sys.stdout.flush()
        for c in chunks:
            sys.stdout.buffer.write(c)
        sys.stdout.flush()
        return rows, flagged
    folder = os.path.dirname(os.path.abspath(opts.out))
    fd, tmp = tempfile.mkstemp(prefix=".winnow-dask-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            for c in chunks:
                f.write(c)
            f.flush()
            os.fsync(f.fileno())
        if opts.force:
            os.replace(tmp, opts.out)
        else:
            os.link(tmp, opts.out)      # never over an existing file
            os.unlink(tmp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return rows, flagged


def timing(job, t_merge):
    for name, secs in job.times:
        say("%-10s %8.2f s" % (name, secs))
    if t_merge is not None:
        say("%-10s %8.2f s" % ("merge", t_merge))
    workers = {}
    for r in job.results:
        w = workers.setdefault((r["worker"], r["worker_pid"]),
                               [0, 0.0, 0, 0])
        w[0] += 1
        w[1] += r["secs"]
        w[2] = max(w[2], r["winnow_mb"] or 0)
        w[3] = max(w[3], r["worker_maxrss_kb"])
    for (addr, pid), (n, secs, rss, wrss) in sorted(workers.items()):
        say("worker %s pid %d: %d tasks, %.2f s, peak RSS: winnow %d MB, "
            "the worker process %d MB" % (addr, pid, n, secs, rss,
                                           wrss // 1024))


def default_winnow():
    here = os.path.dirname(os.path.abspath(__file__))
    mine = os.path.join(os.path.dirname(here), "winnow")
    if os.access(mine, os.X_OK):
        return mine
    return shutil.which("winnow") or "winnow"


def main(argv):
    ap = argparse.ArgumentParser(
        prog="winnow_dask.py", allow_abbrev=False,
        description="winnow stats (or, with --pico MODEL, winnow score) "
        "over byte ranges of one CSV file or a folder of CSV parts, "
        "scheduled by Dask; any other option goes to winnow stats "
        "(--label COL, --memory SIZE, dataset options) or winnow score "
        "(--id COL, dataset options)")
    ap.add_argument("source", metavar="SOURCE",
                    help="a CSV file (cut into byte ranges) or a folder "
                    "of CSV parts")
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N",
                       help="a LocalCluster of N worker processes "
                       "(default: one per core)")
    where.add_argument("--scheduler", metavar="ADDR",
                       help="the scheduler of a running cluster, "
                       "tcp://HOST:PORT")
    ap.add_argument("--partitions", type=int, metavar="N", default=0,
                    help="byte ranges of a file (default: twice the "
                    "workers, at least one per 256 MiB)")
    ap.add_argument("--winnow", metavar="PATH", default=default_winnow(),
                    help="the winnow program (as the workers see it)")
    ap.add_argument("--json", action="store_true",
                    help="JSON output (docs/stats-json.md)")
    ap.add_argument("--out", metavar="SUMMARY",
                    help="keep the merged summary in SUMMARY (with "
                    "--pico: the flags, CSV or .jsonl)")
    ap.add_argument("--pico", metavar="MODEL",
                    help="PICO with the model `winnow pico --save-model "
                    "MODEL` saved: `winnow score` over the partitions "
                    "instead of winnow stats")
    ap.add_argument("--export", metavar="JOURNAL",
                    help="write each partition's cleaned copy, with "
                    "the decisions of JOURNAL, into --out-dir")
    ap.add_argument("--out-dir", metavar="DIR",
                    help="with --export: the folder of the cleaned "
                    "parts (made when missing)")
    for flag, text in (
            ("--drop-excluded", "with --export: leave out the rows decided "
             "as drop"),
            ("--force", "replace an existing --out file"),
            ("--timing", "each pass's time and each worker's peak memory, "
             "on stderr"),
            ("--progress", "Dask's progress bars also when stderr is not a "
             "terminal"),
            ("--quiet", "no progress bars")):
        ap.add_argument(flag, action="store_true", help=text)
    try:
        opts, extras = ap.parse_known_args(argv)
    except SystemExit as e:
        return EX_USAGE if e.code else 0
    for x in extras:
        if x.split("=")[0] in RESERVED:
            say("%s is the driver's to give (winnow_dask.py --help)" % x)
            return EX_USAGE
    if opts.export and (opts.pico or opts.json or opts.out or
                        not opts.out_dir):
        say("--export JOURNAL writes into --out-dir DIR (no --pico, "
            "--json or --out)")
        return EX_USAGE
    if (opts.out_dir or opts.drop_excluded) and not opts.export:
        say("--out-dir and --drop-excluded go with --export JOURNAL")
        return EX_USAGE
    if opts.export and not os.path.isfile(opts.export):
        say("%s: no such journal" % opts.export)
        return 66
    if opts.pico and opts.json:
        say("--json is for the stats job; --pico writes the flags")
        return EX_USAGE
    if opts.out and opts.out != "-":
        why = kept_from(opts.out, opts)
        if why:
            say("%s: %s; an output never replaces it" % (opts.out, why))
            return EX_CANTCREAT
    if opts.pico and opts.out and opts.out != "-" and \
            os.path.exists(opts.out) and not opts.force:
        say("%s exists; --force replaces it" % opts.out)
        return EX_CANTCREAT
    if opts.workers is not None and opts.workers < 1:
        say("--workers takes a number from 1")
        return EX_USAGE
    if opts.partitions < 0:
        say("--partitions takes a number from 1")
        return EX_USAGE
    # the path as given names the data in reports, as winnow stats does;
    # tasks run in this folder when their worker has it
    src = opts.source
    if not os.path.exists(src):
        say("%s: no such file or folder" % opts.source)
        return 66
    opts.winnow = os.path.abspath(opts.winnow) if os.sep in opts.winnow \
        else (shutil.which(opts.winnow) or opts.winnow)
    try:
        import logging

        import distributed
    except ImportError:
        say("Dask is not installed (Debian: apt-get install python3-dask "
            "python3-distributed)")
        return EX_UNAVAILABLE
    cluster = None
    try:
        if opts.scheduler:
            client = distributed.Client(opts.scheduler, timeout="20s")
        else:
            n = opts.workers or os.cpu_count() or 1
            cluster = distributed.LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True,
                dashboard_address=":0", silence_logs=logging.ERROR)
            client = distributed.Client(cluster)
            if not any(x.split("=")[0] == "--threads" for x in extras):
                extras += ["--threads",
                           str(max(1, (os.cpu_count() or 1) // n))]
    except (OSError, TimeoutError) as e:
        say("cannot reach the cluster: %s" % e)
        return EX_UNAVAILABLE
    job = Job(client, opts, extras)
    if opts.export:
        try:
            os.makedirs(opts.out_dir, exist_ok=True)
        except OSError as e:
            say("%s: %s" % (opts.out_dir, e.strerror or e))
            return 73
        opts.export = os.path.abspath(opts.export)
        opts.out_dir = os.path.abspath(opts.out_dir)
    try:
        try:
            if opts.export:
                done = job.export(src, opts.export, opts.out_dir)
            elif opts.pico:
                flags = job.pico(src, opts.pico)
            elif os.path.isdir(src):
                sums = job.parts(src)
            else:
                sums = job.ranges(src)
        except ReduceFailed as f:
            return f.rc
        except Failed as f:
            sys.stderr.buffer.write(f.res["stderr"])
            sys.stderr.flush()
            return f.res["rc"] if f.res["rc"] > 0 else 70
        except Exception as e:  # the cluster's own failures
            say("the cluster failed: %s: %s" % (type(e).__name__, e))
            return EX_UNAVAILABLE
        if opts.export:
            if not opts.quiet:
                say("%s: %d cleaned parts in %s" % (src, len(done),
                                                     opts.out_dir))
            if opts.timing:
                timing(job, None)
            return 0
        if opts.pico:
            try:
                rows, flagged = write_flags(opts, flags)
            except OSError as e:
                say("%s: %s" % (opts.out, e.strerror or e))
                return 73 if e.errno in (errno.EEXIST, errno.EACCES,
                                         errno.ENOENT) else 74
            if not opts.quiet:
                say("%s: %d rows, %d flagged" % (src, rows, flagged))
            if opts.timing:
                timing(job, None)
            return 0
        t0 = time.monotonic()
        rc = merge(opts, extras, sums)
        if opts.timing:
            timing(job, time.monotonic() - t0)
        return rc
    finally:
        client.close()
        if cluster:
            cluster.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
