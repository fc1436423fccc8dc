package io.meshproof.engine.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressTextTest {
    @Test
    void compressesIpv6_asRfc5952Says() throws Exception {
        assertThat(AddressText.format(InetAddress.getByName("fd00:10:244:2:0:0:0:17"))).isEqualTo("fd00:10:244:2::17");
        assertThat(AddressText.format(InetAddress.getByName("0:0:0:0:0:0:0:6"))).isEqualTo("::6");
        assertThat(AddressText.format(InetAddress.getByName("2001:db8:0:1:1:1:1:1"))).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(AddressText.format(InetAddress.getByName("2001:0:0:1:0:0:0:1"))).isEqualTo("2001:0:0:1::1");
        assertThat(AddressText.format(InetAddress.getByName("10.244.1.12"))).isEqualTo("10.244.1.12");
    }

    @Test
    void recognisesSidecarHopSources() throws Exception {
        assertThat(AddressText.isPodLocalSource(InetAddress.getByName("127.0.0.6"))).isTrue();
        assertThat(AddressText.isPodLocalSource(InetAddress.getByName("::6"))).isTrue();
        assertThat(AddressText.isPodLocalSource(InetAddress.getByName("::1"))).isTrue();
        assertThat(AddressText.isPodLocalSource(InetAddress.getByName("10.244.1.12"))).isFalse();
        assertThat(AddressText.isPodLocalSource(InetAddress.getByName("fd00::6"))).isFalse();
    }
}
