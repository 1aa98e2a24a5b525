#!/usr/bin/env python3
"""bench/report.py RESULTS_DIR OUT_MD SUMMARY_DAT: write docs/performance.md (and the chart's data file)
from what bench/run.sh left in RESULTS_DIR: hyperfine's TOOL-N.json files, meta.env (KEY=value lines) and
aot-warnings.txt, bdn.md (BenchmarkDotNet's table), plus the hand-written bench/analysis.md (profile and plan of
the shortfalls) and bench/native-aot.md (the explained AOT warnings). Standard library only."""
import glob
import json
import os
import re
import sys

TOOLS = ["mysqlrender", "seed", "kustomize"]
LABEL = {
    "mysqlrender": "mysqlrender",
    "seed": "seed baseline (Jinja2 + PyYAML)",
    "kustomize": "`kubectl kustomize` (same objects as static YAML)",
}
MB = 1_000_000


def load(results):
    meta = {}
    with open(os.path.join(results, "meta.env")) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            meta[key] = value
    cells = {}
    for path in glob.glob(os.path.join(results, "*.json")):
        m = re.fullmatch(r"(\w+)-(\d+)\.json", os.path.basename(path))
        if m:
            with open(path) as f:
                cells[(m.group(1), int(m.group(2)))] = json.load(f)["results"][0]
    warnings_file = os.path.join(results, "aot-warnings.txt")
    warnings = open(warnings_file).read().splitlines() if os.path.exists(warnings_file) else None
    bdn_file = os.path.join(results, "bdn.md")
    bdn = open(bdn_file).read() if os.path.exists(bdn_file) else None
    return meta, cells, warnings, bdn


def include(name):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    return open(path).read().rstrip("\n") if os.path.exists(path) else None


def secs(t):
    if t is None:
        return "–"
    return f"{t * 1000:.1f} ms" if t < 1 else f"{t:.2f} s"


def times(x):
    return f"{x:.1f}×" if x is not None else "–"


