package io.meshproof.engine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyScheduleTest {
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8448 3: the server's handshake write key and iv from server_handshake_traffic_secret. */
    @Test
    void expandsHandshakeKeyAndIv_likeRfc8448() throws Exception {
        byte[] secret = HEX.parseHex("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38");

        byte[] key = KeySchedule.expandLabel(AeadSuite.Hash.SHA256, secret, "key", new byte[0], 16);
        byte[] iv = KeySchedule.expandLabel(AeadSuite.Hash.SHA256, secret, "iv", new byte[0], 12);

        assertThat(HEX.formatHex(key)).isEqualTo("3fce516009c21727d0f2e4e86ee403bc");
        assertThat(HEX.formatHex(iv)).isEqualTo("5d313eb2671276ee13000b30");
    }

    /** The TLS 1.2 PRF test vector for SHA-256 published on the IETF TLS list. */
    @Test
    void derivesPrfOutput_likeThePublishedSha256Vector() throws Exception {
        byte[] secret = HEX.parseHex("9bbe436ba940f017b17652849a71db35");
        byte[] seed = HEX.parseHex("a0ba9f936cda311827a6f796ffd5198c");

        byte[] out = KeySchedule.prf(AeadSuite.Hash.SHA256, secret, "test label", seed, 100);

        assertThat(HEX.formatHex(out)).isEqualTo("e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
                + "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789"
                + "baa48082d122ee42c5a72e5a5110fff70187347b66");
    }
}
