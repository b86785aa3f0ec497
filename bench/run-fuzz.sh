#!/usr/bin/env bash
# Fuzzes each Jazzer @FuzzTest for a set time, one after the other (JAZZER_FUZZ=1, libFuzzer's
# -max_total_time), and prints executions per second and findings per target.
#   bench/run-fuzz.sh [seconds per target] [Class#method ...]
# A finding stops its target: Jazzer writes the input as crash-<sha1> into the test's Inputs
# directory (src/test/resources/<package>/<Class>Inputs/<method>/), where a plain `mvn test` replays
# it. Give it a name that says the case; if the bug is one another branch fixes, move it to
# src/test/resources/fuzz-pending/ until that lands. The corpus the fuzzer grows is kept in
# .cifuzz-corpus/ (ignored by git) and reused by the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(
    io.rolloutguard.admission.AdmissionFuzzTest#review
    io.rolloutguard.admission.AdmissionFuzzTest#structured
    io.rolloutguard.policy.ImageReferenceFuzzTest#parse
    io.rolloutguard.policy.LabelSelectorsFuzzTest#selectors
    io.rolloutguard.check.ManifestReaderFuzzTest#read
  )
fi
logs=target/fuzz
mkdir -p "$logs"
mvn -B -q -DskipTests -Dspotless.check.skip=true test-compile

echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine: $(uname -srm), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "java:    $(java -version 2>&1 | head -1)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "time:    ${seconds}s per target"
printf '%-58s %10s %8s %9s %6s %s\n' target runs seconds exec/s cov findings
for target in "${targets[@]}"; do
  class=${target%%#*}
  method=${target##*#}
  inputs=src/test/resources/$(dirname "${class//.//}")/$(basename "${class//.//}")Inputs/$method
  before=$(ls "$inputs" 2>/dev/null | grep -c '^crash-' || true)
  log=$logs/$(basename "${class//.//}")-$method.log
  # surefire:test alone: the classes are compiled, and the Quarkus build is not needed here.
  JAZZER_FUZZ=1 mvn -B surefire:test -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.hooks=true \
    -Djazzer.internal.arg.0=fake_argv0 -Djazzer.internal.arg.1=-max_total_time="$seconds" \
    >"$log" 2>&1 || true
  after=$(ls "$inputs" 2>/dev/null | grep -c '^crash-' || true)
  # libFuzzer's last status line: "#<runs> DONE cov: <n> ... exec/s: <n>", or "Done <runs> runs
  # in <s> second(s)"; a finding ends the run early with its own report.
  done_line=$(grep -aE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
  status=$(grep -aE '^#[0-9]+[[:space:]]' "$log" | tail -1 || true)
  runs=$(echo "$status" | sed -E 's/^#([0-9]+).*/\1/')
  cov=$(echo "$status" | sed -nE 's/.*cov: ([0-9]+).*/\1/p')
  if [ -n "$done_line" ]; then
    runs=$(echo "$done_line" | awk '{print $2}')
    secs=$(echo "$done_line" | awk '{print $5}')
  else
    secs=$(echo "$status" | sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p')
    secs=${secs:+$(( runs / (secs > 0 ? secs : 1) ))}
  fi
  rate=$( [ -n "${secs:-}" ] && [ "${secs:-0}" -gt 0 ] && echo $(( runs / secs )) || echo "-")
  findings=$(( after - before ))
  if grep -aq 'FuzzTestFindingException\|== Java Exception' "$log" && [ "$findings" -eq 0 ]; then
    findings="1 (see $log)"
  fi
  printf '%-58s %10s %8s %9s %6s %s\n' "$target" "${runs:--}" "${secs:--}" "$rate" "${cov:--}" "$findings"
  if [ "$after" -gt "$before" ]; then
    ls -t "$inputs" | grep '^crash-' | head -n $(( after - before )) | sed "s|^|    new: $inputs/|"
    grep -aE '^== Java Exception|^Caused by|^\s+at io\.rolloutguard' "$log" | head -8 | sed 's/^/    /'
  fi
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) at end; logs in $logs/"
