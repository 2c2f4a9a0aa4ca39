#!/usr/bin/env python3
"""Scan real repositories with kafkalint; print counts, a seeded sample of
findings to judge by hand, and the precision of judged samples.

Run through scripts/real-world.sh, which finds or builds the binary and
documents the options. Standard library only.
"""

import argparse
import collections
import datetime
import json
import os
import random
import re
import subprocess
import sys
import time

VERDICTS = ("right", "wrong", "noise")
CONTEXT = 3
MAX_LINE = 160
# Folders kafkalint never descends into (src/scan.rs SKIP_DIRS); --find-slow skips them too.
SKIP_DIRS = {
    "node_modules", "bower_components", ".git", ".hg", ".svn", "target", ".gradle", ".idea",
    "vendor", "third_party", "__pycache__", ".venv", "venv", "site-packages", ".tox", ".mypy_cache",
}
IDENTITY = re.compile(r"\s+#\s*@\s+(\S+)\s+(\S+):(\d+)\s+(\S+)\s*$")


# ---- options ---------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(prog="real-world.sh", add_help=False)
    p.add_argument("--kafkalint", required=True)
    p.add_argument("dirs", nargs="*")
    p.add_argument("--include-tests", action="store_true")
    p.add_argument("--sample", type=int, default=None)
    p.add_argument("--seed", default=None)
    p.add_argument("--rule", action="append", default=[])
    p.add_argument("--per-rule", type=int, default=None)
    p.add_argument("--verdicts")
    p.add_argument("--out")
    p.add_argument("--timeout", type=float, default=300.0)
    p.add_argument("--slow", type=float, default=5.0)
    p.add_argument("--find-slow", action="store_true")
    p.add_argument("-j", "--threads", type=int)
    args = p.parse_args(argv)
    if not args.dirs:
        p.error("give at least one checked-out repository (DIR...)")
    args.rule = [r for v in args.rule for r in v.split(",") if r]
    return args


class Settings:
    """What decides the sample. A verdict file carries its own copy."""

    def __init__(self, seed="7", sample=40, per_rule=0, rules=(), include_tests=False):
        self.seed = seed
        self.sample = sample
        self.per_rule = per_rule
        self.rules = list(rules)
        self.include_tests = include_tests

    def header(self):
        return [
            f"seed {self.seed}",
            f"sample {self.sample}",
            f"per-rule {self.per_rule}",
            f"rule {','.join(self.rules) if self.rules else '*'}",
            f"include-tests {'yes' if self.include_tests else 'no'}",
        ]


def read_verdicts(path):
    """Returns (settings found in the file as a dict, list of entries).

    An entry is (number, verdict, note, identity or None, line number)."""
    found, entries = {}, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            word, _, rest = stripped.partition(" ")
            rest = rest.strip()
            if word in ("seed", "sample", "per-rule", "rule", "include-tests"):
                found[word] = rest
                continue
            if not word.isdigit():
                sys.exit(f"real-world: {path}:{lineno}: expected 'N right|wrong|noise [note]', got {stripped!r}")
            identity = None
            m = IDENTITY.search(rest)
            if m:
                identity = (m.group(1), m.group(2), int(m.group(3)), m.group(4))
                rest = rest[: m.start()]
            verdict, _, note = rest.strip().partition(" ")
            verdict = verdict.lower()
            if verdict in ("", "?"):
                continue
            if verdict not in VERDICTS:
                sys.exit(f"real-world: {path}:{lineno}: verdict must be right, wrong or noise, got {verdict!r}")
            entries.append((int(word), verdict, note.strip(), identity, lineno))
    return found, entries


def settings_from(args, found):
    s = Settings(
        seed=args.seed if args.seed is not None else "7",
        sample=args.sample if args.sample is not None else 40,
        per_rule=args.per_rule or 0,
        rules=args.rule,
        include_tests=args.include_tests,
    )
    if not found:
        return s
    if "seed" in found:
        s.seed = found["seed"]
    if "sample" in found:
        s.sample = int(found["sample"])
    if "per-rule" in found:
        s.per_rule = int(found["per-rule"])
    if "rule" in found:
        s.rules = [] if found["rule"] in ("", "*") else found["rule"].split(",")
    if "include-tests" in found:
        s.include_tests = found["include-tests"].lower() in ("yes", "true", "1")
    return s


