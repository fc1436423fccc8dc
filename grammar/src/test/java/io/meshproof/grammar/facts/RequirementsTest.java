package io.meshproof.grammar.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequirementsTest {
    private static final EndpointFact CLIENT = new EndpointFact("10.0.0.1", 40000, "pod", "a", "a-1", "a", "sa", true);
    private static final EndpointFact SERVER = new EndpointFact("10.0.0.2", 80, "pod", "b", "b-1", "b", "sa", true);

    private static FlowFact flow(String app, String clientAuth) {
        return new FlowFact("1", CLIENT, SERVER, "tcp", app, false, "tls".equals(app) ? "1.2" : null, clientAuth,
                "seen");
    }

    @Test
    void namesEvidence_whenMtlsIsBroken() {
        assertThat(Requirements.reason("mtls", flow("http", null))).isEqualTo("plaintext (mtls required)");
        assertThat(Requirements.reason("mtls", flow("tls", "absent")))
                .isEqualTo("TLS without client certificate (evidence absent)");
        assertThat(Requirements.reason("mtls", flow("tls", "unknown")))
                .isEqualTo("client authentication unknown (handshake not captured or session resumed)");
        assertThat(Requirements.reason("mtls", flow("tls", null)))
                .isEqualTo("client authentication not assessed (mtls required)");
    }

    @Test
    void namesProtocol_whenOtherRequirementsAreBroken() {
        assertThat(Requirements.reason("tls", flow("dns", null))).isEqualTo("plaintext (tls required)");
        assertThat(Requirements.reason("tls", flow("unknown", null)))
                .isEqualTo("protocol not recognised as TLS (tls required)");
        assertThat(Requirements.reason("plaintext", flow("tls", "proven"))).isEqualTo("TLS (plaintext required)");
        assertThat(Requirements.reason("not plaintext", flow("h2c", null)))
                .isEqualTo("plaintext h2c (plaintext forbidden)");
    }

    @Test
    void refuses_whenRequirementIsNotInTheLanguage() {
        assertThatThrownBy(() -> Requirements.reason("mtls strict", flow("tls", "proven")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no requirement 'mtls strict'");
    }

    @Test
    void namesEvidence_whenMtlsProvenIsBroken() {
        assertThat(Requirements.reason("mtls proven", flow("tls", "inferred")))
                .isEqualTo("client authentication inferred, not proven (mtls proven required)");
        assertThat(Requirements.reason("mtls proven", flow("tls", "absent")))
                .isEqualTo("TLS without client certificate (evidence absent)");
        assertThat(Requirements.reason("mtls proven", flow("http", null)))
                .isEqualTo("plaintext (mtls proven required)");
        assertThat(Requirements.reason("mtls proven", flow("tls", null)))
                .isEqualTo("client authentication not assessed (mtls proven required)");
    }
}
