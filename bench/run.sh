#!/usr/bin/env bash
# bench/run.sh: benchmark mysqlrender against its two peers in one run (issue 6) and write
# docs/performance.md and docs/performance.png.
#
#   bench/run.sh                          build the Native AOT binary, measure, write the report
#   MYSQLRENDER=/path/to/mysqlrender bench/run.sh     measure that binary instead (no build)
#
# The three tools, on the same inputs (bench/peers/gen_crs.py: N MySQL resources, 10 per file):
#   mysqlrender   `mysqlrender render DIR`                    N = 1, 10, 100, 1000, 10000
#   seed          `python3 bench/peers/seed_render.py DIR`    the original operator's way (Jinja2 + PyYAML);
#                                                             N <= 1000 (10,000 would take ~4 minutes alone)
#   kustomize     `kubectl kustomize DIR`                     re-emitting mysqlrender's own output for the
#                                                             same instances as static YAML (one file per
#                                                             input file) listed in a kustomization.yaml;
#                                                             N <= 100 only (1,000 takes minutes: quadratic)
# Every size measures the tools one after the other with hyperfine (one warm-up run, then as many runs as
# fit in BENCH_CELL_BUDGET seconds, judged from the tool's time at the previous size); peak RSS of
# mysqlrender at 1,000 and 10,000 comes from /usr/bin/time -v. Then the in-process BenchmarkDotNet project
# (bench/MySqlRender.Benchmarks, short job). The whole run takes about 5-7 minutes on 2 cores.
#
# Knobs (environment): MYSQLRENDER (binary to measure), BENCH_SIZES (default "1 10 100 1000 10000"),
# BENCH_CELL_BUDGET (seconds per tool and size, default 20), BENCH_OUT (work dir, default bench/out),
# BENCH_DOCS (report dir, default docs), BENCH_BDN=0 (skip BenchmarkDotNet).
# Needs: the .NET SDK, kubectl (with kustomize), python3, and from Debian (installed when missing, as root or
# with sudo): hyperfine time gnuplot-nox clang zlib1g-dev python3-jinja2 python3-yaml
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
PEERS=$BENCH/peers
OUT=${BENCH_OUT:-$BENCH/out}
DOCS=${BENCH_DOCS:-$ROOT/docs}
read -r -a SIZES <<<"${BENCH_SIZES:-1 10 100 1000 10000}"
CELL_BUDGET=${BENCH_CELL_BUDGET:-20}
RUN_BDN=${BENCH_BDN:-1}
PER_FILE=10
MAX_RUNS=20
KUSTOMIZE_MAX_N=100
SEED_MAX_N=1000
RSS_SIZES=(1000 10000)
RSS_REPEAT=3
NO_WARMUP_ABOVE=10   # seconds: a cell this slow skips the warm-up (the inputs are cached by then)

RESULTS=$OUT/results
META=$RESULTS/meta.env
START=$(date +%s)
declare -A MEDIAN=()   # "tool:N" -> median seconds, to size the next cell

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'bench/run.sh: %s\n' "$*" >&2; exit 1; }
meta() { printf '%s=%s\n' "$1" "${2//$'\n'/ }" >>"$META"; }   # KEY=one line, read by report.py
quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }   # for hyperfine's own command-line parsing (-N)

APT_PACKAGES=(hyperfine time gnuplot-nox clang zlib1g-dev python3-jinja2 python3-yaml)

as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }

