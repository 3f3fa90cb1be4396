#!/usr/bin/env bash
# The issue #5 fan-out benchmark (docs/benchmarks.md): builds the jar, then runs the gateway jar and the
# Alpaca sandbox jar as two separate processes on PostgreSQL (127.0.0.1:5432, user postgres) and
# writes target/bench/report.json and report.md. Not part of `mvn verify`.
# BENCH_OPTS="-Dbench.fanouts=1,500 -Dbench.throughput=false -Dbench.jfr=/tmp/gw.jfr" for a short profiling run.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
exec java ${BENCH_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.copygate.bench.FanOutBenchmark target/bench