# ---- scanning --------------------------------------------------------------

class Scan:
    def __init__(self, label, group, path):
        self.label, self.group, self.path = label, group, path
        self.status = "ok"
        self.wall = 0.0
        self.summary = {}
        self.findings = []
        self.warnings = []
        self.errors = []
        self.raw = None

    @property
    def flags(self):
        out = []
        if self.status != "ok":
            out.append(self.status.upper())
        if self.warnings:
            out.append(f"WARN {len(self.warnings)}")
        return out


def run_kafkalint(binary, target, include_tests, threads, timeout):
    """One scan. Returns (status, wall seconds, parsed JSON or None, stderr text)."""
    cmd = [binary, "scan", "--format", "json", "--fail-on", "never"]
    if include_tests:
        cmd.append("--include-tests")
    if threads:
        cmd += ["-j", str(threads)]
    cmd.append(target)
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        err = (e.stderr or b"").decode("utf-8", "replace")
        return "timeout", time.monotonic() - start, None, err
    wall = time.monotonic() - start
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode < 0:
        return f"crash (signal {-proc.returncode})", wall, None, err
    if proc.returncode not in (0, 1):
        return f"crash (exit {proc.returncode})", wall, None, err
    try:
        doc = json.loads(proc.stdout.decode("utf-8", "replace"))
    except ValueError as e:
        return f"crash (bad JSON: {e})", wall, None, err
    return "ok", wall, doc, err


def labels_for(dirs):
    """Repository name = folder; group = parent folder. Folders that share a
    name are told apart by their group."""
    out = []
    names = collections.Counter(os.path.basename(os.path.normpath(d)) for d in dirs)
    for d in dirs:
        norm = os.path.normpath(os.path.abspath(d))
        name, group = os.path.basename(norm), os.path.basename(os.path.dirname(norm))
        label = f"{group}/{name}" if names[name] > 1 else name
        out.append((label, group, norm))
    return out


def scan_all(args, settings):
    scans = []
    for label, group, path in labels_for(args.dirs):
        s = Scan(label, group, path)
        if not os.path.isdir(path):
            s.status = "missing"
            scans.append(s)
            print(f"real-world: {path}: not a directory", file=sys.stderr)
            continue
        print(f"real-world: scanning {label} …", file=sys.stderr, flush=True)
        status, s.wall, doc, err = run_kafkalint(
            args.kafkalint, path, settings.include_tests, args.threads, args.timeout)
        for line in err.splitlines():
            if line.startswith("kafkalint: warning:"):
                s.warnings.append(line[len("kafkalint: warning:"):].strip())
            elif line.strip():
                s.errors.append(line.strip())
        if status == "ok" and s.wall > args.slow:
            status = "slow"
        s.status = status
        if doc is not None:
            s.raw = doc
            s.summary = doc.get("summary", {})
            for f in doc.get("findings", []):
                f = dict(f)
                f["repo"] = label
                f["group"] = group
                f["root"] = path
                f["relpath"] = relpath(f.get("path", ""), path)
                s.findings.append(f)
        scans.append(s)
    return scans


def relpath(p, root):
    try:
        rel = os.path.relpath(p, root)
    except ValueError:
        return p
    return p if rel.startswith("..") else rel


# ---- tables ----------------------------------------------------------------

def table(rows, header, right=()):
    """Plain text table; columns named in `right` are right-aligned."""
    widths = [len(h) for h in header]
    for r in rows:
        for i, c in enumerate(r):
            widths[i] = max(widths[i], len(str(c)))
    out = []
    for r in [header] + [None] + rows:
        if r is None:
            out.append("  ".join("-" * w for w in widths).rstrip())
            continue
        cells = []
        for i, c in enumerate(r):
            c = str(c)
            cells.append(c.rjust(widths[i]) if header[i] in right else c.ljust(widths[i]))
        out.append("  ".join(cells).rstrip())
    return out