install_packages() {
  local missing=() package
  command -v apt-get >/dev/null || return 0
  for package in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  ((${#missing[@]} == 0)) && return 0
  log "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

check_tools() {
  local missing=()
  for t in hyperfine gnuplot python3 kubectl; do command -v "$t" >/dev/null || missing+=("$t"); done
  [[ -x /usr/bin/time ]] || missing+=("/usr/bin/time (package time)")
  ((${#missing[@]} == 0)) || die "missing: ${missing[*]} (apt-get install ${APT_PACKAGES[*]}; kubectl from kubernetes.io)"
  python3 -c 'import jinja2, yaml' 2>/dev/null || die "python3 needs jinja2 and PyYAML for the seed baseline"
}

# Sets MR to the binary to measure: $MYSQLRENDER, or a fresh Native AOT publish.
build_mysqlrender() {
  if [[ -n ${MYSQLRENDER:-} ]]; then
    MR=$(realpath "$MYSQLRENDER")
    [[ -x $MR ]] || die "MYSQLRENDER=$MYSQLRENDER is not an executable"
    log "measuring $MR (from MYSQLRENDER, not built by this run)"
    meta MR_ORIGIN "given by MYSQLRENDER (not built by this run)"
    return
  fi
  command -v dotnet >/dev/null || die "dotnet not found (or set MYSQLRENDER=path)"
  log "dotnet publish (Native AOT) -> $OUT/aot"
  local logfile=$OUT/publish.log
  if ! (cd "$ROOT" && dotnet publish src/MySqlRender/MySqlRender.csproj -c Release -r linux-x64 \
        -p:PublishAot=true -o "$OUT/aot") >"$logfile" 2>&1; then
    tail -n 30 "$logfile" >&2
    die "publish failed (log: $logfile)"
  fi
  MR=$OUT/aot/mysqlrender
  [[ -x $MR ]] || die "publish produced no $MR"
  # trimming / AOT analysis warnings (ILxxxx), each counted once
  grep -oE 'warning IL[0-9]+[^[]*' "$logfile" | sort -u >"$RESULTS/aot-warnings.txt" || true
  meta MR_ORIGIN "built by this run: dotnet publish -c Release -r linux-x64 -p:PublishAot=true"
  meta AOT_WARNINGS "$(wc -l <"$RESULTS/aot-warnings.txt")"
}

record_environment() {
  meta DATE "$(date -u '+%Y-%m-%d %H:%M UTC')"
  meta MR_PATH "$MR"
  meta MR_VERSION "$("$MR" --version 2>&1 | head -n 3 | tr '\n' ' ' || true)"
  meta MR_SHA256 "$(sha256sum "$MR" | cut -c1-16)"
  meta MR_SIZE "$(stat -c %s "$MR")"
  meta NPROC "$(nproc)"
  meta CPU "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  meta MEMORY "$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  meta OS "$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  meta PYTHON "$(python3 --version 2>&1), Jinja2 $(python3 -c 'import jinja2; print(jinja2.__version__)'), PyYAML $(python3 -c 'import yaml; print(yaml.__version__)')"
  meta KUBECTL "$(kubectl version --client 2>/dev/null | tr '\n' ' ')"
  meta HYPERFINE "$(hyperfine --version)"
  meta GNUPLOT "$(gnuplot --version)"
  meta DOTNET_VERSION "$(dotnet --version 2>/dev/null || echo 'not installed')"
  meta DOTNET_RUNTIME "$(dotnet --list-runtimes 2>/dev/null | sed -n 's/^Microsoft.NETCore.App \([^ ]*\).*/\1/p' | tail -n 1)"
  meta GIT "$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo 'no commit')"
  meta SIZES "${SIZES[*]}"
  meta CELL_BUDGET "$CELL_BUDGET"
}

generate_inputs() {
  local n
  for n in "${SIZES[@]}"; do
    rm -rf "$OUT/inputs/$n"
    python3 "$PEERS/gen_crs.py" "$n" "$OUT/inputs/$n" --per-file "$PER_FILE"
  done
  log "inputs: ${SIZES[*]} instances, $PER_FILE per file"
}

# The kustomize peer: mysqlrender's own objects for N instances as static YAML, one file per input file
# (10 instances each), all listed in kustomization.yaml: kustomize only re-emits what is already rendered.
make_kustomize_peer() {
  local n dir
  for n in "${SIZES[@]}"; do
    ((n <= KUSTOMIZE_MAX_N)) || continue
    dir=$OUT/kustomize/$n
    rm -rf "$dir" && mkdir -p "$dir"
    "$MR" render "$OUT/inputs/$n" >"$OUT/kustomize/all-$n.yaml" 2>/dev/null
    python3 - "$OUT/kustomize/all-$n.yaml" "$dir" <<'PY'
import re, sys
stream, out = sys.argv[1], sys.argv[2]
files = {}  # input file -> its objects, in output order
# documents start at a "---" line of their own (scripts hold "---" inside lines, always indented)
for doc in re.split(r"(?m)^---\n", open(stream).read()):
    if doc.strip():
        source = doc.split("\n", 1)[0].removeprefix("# Source: ")
        files.setdefault(source, []).append(doc)
names = []
for i, docs in enumerate(files.values()):
    names.append(f"objects-{i:05d}.yaml")
    with open(f"{out}/{names[-1]}", "w") as f:
        f.write("---\n" + "---\n".join(docs))
with open(f"{out}/kustomization.yaml", "w") as f:
    f.write("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n")
    f.writelines(f"- {name}\n" for name in names)
PY
  done
  log "kustomize peer: static YAML for N <= $KUSTOMIZE_MAX_N"
}

# command_for TOOL N: the command line hyperfine runs (-N: no shell in between)
command_for() {
  case $1 in
    mysqlrender) echo "$(quote "$MR") render $(quote "$OUT/inputs/$2")" ;;
    seed) echo "python3 $(quote "$PEERS/seed_render.py") $(quote "$OUT/inputs/$2")" ;;
    kustomize) echo "kubectl kustomize $(quote "$OUT/kustomize/$2")" ;;
  esac
}

tools_for() {
  local tools=(mysqlrender)
  (($1 <= SEED_MAX_N)) && tools+=(seed)
  (($1 <= KUSTOMIZE_MAX_N)) && tools+=(kustomize)
  echo "${tools[@]}"
}

# What one instance prints (examples/seed): lines, bytes, and the bytes of the scripts ConfigMaps (issue 12: at
# most 40 KB, scripts once). The same stream is what every size multiplies.
measure_output_size() {
  "$MR" render "$ROOT/examples/seed" >"$RESULTS/seed.yaml" 2>/dev/null || die "mysqlrender failed on examples/seed"
  meta SEED_LINES "$(wc -l <"$RESULTS/seed.yaml")"
  meta SEED_BYTES "$(wc -c <"$RESULTS/seed.yaml")"
  meta SEED_SCRIPT_BYTES "$(python3 - "$RESULTS/seed.yaml" <<'PY'
import sys, yaml
# the text of every script in the instance's ConfigMaps, as the stream holds it (a literal block, indented)
total = 0
for doc in yaml.safe_load_all(open(sys.argv[1])):
    if doc and doc.get("kind") == "ConfigMap" and "-scripts-" in doc["metadata"]["name"]:
        for text in (doc.get("data") or {}).values():
            total += sum(len(line.encode()) + (4 + 1 if line else 1) for line in text.split("\n"))
print(total)
PY
)"
  meta SEED_OBJECTS "$(grep -c '^kind:' "$RESULTS/seed.yaml")"
}

# Each tool must succeed and print objects; the counts go into the report (N = 10, or the smallest size).
sanity_check() {
  local n=${SIZES[0]} tool count s
  for s in "${SIZES[@]}"; do ((s == 10)) && n=10; done
  for tool in $(tools_for "$n"); do
    count=$(eval "$(command_for "$tool" "$n")" 2>/dev/null | grep -c '^kind:') || die "$tool failed or printed no object"
    ((count > 0)) || die "$tool printed no object"
    meta "OBJECTS_${tool}" "$count objects for $n instances"
  done
}

# plan TOOL N PREV [PREV2]: "WARMUP RUNS" from the tool's medians at the previous sizes: the line through the
# last two (startup + per-instance cost), or proportional to the last one when there is only one
plan() {
  local tool=$1 n=$2 prev=${3:-} prev2=${4:-} est
  if [[ -z $prev || -z ${MEDIAN[$tool:$prev]:-} ]]; then echo "1 $MAX_RUNS"; return; fi
  if [[ -n $prev2 && -n ${MEDIAN[$tool:$prev2]:-} ]]; then
    est=$(python3 -c "a, b = ${MEDIAN[$tool:$prev2]}, ${MEDIAN[$tool:$prev]}; print(max(b, b + (b - a) / ($prev - $prev2) * ($n - $prev)))")
  else
    est=$(python3 -c "print(${MEDIAN[$tool:$prev]} * $n / $prev)")
  fi
  python3 - "$est" "$CELL_BUDGET" "$MAX_RUNS" "$NO_WARMUP_ABOVE" <<'PY'
import sys
est, budget, max_runs, no_warmup = map(float, sys.argv[1:])
runs = int(max(1, min(max_runs, budget // est if est > 0 else max_runs)))
if runs == 1 and est <= 2 * budget:
    runs = 2
print(0 if est > no_warmup else 1, runs)
PY
}

measure() {
  local tool=$1 n=$2 prev=${3:-} prev2=${4:-} warmup runs json=$RESULTS/$1-$2.json
  read -r warmup runs < <(plan "$tool" "$n" "$prev" "$prev2")
  log "$tool, $n instances: warm-up $warmup, runs $runs"
  meta "WARMUP_${tool}_$n" "$warmup"
  hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-json "$json" \
    --command-name "$tool $n" "$(command_for "$tool" "$n")" >>"$RESULTS/hyperfine.log"
  MEDIAN[$tool:$n]=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['median'])" "$json")
}

measure_all() {
  local prev="" prev2="" n tool
  for n in "${SIZES[@]}"; do
    for tool in $(tools_for "$n"); do measure "$tool" "$n" "$prev" "$prev2"; done
    prev2=$prev
    prev=$n
  done
}

# peak RSS of mysqlrender: the highest of RSS_REPEAT runs (one run when a run takes over 10 s)
measure_rss() {
  local n i kb max repeat
  for n in "${RSS_SIZES[@]}"; do
    [[ -d $OUT/inputs/$n && -n ${MEDIAN[mysqlrender:$n]:-} ]] || continue
    repeat=$RSS_REPEAT
    python3 -c "import sys; sys.exit(${MEDIAN[mysqlrender:$n]} > 10)" || repeat=1
    meta "RSS_RUNS_$n" "$repeat"
    max=0
    for ((i = 0; i < repeat; i++)); do
      /usr/bin/time -v -o "$RESULTS/time-v.txt" "$MR" render "$OUT/inputs/$n" >/dev/null
      kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$RESULTS/time-v.txt")
      ((kb > max)) && max=$kb
    done
    meta "RSS_KB_$n" "$max"
    log "peak RSS, $n instances: $max KiB (max of $repeat)"
  done
}

# The in-process benchmark (BenchmarkDotNet, short job): its GitHub-markdown table goes into the report.
run_benchmarkdotnet() {
  [[ $RUN_BDN == 1 ]] || { log "BenchmarkDotNet skipped (BENCH_BDN=$RUN_BDN)"; return; }
  log "BenchmarkDotNet (short job): bench/MySqlRender.Benchmarks"
  rm -rf "$OUT/bdn"
  if ! (cd "$ROOT" && dotnet run -c Release --project bench/MySqlRender.Benchmarks -- \
        --filter '*' --job short --artifacts "$OUT/bdn") >"$RESULTS/bdn.log" 2>&1; then
    tail -n 30 "$RESULTS/bdn.log" >&2
    die "BenchmarkDotNet failed (log: $RESULTS/bdn.log)"
  fi
  cp "$OUT"/bdn/results/*-report-github.md "$RESULTS/bdn.md"
}

write_report() {
  mkdir -p "$DOCS"
  meta ELAPSED "$(($(date +%s) - START))"
  python3 "$BENCH/report.py" "$RESULTS" "$DOCS/performance.md.tmp" "$RESULTS/summary.dat"
  gnuplot -e "datafile='$RESULTS/summary.dat'; output='$DOCS/performance.png.tmp'" "$BENCH/performance.gp"
  mv "$DOCS/performance.md.tmp" "$DOCS/performance.md"
  mv "$DOCS/performance.png.tmp" "$DOCS/performance.png"
  log "wrote $DOCS/performance.md and $DOCS/performance.png in $(($(date +%s) - START)) s"
}

main() {
  install_packages
  check_tools
  rm -rf "$RESULTS" && mkdir -p "$RESULTS"
  : >"$META"
  build_mysqlrender
  record_environment
  generate_inputs
  make_kustomize_peer
  sanity_check
  measure_output_size
  measure_all
  measure_rss
  run_benchmarkdotnet
  write_report
}

main "$@"
