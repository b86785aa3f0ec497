#!/usr/bin/env bash
# Runs the JMH admission benchmarks and prints µs/op per benchmark. Extra arguments go to JMH,
# for example: bench/run.sh -f 1 -wi 1 -i 3 PolicyBenchmark.mutateReview
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -Pbench -DskipTests -Dspotless.check.skip=true test-compile
mvn -B -q -Pbench -Dspotless.check.skip=true exec:exec -Dbench.args="$*"