def count_report(scans):
    lines = ["== Findings per repository", ""]
    rows = []
    totals = collections.Counter()
    for s in scans:
        by_rule = collections.Counter(f["rule"] for f in s.findings)
        summary = s.summary
        rows.append([
            s.group, s.label,
            summary.get("files_scanned", "-"), summary.get("test_files_skipped", "-"),
            summary.get("files_skipped", "-"), len(s.findings), f"{s.wall:.2f}",
            " ".join(s.flags) or "ok",
            ", ".join(f"{r} {n}" for r, n in sorted(by_rule.items(), key=lambda x: (-x[1], x[0]))),
        ])
        for k in ("files_scanned", "test_files_skipped", "files_skipped"):
            totals[k] += summary.get(k, 0) or 0
        totals["findings"] += len(s.findings)
        totals["wall"] += s.wall
    rows.append(["", f"all ({len(scans)})", totals["files_scanned"], totals["test_files_skipped"],
                 totals["files_skipped"], totals["findings"], f"{totals['wall']:.2f}", "", ""])
    header = ["group", "repository", "files", "tests out", "skipped", "findings", "secs", "status", "by rule"]
    lines += table(rows, header, right={"files", "tests out", "skipped", "findings", "secs"})

    lines += ["", "== Findings per rule", ""]
    per_rule = collections.defaultdict(collections.Counter)
    severity = {}
    for s in scans:
        for f in s.findings:
            per_rule[f["rule"]][s.label] += 1
            severity[f["rule"]] = f.get("severity", "")
    rows = []
    for rule, repos in sorted(per_rule.items(), key=lambda x: (-sum(x[1].values()), x[0])):
        top = ", ".join(f"{r} {n}" for r, n in repos.most_common(4))
        rows.append([rule, severity[rule], sum(repos.values()), len(repos), top])
    lines += table(rows, ["rule", "severity", "findings", "repos", "most in"], right={"findings", "repos"})

    flagged = [s for s in scans if s.status != "ok" or s.warnings or s.errors]
    if flagged:
        lines += ["", "== Problems", ""]
        for s in flagged:
            if s.status != "ok":
                lines.append(f"{s.label}: {s.status.upper()} after {s.wall:.2f}s")
            for w in s.warnings[:20]:
                lines.append(f"{s.label}: warning: {w}")
            if len(s.warnings) > 20:
                lines.append(f"{s.label}: … {len(s.warnings) - 20} more warnings")
            for e in s.errors[:10]:
                lines.append(f"{s.label}: stderr: {e}")
    return lines


def counts_tsv(scans):
    rules = sorted({f["rule"] for s in scans for f in s.findings})
    out = ["\t".join(["group", "repository", "files_scanned", "test_files_skipped", "files_skipped",
                      "findings", "wall_s", "status"] + rules)]
    for s in scans:
        by_rule = collections.Counter(f["rule"] for f in s.findings)
        out.append("\t".join(str(x) for x in [
            s.group, s.label, s.summary.get("files_scanned", ""), s.summary.get("test_files_skipped", ""),
            s.summary.get("files_skipped", ""), len(s.findings), f"{s.wall:.3f}", " ".join(s.flags) or "ok",
        ] + [by_rule.get(r, 0) for r in rules]))
    return out


# ---- sample ----------------------------------------------------------------

def sort_key(f):
    return (f["repo"], f["relpath"], f.get("line", 0), f.get("column", 0), f["rule"], f.get("message", ""))


def identity(f):
    return (f"{f['repo']}", f["relpath"], int(f.get("line", 0)), f["rule"])


def draw_sample(scans, settings):
    pool = sorted((f for s in scans for f in s.findings), key=sort_key)
    if settings.rules:
        pool = [f for f in pool if f["rule"] in settings.rules]
    rng = random.Random(str(settings.seed))
    if settings.per_rule:
        by_rule = collections.defaultdict(list)
        for f in pool:
            by_rule[f["rule"]].append(f)
        chosen = []
        for rule in sorted(by_rule):
            items = by_rule[rule]
            picked = rng.sample(items, min(settings.per_rule, len(items)))
            chosen += sorted(picked, key=sort_key)
        return chosen, len(pool)
    picked = rng.sample(pool, min(settings.sample, len(pool)))
    return sorted(picked, key=sort_key), len(pool)


class Sources:
    def __init__(self):
        self.cache = {}

    def lines(self, path):
        if path not in self.cache:
            try:
                with open(path, "rb") as f:
                    self.cache[path] = f.read().decode("utf-8", "replace").splitlines()
            except OSError:
                self.cache[path] = None
        return self.cache[path]


