#!/usr/bin/env bash
# tests/validators/selftest.sh: proves that validate.mjs accepts good manifests and rejects bad ones.
#
#   samples/valid/*.yaml    must exit 0 with no `error` line
#   samples/invalid/*.yaml  must exit non-zero (1, or `# expect-exit: N`) and print `# expect: TEXT`;
#                           `# args: ...` adds options. `# caught-by:` says which layer catches it:
#                             kubernetes-models  the schema alone (still fails with --no-unknown-fields --no-api-rules)
#                             unknown-fields     validate.mjs's unknown-field check (the schema alone passes it)
#                             api-rules          validate.mjs's API-server rules (the schema alone passes it)
#                             reader             YAML reading and the apiVersion/kind/metadata.name checks
#   samples/missed/*.yaml   the API server rejects them, validate.mjs does not: must still exit 0, so that a
#                           gap that gets closed is noticed (move the sample to invalid/ then)
# Ends with "N passed, N failed"; exit 1 if any failed.
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -d node_modules/kubernetes-models || ! -d node_modules/yaml ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

passed=0
failed=0
ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*" >&2; }

# run FILE ARGS... : sets $out (stdout+stderr) and $rc
run() {
  local file=$1; shift
  set +e
  out=$(node validate.mjs "$@" "$file" 2>&1)
  rc=$?
  set -e
}

header() { sed -n "s/^# $1: //p" "$2" | head -n 1; }

for f in samples/valid/*.yaml; do
  run "$f"
  if [[ $rc -eq 0 ]] && ! grep -q '^error' <<<"$out"; then ok; else ko "$f: exit $rc, want 0"$'\n'"$out"; fi
done

for f in samples/invalid/*.yaml; do
  expect=$(header expect "$f")
  want=$(header expect-exit "$f"); want=${want:-1}
  layer=$(header caught-by "$f")
  read -r -a args <<<"$(header args "$f")"
  [[ -n $expect && -n $layer ]] || { ko "$f: needs '# expect:' and '# caught-by:' lines"; continue; }
  run "$f" ${args[@]+"${args[@]}"}
  if [[ $rc -eq $want ]] && grep -qF -- "$expect" <<<"$out"; then ok; else ko "$f: exit $rc (want $want), output lacks '$expect':"$'\n'"$out"; fi
  # what kubernetes-models catches on its own, and what it does not
  run "$f" ${args[@]+"${args[@]}"} --no-unknown-fields --no-api-rules
  case $layer in
    kubernetes-models | reader)
      if [[ $rc -eq $want ]] && grep -qF -- "$expect" <<<"$out"; then ok; else ko "$f: schema alone should catch it (exit $rc)"$'\n'"$out"; fi ;;
    unknown-fields | api-rules)
      if [[ $rc -eq 0 ]]; then ok; else ko "$f: the schema alone catches it now (exit $rc): say caught-by: kubernetes-models"$'\n'"$out"; fi ;;
    *) ko "$f: unknown caught-by '$layer'" ;;
  esac
  printf '%-19s %s\n' "$layer" "${f#samples/invalid/}"
done

for f in samples/missed/*.yaml; do
  run "$f"
  if [[ $rc -eq 0 ]]; then ok; else ko "$f: validate.mjs catches this now (exit $rc): move it to samples/invalid/"$'\n'"$out"; fi
  printf '%-19s %s\n' "missed" "${f#samples/missed/}"
done

# stdin, several files at once, and the exit code of a mixed stream
set +e
out=$(node validate.mjs <samples/valid/mysql-instance-full.yaml 2>&1); rc=$?
set -e
if [[ $rc -eq 0 ]] && grep -q '^ok Deployment/shop$' <<<"$out"; then ok; else ko "stdin: exit $rc"$'\n'"$out"; fi
set +e
out=$(cat samples/valid/mysql-instance-full.yaml samples/invalid/service-unknown-field.yaml | node validate.mjs 2>&1); rc=$?
set -e
if [[ $rc -eq 1 ]] && grep -q '^ok CronJob/backup-shop$' <<<"$out" && grep -q '^error Service/db:' <<<"$out"; then ok; else ko "mixed stream: exit $rc"$'\n'"$out"; fi
run samples/valid/seed-operator-objects.yaml samples/valid/gitops-mixed-kinds.yaml
if [[ $rc -eq 0 ]] && grep -q '^skip Application/shop-db$' <<<"$out"; then ok; else ko "two files: exit $rc"$'\n'"$out"; fi
run samples/invalid/empty-stream.yaml --allow-empty
if [[ $rc -eq 0 ]]; then ok; else ko "--allow-empty: exit $rc"$'\n'"$out"; fi

echo "validators: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
