#!/usr/bin/env bash
# Remakes the captures in this directory from real traffic: nginx, gnutls-serv and openssl s_server as
# servers; openssl s_client, gnutls-cli and curl as clients; two network namespaces joined by a veth pair,
# addresses from the documentation ranges (192.0.2.0/24, 2001:db8::/64). Needs root and the Debian
# packages nginx-light gnutls-bin openssl curl tcpdump iproute2 ethtool.
#
#   sudo ./make-corpus.sh            # writes the captures and key logs next to this script
#
# Offloads are switched off on the veth pair so that tcpdump sees the segments as they go on a real wire.
set -euo pipefail

OUT="$(cd "$(dirname "$0")" && pwd)"
WORK="$(mktemp -d)"
chmod 755 "$WORK"
SRV=mpc-srv
CLI=mpc-cli
SRV4=192.0.2.1
CLI4=192.0.2.2
SRV6=2001:db8::1
CLI6=2001:db8::2
NAME=server.corpus.test
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    ip netns del "$SRV" 2>/dev/null || true
    ip netns del "$CLI" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

in_srv() { ip netns exec "$SRV" "$@"; }
in_cli() { ip netns exec "$CLI" "$@"; }

make_certificates() {
    cd "$WORK"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -keyout ca.key \
        -out ca.crt -subj "/O=corpus.test/CN=corpus-ca" 2>/dev/null
    leaf server "/O=corpus.test/CN=$NAME" "DNS:$NAME,URI:spiffe://corpus.test/ns/demo/sa/server"
    leaf client "/O=corpus.test/CN=client" "URI:spiffe://corpus.test/ns/demo/sa/client"
    cd - >/dev/null
}

leaf() {
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.csr" \
        -subj "$2" 2>/dev/null
    openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -out "$1.crt" \
        -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$3") 2>/dev/null
}

make_network() {
    ip netns add "$SRV"
    ip netns add "$CLI"
    ip link add veth-srv netns "$SRV" type veth peer name veth-cli netns "$CLI"
    in_srv ip addr add "$SRV4/24" dev veth-srv
    in_cli ip addr add "$CLI4/24" dev veth-cli
    in_srv ip addr add "$SRV6/64" dev veth-srv nodad
    in_cli ip addr add "$CLI6/64" dev veth-cli nodad
    for ns in "$SRV" "$CLI"; do
        ip netns exec "$ns" ip link set lo up
    done
    in_srv ip link set veth-srv up
    in_cli ip link set veth-cli up
    in_srv ethtool -K veth-srv tso off gso off gro off tx off >/dev/null 2>&1
    in_cli ethtool -K veth-cli tso off gso off gro off tx off >/dev/null 2>&1
}

start_servers() {
    mkdir -p "$WORK/nginx" "$WORK/www"
    head -c 6000 /dev/zero | tr '\0' 'x' >"$WORK/www/six-kb.txt"
    cat >"$WORK/nginx/nginx.conf" <<EOF
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { }
http {
    access_log off;
    client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
    uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
    ssl_certificate $WORK/server.crt;
    ssl_certificate_key $WORK/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    root $WORK/www;
    server { listen 80; listen [::]:80; location = / { return 200 "plain\n"; } }
    server { listen 443 ssl http2; listen [::]:443 ssl http2; location = / { return 200 "one-way\n"; } }
    server {
        listen 8443 ssl;
        ssl_client_certificate $WORK/ca.crt;
        ssl_verify_client on;
        location = / { return 200 "mutual\n"; }
    }
}
EOF
    ip netns exec "$SRV" nginx -c "$WORK/nginx/nginx.conf" &
    PIDS+=($!)
    ip netns exec "$SRV" gnutls-serv --http --port 5556 --x509certfile "$WORK/server.crt" \
        --x509keyfile "$WORK/server.key" >/dev/null 2>&1 &
    PIDS+=($!)
    ip netns exec "$SRV" gnutls-serv --http --port 5557 --require-client-cert --verify-client-cert \
        --x509cafile "$WORK/ca.crt" --x509certfile "$WORK/server.crt" --x509keyfile "$WORK/server.key" \
        >/dev/null 2>&1 &
    PIDS+=($!)
    ip netns exec "$SRV" openssl s_server -quiet -www -accept 6443 -max_send_frag 512 -Verify 2 \
        -CAfile "$WORK/ca.crt" -cert "$WORK/server.crt" -key "$WORK/server.key" >/dev/null 2>&1 &
    PIDS+=($!)
    sleep 1
}

