package io.meshproof.engine.dns;

/**
 * One entry of a message's question section.
 *
 * @param name the queried name in text form without the final dot ({@code .} for the root)
 * @param type the type's mnemonic ({@code A}, {@code AAAA}, ...) or {@code TYPEnnn} (RFC 3597)
 * @param dnsClass the class's mnemonic ({@code IN}, ...) or {@code CLASSnnn}
 */
public record DnsQuestion(String name, String type, String dnsClass) {
}
