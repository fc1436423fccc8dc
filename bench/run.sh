#!/usr/bin/env bash
# Measures `meshproof flows --format json` beside tshark on large captures made from the test corpus.
# usage: bench/run.sh [DIR] [REPEATS] [FILES...]
#   DIR defaults to /tmp/meshproof-bench, REPEATS to 3, FILES to spaced-1m.pcap spaced-4m.pcap repeated-1m.pcap.
# Needs python3, tshark, capinfos and GNU time (/usr/bin/time); builds through the launcher if needed.
# Each repeat runs meshproof and then tshark on the same file, so both are measured in the same minutes.
# Prints one row per tool and file: median wall time, packets/s and peak RSS over REPEATS runs, and whether the
# two tools found the same server names (the sorted list of every SNI, not only their number).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
dir="${1:-/tmp/meshproof-bench}"
repeats="${2:-3}"
shift $(( $# > 2 ? 2 : $# ))
files=("$@")
if [ "${#files[@]}" -eq 0 ]; then
    files=(spaced-1m.pcap spaced-4m.pcap repeated-1m.pcap)
fi
corpus="$root/engine/src/test/resources/captures"
inputs=(tls12-mtls.pcap tls12-server-only.pcap tls13-mtls-resumed.pcap tls13-server-only.pcap h2c-plaintext.pcap
    dns.pcap)
mkdir -p "$dir"

# The same flows repeated with new client addresses and ports. spaced-*: copies 20 ms apart, so the number of
# flows open or waiting for late packets at any time is the same (about 3000) while the 4M file has four times
# the packets, flows, bytes and capture time. repeated-1m: copies 1 ms apart; it spans 51 s, less than the
# 60 s a finished TCP flow waits for late packets, so every flow is still held at its end.
make_capture() { # NAME
    local name="$1" packets spacing
    [ -f "$dir/$name" ] && return
    case "$name" in
        spaced-1m.pcap) packets=1000000 spacing=20 ;;
        spaced-4m.pcap) packets=4000000 spacing=20 ;;
        repeated-1m.pcap) packets=1000000 spacing=1 ;;
        repeated-250k.pcap) packets=250000 spacing=1 ;;
        *) echo "bench/run.sh: unknown file $name" >&2; exit 2 ;;
    esac
    (cd "$corpus" && python3 "$here/make-large-capture.py" --spacing-ms "$spacing" "$dir/$name" "$packets" \
        "${inputs[@]}")
}

# measure LABEL OUTPUT COMMAND... -> appends "seconds rss_kb" to $dir/times.LABEL; stdout goes to OUTPUT and
# stderr to $dir/err.LABEL (tshark's start-up chatter), shown only when the command fails
measure() {
    local label="$1" output="$2"
    shift 2
    if ! /usr/bin/time -f "%e %M" -o "$dir/time.$label" "$@" >"$output" 2>"$dir/err.$label"; then
        echo "bench/run.sh: $label failed:" >&2
        cat "$dir/err.$label" >&2
    fi
    cat "$dir/time.$label" >>"$dir/times.$label"
}

median() { sort -g | sed -n "$(( (repeats + 1) / 2 ))p"; }

printf '%-22s %-18s %9s %8s %10s %12s %8s %s\n' tool file packets seconds packets/s "peak RSS MB" SNIs \
    "same SNIs"
"$root/meshproof" --version >/dev/null # builds once, outside the measured runs
for file in "${files[@]}"; do
    make_capture "$file"
    path="$dir/$file"
    packets="$(capinfos -c -M "$path" | awk -F': *' '/Number of packets/ {print $2}')"
    rm -f "$dir"/times.*
    for _ in $(seq "$repeats"); do
        measure meshproof "$dir/out.meshproof" "$root/meshproof" flows --format json "$path"
        measure meshproof-Xmx256m "$dir/out.meshproof-Xmx256m" env JAVA_OPTS=-Xmx256m "$root/meshproof" \
            flows --format json "$path"
        measure tshark "$dir/out.tshark" tshark -o tcp.try_heuristic_first:TRUE -r "$path" -T fields \
            -e tls.handshake.extensions_server_name
    done
    # Same answers: the server names of meshproof's TLS flows and of tshark's ClientHellos, sorted.
    grep -o '"sni" : "[^"]*"' "$dir/out.meshproof" | sed 's/^"sni" : "//; s/"$//' | sort >"$dir/sni.meshproof"
    grep . "$dir/out.tshark" | sort >"$dir/sni.tshark" || true
    same=no
    cmp -s "$dir/sni.meshproof" "$dir/sni.tshark" && same=yes
    cmp -s "$dir/out.meshproof" "$dir/out.meshproof-Xmx256m" || same="$same (the -Xmx256m output differs)"
    for label in meshproof meshproof-Xmx256m tshark; do
        seconds="$(awk '{print $1}' "$dir/times.$label" | median)"
        rss="$(awk '{print $2}' "$dir/times.$label" | median)"
        printf '%-22s %-18s %9s %8.2f %10.0f %12.0f %8s %s\n' "$label" "$file" "$packets" "$seconds" \
            "$(echo "$packets / $seconds" | bc -l)" "$(echo "$rss / 1024" | bc -l)" \
            "$(wc -l <"$dir/sni.${label%%-*}")" "$same"
    done
    rm -f "$dir"/out.* "$dir"/time.* "$dir"/err.*
done