# capture FILE [tcpdump options...] -- COMMAND...: tcpdump in the client namespace while COMMAND runs.
capture() {
    local file="$1"
    shift
    local options=()
    while [[ "$1" != "--" ]]; do
        options+=("$1")
        shift
    done
    shift
    ip netns exec "$CLI" tcpdump -Z root -U -s 0 -w "$WORK/$file" "${options[@]}" "tcp or udp" 2>/dev/null &
    local dump=$!
    sleep 1
    "$@" >/dev/null 2>&1 || true
    sleep 1
    kill -TERM "$dump"
    wait "$dump" 2>/dev/null || true
    cp "$WORK/$file" "$OUT/$file"
}

request() {
    printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$1" "$NAME"
}

s_client() {
    request / | in_cli timeout 5 openssl s_client -quiet -ign_eof -servername "$NAME" -CAfile "$WORK/ca.crt" "$@"
}

gnutls() {
    local keys="$1"
    shift
    { request /; sleep 1; } | SSLKEYLOGFILE="$OUT/$keys" in_cli timeout 5 gnutls-cli --x509cafile \
        "$WORK/ca.crt" --sni-hostname "$NAME" --verify-hostname "$NAME" "$@"
}

curl_to() {
    local keys="$1"
    shift
    SSLKEYLOGFILE="$OUT/$keys" in_cli timeout 10 curl -sS -o /dev/null --cacert "$WORK/ca.crt" \
        --resolve "$NAME:443:$SRV4" --resolve "$NAME:8443:$SRV4" "$@"
}