def main(results, out_md, out_dat):
    meta, cells, warnings, bdn = load(results)
    sizes = [int(n) for n in meta.get("SIZES", "").split()]

    def median(tool, n):
        cell = cells.get((tool, n))
        return cell["median"] if cell else None

    def ratio(a, b):  # how many times a takes b's time
        return a / b if a is not None and b else None

    standin = "given by MYSQLRENDER" in meta.get("MR_ORIGIN", "")
    lines = []
    w = lines.append
    w("# Performance")
    w("")
    w(f"Written by `bench/run.sh` on {meta.get('DATE', '?')}; do not edit by hand: run the script again.")
    w("Wall time medians of cold processes (hyperfine), all tools measured one after the other in the same run,")
    w("so the ratios are the numbers to trust on a noisy machine.")
    w("")
    w("## Binary measured")
    w("")
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = meta.get("MR_PATH", "?")
    if path.startswith(repo + os.sep):
        path = os.path.relpath(path, repo)
    w(f"- path: `{path}` ({int(meta.get('MR_SIZE', 0)):,} bytes, sha256 {meta.get('MR_SHA256', '?')}…)")
    w(f"- `--version`: `{meta.get('MR_VERSION', '?').strip()}`")
    w(f"- origin: {meta.get('MR_ORIGIN', '?')}" + (f", .NET SDK {meta['DOTNET_VERSION']}" if "DOTNET_VERSION" in meta else ""))
    w(f"- source: `{meta.get('GIT', '?')}`")
    if standin:
        w("")
        w("> This binary was not built by this run: check its `--version` above before quoting these numbers.")
    w("")

    w("## Median wall time")
    w("")
    w("| instances | " + " | ".join(LABEL[t] for t in TOOLS) + " | seed ÷ mysqlrender | kustomize ÷ mysqlrender |")
    w("|---:|" + "---:|" * len(TOOLS) + "---:|---:|")
    for n in sizes:
        row = [f"{n:,}"]
        for t in TOOLS:
            cell = cells.get((t, n))
            row.append(f"{secs(cell['median'])} ({len(cell['times'])})" if cell else "–")
        mr = median("mysqlrender", n)
        row.append(times(ratio(median("seed", n), mr)))
        row.append(times(ratio(median("kustomize", n), mr)))
        w("| " + " | ".join(row) + " |")
    w("")
    w("In parentheses: the number of timed runs. A ratio above 1× means mysqlrender is that many times faster.")
    w("kubectl kustomize is measured up to 100 instances only (it grows quadratically: 1,000 instances take minutes).")
    w("The seed baseline is measured up to 1,000 instances: it is linear (about 20 ms per instance), so 10,000 would")
    w("take about 4 minutes of the run for no new information.")
    w("")

    if "SEED_BYTES" in meta:
        lines_, bytes_, script = int(meta["SEED_LINES"]), int(meta["SEED_BYTES"]), int(meta["SEED_SCRIPT_BYTES"])
        w("## Output per instance")
        w("")
        w("`mysqlrender render examples/seed` (the original operator's sample resource, every default on: backups,")
        w("restore, drills, the PreDelete backup):")
        w("")
        w("| objects | lines | bytes | of which scripts | share |")
        w("|---:|---:|---:|---:|---:|")
        w(f"| {meta.get('SEED_OBJECTS', '?')} | {lines_:,} | {bytes_:,} | {script:,} | {100 * script / bytes_:.0f}% |")
        w("")
        w("Each script is in the output once per instance (`lib.sh` in the server's scripts ConfigMap, which Job pods")
        w("project beside their own), and only when something of the instance runs it. The inputs below print the same")
        w("per instance, so N instances print about N times these bytes.")
        w("")

    w("## Targets (issues 6 and 12)")
    w("")
    w("| target | measured | |")
    w("|---|---|---|")

    def target(text, measured, ok):
        verdict = "not measured" if ok is None else ("**met**" if ok else "**not met**")
        w(f"| {text} | {measured} | {verdict} |")

    mr1, k1, s1 = median("mysqlrender", 1), median("kustomize", 1), median("seed", 1)
    r = ratio(k1, mr1)
    target("1 instance: at most 1/3 of `kubectl kustomize`", f"{secs(mr1)} vs {secs(k1)}: kustomize ÷ mysqlrender = {times(r)} (3× needed)" if r else "–", r >= 3 if r else None)
    r = ratio(s1, mr1)
    target("1 instance: at most 1/10 of the seed baseline", f"{secs(mr1)} vs {secs(s1)}: seed ÷ mysqlrender = {times(r)} (10× needed)" if r else "–", r >= 10 if r else None)
    mr1k, s1k = median("mysqlrender", 1000), median("seed", 1000)
    target("1,000 instances: under 0.5 s", secs(mr1k), mr1k < 0.5 if mr1k is not None else None)
    r = ratio(s1k, mr1k)
    target("1,000 instances: at least 40× faster than the seed baseline", f"{secs(mr1k)} vs {secs(s1k)}: seed ÷ mysqlrender = {times(r)}" if r else "–", r >= 40 if r else None)
    mr10k = median("mysqlrender", 10000)
    r = ratio(mr10k, mr1k)
    target("10,000 instances: at most 12× the 1,000 time", f"{secs(mr10k)}: {times(r)} the 1,000 time" if r else "–", r <= 12 if r else None)
    rss = int(meta["RSS_KB_10000"]) * 1024 if "RSS_KB_10000" in meta else None
    target("10,000 instances: peak RSS under 150 MB", f"{rss / MB:.1f} MB" if rss else "–", rss < 150 * MB if rss else None)
    if "SEED_BYTES" in meta:
        b = int(meta["SEED_BYTES"])
        target("(issue 12) the seed renders to at most 40 KB, scripts once", f"{b / 1000:.1f} KB ({100 * int(meta['SEED_SCRIPT_BYTES']) / b:.0f}% scripts)", b <= 40_000)
    if warnings is None:
        target("Native AOT publish with no trimming/AOT warnings", "binary not built by this run", None)
    else:
        target("Native AOT publish with no trimming/AOT warnings", f"{len(warnings)} distinct warnings", len(warnings) == 0)
    if bdn:
        w("| in-process render of one instance (BenchmarkDotNet): mean and allocations | see [below](#in-process-benchmarkdotnet) | measured |")
    else:
        w("| in-process render of one instance (BenchmarkDotNet): mean and allocations | skipped in this run (BENCH_BDN=0) | – |")
    w("")
    if warnings:
        w("AOT/trimming warnings of the publish:")
        w("")
        w("```")
        lines.extend(warnings)
        w("```")
        w("")

    rss_rows = [(int(k[7:]), int(v)) for k, v in meta.items() if k.startswith("RSS_KB_")]
    if rss_rows:
        w("## Peak memory of mysqlrender")
        w("")
        w("| instances | peak RSS | runs |")
        w("|---:|---:|---:|")
        for n, kb in sorted(rss_rows):
            w(f"| {n:,} | {kb * 1024 / MB:.1f} MB | {meta.get(f'RSS_RUNS_{n}', '?')} |")
        w("")
        w("`/usr/bin/time -v`: the highest \"Maximum resident set size\" of the runs (MB = 10^6 bytes).")
        w("")

    analysis = include("analysis.md")
    if analysis:
        w("## Profile and plan")
        w("")
        w(analysis)
        w("")

    if bdn:
        w("## In-process (BenchmarkDotNet)")
        w("")
        w("`bench/MySqlRender.Benchmarks`, short job (3 warm-ups, 3 iterations): one instance (examples/seed) through")
        w("the pipeline in a warm JIT process. The baseline uses the embedded templates parsed once and cached, as every")
        w("run of the binary does; the cold row parses every template again (an empty `--templates` folder).")
        w("")
        w(bdn.strip())
        w("")

    native = include("native-aot.md")
    if native:
        w("## Native AOT")
        w("")
        w(native)
        w("")

    w("## Scaling")
    w("")
    w("![median wall time against instance count, log-log](performance.png)")
    w("")

    w("## All measurements")
    w("")
    w("| tool | instances | warm-up | runs | median | mean ± σ | min | max | user | system |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        for t in TOOLS:
            c = cells.get((t, n))
            if not c:
                continue
            sd = f" ± {secs(c['stddev'])}" if c.get("stddev") else ""
            warm = meta.get(f"WARMUP_{t}_{n}", "?")
            w(f"| {t} | {n:,} | {warm} | {len(c['times'])} | {secs(c['median'])} | {secs(c['mean'])}{sd} | {secs(c['min'])} | {secs(c['max'])} | {secs(c['user'])} | {secs(c['system'])} |")
    w("")

    w("## Method")
    w("")
    w("- Inputs: `bench/peers/gen_crs.py N DIR --per-file 10` (seed-style MySQL resources, 10 per file).")
    w("- mysqlrender: `mysqlrender render DIR` (the Native AOT binary). Seed baseline: `python3")
    w("  bench/peers/seed_render.py DIR`, the original kopf operator's rendering (one Jinja2 template per object,")
    w("  parsed on every render, PyYAML load and dump), without the API calls. kustomize: mysqlrender's own output")
    w("  for the same instances as static YAML, one file per input file (10 instances), listed in a")
    w("  `kustomization.yaml` and built with `kubectl kustomize DIR`: kustomize only re-emits what is rendered.")
    for t in TOOLS:
        if f"OBJECTS_{t}" in meta:
            w(f"- Objects printed by {t}: {meta[f'OBJECTS_{t}']}.")
    w("- The tools do not make the same objects: the seed makes 8 small ones per instance (two hostPath")
    w("  PersistentVolumes, two claims, Service, Deployment and its two backup/restore Jobs, about 4 KB); mysqlrender")
    w("  makes 11 for these inputs (Secret, two claims, Service, two scripts ConfigMaps, Deployment, backup and drill")
    w("  CronJobs, restore and PreDelete backup Jobs: see the output per instance above). kustomize re-emits exactly")
    w("  mysqlrender's objects.")
    w("- Each size measures the tools one after the other: hyperfine `-N` (no shell), output discarded, one")
    w(f"  warm-up run, then as many runs as fit in {meta.get('CELL_BUDGET', '?')} s (at most 20), planned from")
    w("  the tool's times at the previous sizes. A cell expected to take over 10 s per run skips the warm-up (its")
    w("  inputs were just read by the other tools) and runs twice: the seed baseline at 1,000 instances and")
    w("  mysqlrender at 10,000.")
    elapsed = int(meta.get("ELAPSED", 0))
    w(f"- Whole run: {elapsed // 60} min {elapsed % 60} s" + (", AOT publish included." if warnings is not None else "."))
    w("")

    w("## Machine")
    w("")
    w(f"- {meta.get('NPROC', '?')} cores: {meta.get('CPU', '?')}; {meta.get('MEMORY', '?')} memory")
    w(f"- {meta.get('OS', '?')}")
    w(f"- .NET SDK {meta.get('DOTNET_VERSION', '?')}, runtime {meta.get('DOTNET_RUNTIME', '?')} (the binary is Native AOT: no runtime needed)")
    w(f"- {meta.get('PYTHON', '?')}")
    w(f"- kubectl: {meta.get('KUBECTL', '?').strip()}")
    w(f"- {meta.get('HYPERFINE', '?')}, {meta.get('GNUPLOT', '?')}")
    w("")

    w("## Reproduce")
    w("")
    w("```sh")
    w("bench/run.sh                               # Native AOT publish to bench/out/aot, inputs, runs, this page")
    w("MYSQLRENDER=path/to/mysqlrender bench/run.sh   # measure another binary (no build)")
    w("```")
    w("")
    w("Needs the .NET SDK, kubectl and python3; the script installs what is missing of `hyperfine time gnuplot-nox")
    w("clang zlib1g-dev python3-jinja2 python3-yaml` with apt-get (as root or with sudo). Raw hyperfine JSON, the")
    w("BenchmarkDotNet log and the publish log stay in `bench/out/results/`. `BENCH_BDN=0` skips BenchmarkDotNet.")

    with open(out_md, "w") as f:
        f.write("\n".join(lines) + "\n")

    with open(out_dat, "w") as f:
        f.write("# instances " + " ".join(TOOLS) + "  (median seconds, ? = not measured)\n")
        for n in sizes:
            vals = [median(t, n) for t in TOOLS]
            f.write(f"{n} " + " ".join("?" if v is None else f"{v:.6f}" for v in vals) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
