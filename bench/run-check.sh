#!/usr/bin/env bash
# Start-up of `check` on the seed's kubia (three objects), with hyperfine: the plain fast-jar,
# with an AppCDS archive made from a run of check itself, and that plus C1 only and Serial GC.
# `check --help` is the floor: the JVM and Quarkus' runner class loader, no rule engine.
#   bench/run-check.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
command -v hyperfine >/dev/null || { apt-get install -y hyperfine >/dev/null || { apt-get update >/dev/null && apt-get install -y hyperfine >/dev/null; }; }
mvn -B -q -DskipTests -Dspotless.check.skip=true package
jar=target/quarkus-app/quarkus-run.jar
input=src/test/resources/check/kubia.yaml
jsa=target/check.jsa
rm -f "$jsa"
java -XX:ArchiveClassesAtExit="$jsa" -jar "$jar" check "$input" >/dev/null 2>&1 || true
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
# check exits 1 on this input (a denial): -i keeps hyperfine from treating that as a failure.
hyperfine -N -i -w 3 -r "$runs" \
  "java -jar $jar check --help" \
  "java -jar $jar check $input" \
  "java -XX:SharedArchiveFile=$jsa -jar $jar check $input" \
  "java -XX:SharedArchiveFile=$jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar $jar check $input"
