#!/usr/bin/env bash
# Measures `meshproof flows --format json` beside tshark on large captures made from the test corpus.
# usage: bench/run.sh [DIR] [REPEATS]   (DIR defaults to /tmp/meshproof-bench, REPEATS to 3)
# Needs python3, tshark and GNU time (/usr/bin/time); builds nothing: run `mvn -B -o install -DskipTests` first.
# Prints one row per tool and file: median wall time, packets/s and peak RSS over REPEATS runs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
dir="${1:-/tmp/meshproof-bench}"
repeats="${2:-3}"
jar="$root/repl/target/meshproof.jar"
corpus="$root/engine/src/test/resources/captures"
inputs=(tls12-mtls.pcap tls12-server-only.pcap tls13-mtls-resumed.pcap tls13-server-only.pcap h2c-plaintext.pcap
    dns.pcap)
mkdir -p "$dir"

make_capture() { # NAME PACKETS
    if [ ! -f "$dir/$1" ]; then
        (cd "$corpus" && python3 "$here/make-large-capture.py" "$dir/$1" "$2" "${inputs[@]}")
    fi
}

# The same flows repeated with new client addresses and ports, 1 ms apart: the number of flows open at any
# time is the same in both files; the 4x file has four times the packets, flows and bytes.
make_capture repeated-250k.pcap 250000
make_capture repeated-1m.pcap 1000000

# run LABEL FILE COMMAND... -> prints "LABEL FILE median_seconds median_rss_kb"
run() {
    local label="$1" file="$2"
    shift 2
    local times=() rss=()
    for _ in $(seq "$repeats"); do
        /usr/bin/time -v "$@" >"$dir/out.$label" 2>"$dir/time.$label" || true
        times+=("$(awk -F': ' '/Elapsed/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' \
            "$dir/time.$label")")
        rss+=("$(awk -F': ' '/Maximum resident/ {print $2}' "$dir/time.$label")")
    done
    local t r
    t="$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (repeats + 1) / 2 ))p")"
    r="$(printf '%s\n' "${rss[@]}" | sort -g | sed -n "$(( (repeats + 1) / 2 ))p")"
    echo "$label $file $t $r"
}

count_packets() {
    capinfos -c -M "$1" | awk -F': *' '/Number of packets/ {print $2}'
}

results="$dir/results.txt"
: >"$results"
for file in repeated-250k.pcap repeated-1m.pcap; do
    run meshproof "$file" java -jar "$jar" flows --format json "$dir/$file" >>"$results"
    run meshproof-Xmx512m "$file" java -Xmx512m -jar "$jar" flows --format json "$dir/$file" >>"$results"
    run meshproof-C1-ParallelGC "$file" java -XX:TieredStopAtLevel=1 -XX:+UseParallelGC -jar "$jar" \
        flows --format json "$dir/$file" >>"$results"
    run tshark "$file" tshark -o tcp.try_heuristic_first:TRUE -r "$dir/$file" -T fields \
        -e tls.handshake.extensions_server_name >>"$results"
    # Same answers: TLS flows with an SNI, by each tool.
    java -jar "$jar" flows --format json "$dir/$file" 2>/dev/null | grep -c '"sni" : "' \
        >"$dir/sni.meshproof.$file" || true
    tshark -o tcp.try_heuristic_first:TRUE -r "$dir/$file" -T fields -e tls.handshake.extensions_server_name \
        2>/dev/null | grep -c . >"$dir/sni.tshark.$file" || true
done

printf '%-26s %-20s %10s %10s %12s %12s %8s\n' tool file packets seconds packets/s "peak RSS MB" "SNIs"
while read -r label file seconds rss; do
    n="$(count_packets "$dir/$file")"
    tool="${label%%-*}"
    printf '%-26s %-20s %10s %10.2f %12.0f %12.0f %8s\n' "$label" "$file" "$n" "$seconds" \
        "$(echo "$n / $seconds" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$(cat "$dir/sni.$tool.$file")"
done <"$results"
