package io.meshproof.engine.fingerprint;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * JA3, JA3S and JA4 of many hellos, each distinct hello computed once. A mesh's sidecars send the same
 * hello fields on every connection (only the random, session id and key shares differ, and no fingerprint
 * reads those), so a capture of thousands of connections has a handful of distinct hellos. One instance per
 * report or capture; not for use by several threads at once.
 */
public final class Fingerprints {
    // enough for any mesh's distinct clients; past it the memo starts again rather than grow
    private static final int MAX_HELLOS = 4096;

    private final Map<ClientHelloFields, ClientPrints> clients = new HashMap<>();
    private final Map<ServerHelloFields, String> servers = new HashMap<>();

    /** The JA3 MD5 of a ClientHello; null for null. */
    public String ja3(ClientHelloFields hello) {
        return hello == null ? null : client(hello).ja3();
    }

    /** The JA4 of a ClientHello; null for null. */
    public String ja4(ClientHelloFields hello) {
        return hello == null ? null : client(hello).ja4();
    }

    /** JA3 and JA4 of a ClientHello with one look-up; null for null. */
    public ClientPrints client(ClientHelloFields hello) {
        if (hello == null) {
            return null;
        }
        return remembered(clients, hello, fields -> new ClientPrints(Ja3.of(fields).md5(), Ja4.of(fields)));
    }

    /** The JA3S MD5 of a ServerHello; null for null. */
    public String ja3s(ServerHelloFields hello) {
        if (hello == null) {
            return null;
        }
        return remembered(servers, hello, fields -> Ja3s.of(fields).md5());
    }

    /** The memo's value for {@code hello}, computed and remembered when it has none. */
    private static <K, V> V remembered(Map<K, V> memo, K hello, Function<K, V> compute) {
        V known = memo.get(hello);
        if (known == null) {
            if (memo.size() >= MAX_HELLOS) {
                memo.clear();
            }
            known = compute.apply(hello);
            memo.put(hello, known);
        }
        return known;
    }

    /**
     * The fingerprints of one ClientHello.
     *
     * @param ja3 the JA3 MD5
     * @param ja4 the JA4
     */
    public record ClientPrints(String ja3, String ja4) {
    }
}