make_captures() {
    local dev=(-i veth-cli)
    rm -f "$OUT"/*.keys
    capture openssl12-nginx.pcap "${dev[@]}" -- s_client -tls1_2 -keylogfile "$OUT/openssl12-nginx.keys" \
        -connect "$SRV4:443"
    capture openssl12-nginx-mtls.pcap "${dev[@]}" -- s_client -tls1_2 -cert "$WORK/client.crt" \
        -key "$WORK/client.key" -keylogfile "$OUT/openssl12-nginx-mtls.keys" -connect "$SRV4:8443"
    capture openssl13-nginx-mtls.pcap "${dev[@]}" -- s_client -tls1_3 -cert "$WORK/client.crt" \
        -key "$WORK/client.key" -keylogfile "$OUT/openssl13-nginx-mtls.keys" -connect "$SRV4:8443"
    capture openssl12-sserver-maxfrag512-mtls.pcap "${dev[@]}" -- s_client -tls1_2 -cert "$WORK/client.crt" \
        -key "$WORK/client.key" -keylogfile "$OUT/openssl12-sserver-maxfrag512-mtls.keys" -connect "$SRV4:6443"
    capture gnutls12-gnutls-serv-mtls.pcap "${dev[@]}" -- gnutls gnutls12-gnutls-serv-mtls.keys \
        --priority "NORMAL:-VERS-ALL:+VERS-TLS1.2" --x509certfile "$WORK/client.crt" \
        --x509keyfile "$WORK/client.key" -p 5557 "$SRV4"
    capture gnutls13-gnutls-serv.pcap "${dev[@]}" -- gnutls gnutls13-gnutls-serv.keys \
        --priority "NORMAL:-VERS-ALL:+VERS-TLS1.3" -p 5556 "$SRV4"
    capture gnutls13-gnutls-serv-mtls.pcap "${dev[@]}" -- gnutls gnutls13-gnutls-serv-mtls.keys \
        --priority "NORMAL:-VERS-ALL:+VERS-TLS1.3" --x509certfile "$WORK/client.crt" \
        --x509keyfile "$WORK/client.key" -p 5557 "$SRV4"
    capture gnutls13-nginx-mtls.pcap "${dev[@]}" -- gnutls gnutls13-nginx-mtls.keys \
        --priority "NORMAL:-VERS-ALL:+VERS-TLS1.3" --x509certfile "$WORK/client.crt" \
        --x509keyfile "$WORK/client.key" -p 8443 "$SRV4"
    capture curl13-nginx-h2.pcap "${dev[@]}" -- curl_to curl13-nginx-h2.keys "https://$NAME/"
    capture curl12-nginx-mtls.pcap "${dev[@]}" -- curl_to curl12-nginx-mtls.keys --tlsv1.2 --tls-max 1.2 \
        --cert "$WORK/client.crt" --key "$WORK/client.key" "https://$NAME:8443/"
    capture curl13-nginx-ipv6.pcap "${dev[@]}" -- curl_to curl13-nginx-ipv6.keys --http1.1 \
        --resolve "$NAME:443:[$SRV6]" "https://$NAME/"
    capture curl-http-ipv6.pcap "${dev[@]}" -- in_cli curl -sS -o /dev/null "http://[$SRV6]/"
    capture curl-http-sll1.pcap -i any -y LINUX_SLL -- in_cli curl -sS -o /dev/null "http://$SRV4/"
    capture curl13-nginx-sll2.pcap -i any -y LINUX_SLL2 -- curl_to curl13-nginx-sll2.keys --http1.1 \
        "https://$NAME/"

    # A ClientHello larger than the server's MSS: the server advertises 256 bytes, and openssl offers every
    # cipher suite it has.
    in_srv ip route replace 192.0.2.0/24 dev veth-srv advmss 256
    capture openssl13-clienthello-2segments.pcap "${dev[@]}" -- s_client -cipher 'ALL:@SECLEVEL=0' \
        -keylogfile "$OUT/openssl13-clienthello-2segments.keys" -connect "$SRV4:443"
    in_srv ip route replace 192.0.2.0/24 dev veth-srv

    # A capture that starts after the handshake: the request goes out only once tcpdump runs.
    mkfifo "$WORK/later"
    { sleep 3; request /six-kb.txt; } >"$WORK/later" &
    in_cli timeout 8 openssl s_client -quiet -ign_eof -servername "$NAME" -connect "$SRV4:443" \
        <"$WORK/later" >/dev/null 2>&1 &
    local client=$!
    sleep 1.5
    capture openssl13-midstream.pcap "${dev[@]}" -- wait "$client"

    # Loss, retransmission and out-of-order segments both ways: netem where the kernel has it, else a token
    # bucket with a queue too short for the sender's bursts, which drops the excess.
    local impair=netem
    if ! in_cli tc qdisc add dev veth-cli root netem delay 2ms loss 10% reorder 25% 50% 2>/dev/null; then
        impair=tbf
        in_cli tc qdisc add dev veth-cli root tbf rate 4mbit burst 3000 limit 3000
        in_srv tc qdisc add dev veth-srv root tbf rate 4mbit burst 3000 limit 3000
    else
        in_srv tc qdisc add dev veth-srv root netem delay 2ms loss 10% reorder 25% 50%
    fi
    capture "curl13-$impair-loss-reorder.pcap" "${dev[@]}" -- curl_to "curl13-$impair-loss-reorder.keys" \
        --http1.1 "https://$NAME/six-kb.txt"
    capture "curl-http-$impair-loss-reorder.pcap" "${dev[@]}" -- in_cli curl -sS -o /dev/null \
        "http://$SRV4/six-kb.txt"
    in_cli tc qdisc del dev veth-cli root
    in_srv tc qdisc del dev veth-srv root
}

make_certificates
make_network
start_servers
make_captures
ls -l "$OUT"
