/**
 * TLS fingerprints of the hellos a connection showed in clear: JA3 and JA3S (Salesforce,
 * {@code github.com/salesforce/ja3}) and JA4 for ClientHellos (FoxIO, {@code github.com/FoxIO-LLC/ja4},
 * {@code technical_details/JA4.md}; JA4 itself only, not the other JA4+ methods).
 *
 * <p>Everything here is a pure function over plain values: {@link io.meshproof.engine.fingerprint.ClientHelloFields}
 * and {@link io.meshproof.engine.fingerprint.ServerHelloFields} hold the decoded fields in wire order, GREASE
 * values included, and each method removes GREASE exactly as its own specification says.
 */
package io.meshproof.engine.fingerprint;
