package io.meshproof.engine.tls;

import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** Turns the DER bytes of one certificate into a {@link CertificateInfo} with the JDK's X.509 parser. */
final class CertificateDecoder {
    // RFC 5280 4.2.1.6: GeneralName choices dNSName [2] and uniformResourceIdentifier [6]
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;
    private static final Map<String, String> EXTRA_KEYWORDS = Map.of(
            "1.2.840.113549.1.9.1", "emailAddress",
            "2.5.4.5", "serialNumber");

    private CertificateDecoder() {
    }

    /**
     * Decodes one DER certificate; empty when the JDK rejects it, with the reason in {@code problem[0]}.
     */
    static Optional<CertificateInfo> decode(byte[] der, String[] problem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            X509Certificate cert = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
            List<String> uris = new ArrayList<>();
            List<String> dns = new ArrayList<>();
            readSubjectAltNames(cert, uris, dns);
            return Optional.of(new CertificateInfo(formatName(cert.getSubjectX500Principal()),
                    formatName(cert.getIssuerX500Principal()), uris, dns, cert.getNotBefore().toInstant(),
                    cert.getNotAfter().toInstant(), describeKey(cert.getPublicKey())));
        } catch (CertificateException | RuntimeException e) {
            problem[0] = e.getClass().getSimpleName() + ": " + e.getMessage();
            return Optional.empty();
        }
    }

    private static void readSubjectAltNames(X509Certificate cert, List<String> uris, List<String> dns)
            throws CertificateParsingException {
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        if (names == null) {
            return;
        }
        for (List<?> name : names) {
            int type = (Integer) name.get(0);
            if (type == SAN_URI) {
                uris.add((String) name.get(1));
            } else if (type == SAN_DNS) {
                dns.add((String) name.get(1));
            }
        }
    }

    /** RDNs in encoding order (RFC 2253 strings list them in reverse), joined by ", ". */
    static String formatName(X500Principal principal) {
        String rfc2253 = principal.getName(X500Principal.RFC2253, EXTRA_KEYWORDS);
        try {
            List<Rdn> rdns = new LdapName(rfc2253).getRdns();
            List<String> parts = new ArrayList<>(rdns.size());
            for (Rdn rdn : rdns) {
                parts.add(rdn.toString());
            }
            return String.join(", ", parts);
        } catch (InvalidNameException e) {
            return rfc2253;
        }
    }

    static String describeKey(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return "EC P-" + ec.getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength();
        }
        return key.getAlgorithm();
    }
}