def excerpt(sources, f):
    lines = sources.lines(f.get("path", ""))
    if lines is None:
        return ["      (file not readable)"]
    first = int(f.get("line") or 1)
    last = int(f.get("end_line") or first)
    if last - first > 6:
        last = first
    out = []
    for n in range(max(1, first - CONTEXT), min(len(lines), last + CONTEXT) + 1):
        text = lines[n - 1].replace("\t", "    ")
        if len(text) > MAX_LINE:
            text = text[:MAX_LINE] + " …"
        mark = ">" if first <= n <= last else " "
        out.append(f"    {mark}{n:>6} | {text}".rstrip())
    return out


def sample_report(sample, pool_size, settings, sources):
    what = (f"up to {settings.per_rule} per rule" if settings.per_rule else f"{len(sample)} of {pool_size}")
    rules = f", rules {','.join(settings.rules)}" if settings.rules else ""
    lines = ["", f"== Sample ({what}{rules}; seed {settings.seed})", ""]
    for n, f in enumerate(sample, 1):
        lines.append(f"[{n}] {f['repo']}  {f['relpath']}:{f.get('line')}  {f['rule']} ({f.get('severity')})")
        lines.append(f"    {f.get('message', '')}")
        lines += excerpt(sources, f)
        lines.append("")
    return lines


def verdict_form(sample, settings, version):
    out = [
        "# kafkalint real-world sample: one verdict per numbered finding (the code is in report.txt)",
        "# verdict: right (an expert would report it) | wrong (false for this code) |",
        "#          noise (true but not worth anyone's time); then an optional note.",
        "# Leave ? for not judged. Keep the '# @ …' part: it finds the finding again after a rescan.",
        f"# {version}",
        "",
    ] + settings.header() + [""]
    for n, f in enumerate(sample, 1):
        repo, path, line, rule = identity(f)
        out.append(f"{n} ?  # @ {repo} {path}:{line} {rule}")
    return out


# ---- precision -------------------------------------------------------------

def precision_report(entries, sample, scans, settings):
    by_identity = {identity(f): f for s in scans for f in s.findings}
    judged, gone, problems = [], [], []
    for number, verdict, note, ident, lineno in entries:
        if ident is not None:
            f = by_identity.get(ident)
            if f is None:
                gone.append((number, verdict, note, ident))
                continue
        elif 1 <= number <= len(sample):
            f = sample[number - 1]
        else:
            problems.append(f"line {lineno}: no finding numbered {number} in this sample")
            continue
        judged.append((number, verdict, note, f))

    lines = ["", f"== Hand-judged precision (seed {settings.seed}; {len(judged)} judged findings still reported)", ""]
    lines.append("precision = right / judged; wrong and noise are shares of judged")
    lines.append("")

    def block(title, key):
        groups = collections.defaultdict(collections.Counter)
        for _, verdict, _, f in judged:
            groups[key(f)][verdict] += 1
        rows = []
        total = collections.Counter()
        for name in sorted(groups, key=lambda k: (-sum(groups[k].values()), k)):
            c = groups[name]
            total.update(c)
            rows.append(precision_row(name, c))
        rows.append(precision_row("all", total))
        return table(rows, [title, "judged", "right", "wrong", "noise", "precision", "wrong%", "noise%"],
                     right={"judged", "right", "wrong", "noise", "precision", "wrong%", "noise%"})

    lines += block("rule", lambda f: f["rule"])
    lines.append("")
    lines += block("repository", lambda f: f["repo"])
    wrong = [(n, note, f) for n, v, note, f in judged if v == "wrong"]
    if wrong:
        lines += ["", "wrong findings:"]
        for n, note, f in wrong:
            lines.append(f"  [{n}] {f['repo']} {f['relpath']}:{f.get('line')} {f['rule']}" + (f": {note}" if note else ""))
    if gone:
        c = collections.Counter(v for _, v, _, _ in gone)
        lines += ["", f"no longer reported ({len(gone)}: " + ", ".join(f"{v} {c[v]}" for v in VERDICTS if c[v]) + "):"]
        for n, verdict, note, (repo, path, line, rule) in gone:
            lines.append(f"  [{n}] {verdict}: {repo} {path}:{line} {rule}" + (f" ({note})" if note else ""))
    for p in problems:
        lines.append(f"real-world: verdicts {p}")
    return lines


