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

make_capture() { # NAME PACKETS [SPACING_MS]
    if [ ! -f "$dir/$1" ]; then
        (cd "$corpus" && python3 "$here/make-large-capture.py" --spacing-ms "${3:-1}" "$dir/$1" "$2" "${inputs[@]}")
    fi
}

# The same flows repeated with new client addresses and ports. repeated-*: 1 ms apart, the files tshark is
# measured on (the 1M file spans 51 s, less than the 60 s a finished TCP flow waits for late packets, so every
# flow is still held at its end). spaced-*: 20 ms apart, so the number of flows open or waiting at any time is
# the same in both (about 3000) while the 4M file has four times the packets, flows, bytes and capture time.
make_capture repeated-250k.pcap 250000
make_capture repeated-1m.pcap 1000000
make_capture spaced-1m.pcap 1000000 20
make_capture spaced-4m.pcap 4000000 20

# run LABEL FILE COMMAND... -> prints "LABEL FILE median_seconds median_rss_kb snis"
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
    local t r snis
    t="$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (repeats + 1) / 2 ))p")"
    r="$(printf '%s\n' "${rss[@]}" | sort -g | sed -n "$(( (repeats + 1) / 2 ))p")"
    # Same answers: TLS flows with an SNI (meshproof), ClientHellos with one (tshark).
    if [ "${label%%-*}" = tshark ]; then
        snis="$(grep -c . "$dir/out.$label" || true)"
    else
        snis="$(grep -c '"sni" : "' "$dir/out.$label" || true)"
    fi
    rm -f "$dir/out.$label"
    echo "$label $file $t $r $snis"
}

count_packets() {
    capinfos -c -M "$1" | awk -F': *' '/Number of packets/ {print $2}'
}

results="$dir/results.txt"
: >"$results"
for file in repeated-250k.pcap repeated-1m.pcap spaced-1m.pcap spaced-4m.pcap; do
    # The launcher's JVM options (bench/README.md), then the alternatives measured beside them.
    run meshproof "$file" "$root/meshproof" flows --format json "$dir/$file" >>"$results"
    run meshproof-SerialGC "$file" java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" \
        flows --format json "$dir/$file" >>"$results"
    run meshproof-Xmx512m "$file" java -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -Xmx512m -jar "$jar" \
        flows --format json "$dir/$file" >>"$results"
    case "$file" in
        repeated-*)
            run tshark "$file" tshark -o tcp.try_heuristic_first:TRUE -r "$dir/$file" -T fields \
                -e tls.handshake.extensions_server_name >>"$results"
            ;;
    esac
done

printf '%-20s %-20s %10s %10s %12s %12s %8s\n' tool file packets seconds packets/s "peak RSS MB" "SNIs"
while read -r label file seconds rss snis; do
    n="$(count_packets "$dir/$file")"
    printf '%-20s %-20s %10s %10.2f %12.0f %12.0f %8s\n' "$label" "$file" "$n" "$seconds" \
        "$(echo "$n / $seconds" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$snis"
done <"$results"
