#!/usr/bin/env bash
# CPU time of one full background audit (ReportBuilder over the cached objects) for 1,000 and
# 10,000 Deployments, and the size of the largest PolicyReport it would write. Extra arguments go
# to JMH, e.g. bench/run-audit.sh -wi 1 -i 3
set -euo pipefail
cd "$(dirname "$0")/.."
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
exec bench/run.sh AuditBenchmark "$@"