def precision_row(name, c):
    n = sum(c.values())

    def pct(x):
        return f"{100.0 * x / n:.0f}%" if n else "-"

    return [name, n, c["right"], c["wrong"], c["noise"], pct(c["right"]), pct(c["wrong"]), pct(c["noise"])]


# ---- finding the slow or crashing file --------------------------------------

def find_slow(args, settings, scan):
    """Scans the parts of a flagged repository one by one, following the part
    that is slowest or fails, down to a file."""
    lines = ["", f"== Drill-down: {scan.label} ({scan.status.upper()}, {scan.wall:.2f}s)"]
    path, budget = scan.path, scan.wall
    for _ in range(40):
        if not os.path.isdir(path):
            break
        try:
            names = sorted(os.listdir(path))
        except OSError as e:
            lines.append(f"  cannot list {path}: {e}")
            break
        results = []
        for name in names:
            if name.startswith(".") or name in SKIP_DIRS:
                continue
            child = os.path.join(path, name)
            if os.path.islink(child):
                continue
            timeout = min(args.timeout, max(10.0, budget * 1.5 + 5.0))
            status, wall, _, _ = run_kafkalint(args.kafkalint, child, settings.include_tests, args.threads, timeout)
            results.append((status != "ok", wall, child, status))
        if not results:
            break
        results.sort(key=lambda r: (not r[0], -r[1]))
        failed, wall, child, status = results[0]
        if not failed and wall < max(args.slow / 4, budget / 3):
            lines.append(f"  in {relpath(path, scan.path) or '.'}: no single part explains the "
                         f"{budget:.2f}s; the slowest parts:")
            for _, w, c, st in results[:4]:
                lines.append(f"      {relpath(c, scan.path)}: {st} in {w:.2f}s")
            break
        rel = relpath(child, scan.path)
        lines.append(f"  {rel}: {status} in {wall:.2f}s" + ("" if os.path.isdir(child) else "  <- this file"))
        for _, w, c, st in results[1:4]:
            lines.append(f"      next: {relpath(c, scan.path)}: {st} in {w:.2f}s")
        path, budget = child, wall
    return lines


# ---- main --------------------------------------------------------------------

def version_line(binary):
    try:
        v = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        v = "kafkalint (version unknown)"
    root = os.environ.get("REAL_WORLD_ROOT")
    commit = ""
    if root:
        try:
            commit = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"],
                                    capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            commit = ""
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"{v}{' (' + commit + ')' if commit else ''}, {stamp}"


def main(argv):
    args = parse_args(argv)
    found, entries = ({}, [])
    if args.verdicts:
        found, entries = read_verdicts(args.verdicts)
    settings = settings_from(args, found)
    if found:
        print(f"real-world: sample settings from {args.verdicts}: " + "; ".join(settings.header()), file=sys.stderr)

    version = version_line(args.kafkalint)
    scans = scan_all(args, settings)
    sources = Sources()
    report = [f"kafkalint real-world run: {version}",
              f"test code {'included' if settings.include_tests else 'left out'}; {len(scans)} repositories", ""]
    report += count_report(scans)
    sample, pool_size = draw_sample(scans, settings)
    report += sample_report(sample, pool_size, settings, sources)
    if args.verdicts:
        report += precision_report(entries, sample, scans, settings)
    if args.find_slow:
        for s in scans:
            if s.status not in ("ok", "missing"):
                report += find_slow(args, settings, s)

    text = "\n".join(report) + "\n"
    sys.stdout.write(text)
    if args.out:
        os.makedirs(os.path.join(args.out, "json"), exist_ok=True)
        with open(os.path.join(args.out, "report.txt"), "w", encoding="utf-8") as f:
            f.write(text)
        with open(os.path.join(args.out, "counts.tsv"), "w", encoding="utf-8") as f:
            f.write("\n".join(counts_tsv(scans)) + "\n")
        with open(os.path.join(args.out, "sample.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(verdict_form(sample, settings, version)) + "\n")
        for s in scans:
            if s.raw is not None:
                name = s.label.replace("/", "_") + ".json"
                with open(os.path.join(args.out, "json", name), "w", encoding="utf-8") as f:
                    json.dump(s.raw, f, indent=1)
        print(f"real-world: wrote {args.out}/report.txt, counts.tsv, sample.txt, json/", file=sys.stderr)
    failed = [s for s in scans if s.status.startswith(("crash", "timeout", "missing"))]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
