#!/usr/bin/env bash
# System benchmarks of ActionBridge (docs/performance.md): each prints its absolute figures and its ratio
# against a baseline measured in the same run.
#
#   benchmarks/run.sh [quick|full] [receiver,e2e,e2e-mosquitto,command,sip,memory,scale,busy]
#
# quick (default, about 15 to 20 minutes): short rounds, 1,000 phones in the scale step, no busy hour.
# full (about 40 minutes): longer rounds, 5,000 phones, the 10-minute busy hour.
# e2e-mosquitto, sip and the scale step beyond 300 phones need Debian's mosquitto / sip-tester; without them
# those steps print that they were skipped.
# Builds what it needs (offline when the local repository has everything), then runs every benchmark on
# loopback against copies of karaf-assembly/target/assembly under benchmarks/target/run, with every port
# moved to a free one. Results: stdout and benchmarks/target/run/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-quick}"
names="${2:-receiver,e2e,e2e-mosquitto,command,sip,memory,scale,busy}"

mvn_opts=(-q -DskipTests)
if [ ! -d karaf-assembly/target/assembly/bin ]; then
    echo "building the distribution (mvn -DskipTests install) ..." >&2
    mvn "${mvn_opts[@]}" install
else
    mvn "${mvn_opts[@]}" -pl benchmarks -am install
fi

exec java ${BENCH_JAVA_OPTS:-} -Xmx1g -XX:+UseParallelGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dactionbridge.root="$PWD" -cp benchmarks/target/benchmarks.jar \
    org.actionbridge.benchmarks.harness.Main "$mode" "$names"
