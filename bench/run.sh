#!/usr/bin/env bash
# The issue #5 fan-out benchmark (docs/benchmarks.md): builds the jar, then runs the gateway jar and the
# Alpaca sandbox jar as two separate processes on PostgreSQL (127.0.0.1:5432, user postgres) and
# writes target/bench/report.json and report.md. Not part of `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" io.copygate.bench.FanOutBenchmark target/bench
