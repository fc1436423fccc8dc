package io.meshproof.engine.dns;

/**
 * One resource record of an answer, authority or additional section.
 *
 * @param name the owner name, as in {@link DnsQuestion#name()}
 * @param type the type's mnemonic or {@code TYPEnnn}
 * @param dnsClass the class's mnemonic or {@code CLASSnnn}
 * @param ttl time to live in seconds
 * @param data the record data as text: the address for A and AAAA, the name for CNAME, PTR and NS, the
 *     zone-file presentation for MX, SRV, SOA and TXT, and {@code \# LENGTH HEX} (RFC 3597) otherwise
 */
public record DnsRecord(String name, String type, String dnsClass, long ttl, String data) {
}
