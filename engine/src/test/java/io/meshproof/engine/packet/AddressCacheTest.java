package io.meshproof.engine.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressCacheTest {
    private final AddressCache cache = new AddressCache();

    @Test
    void returnsTheSameInstance_whenAnAddressComesAgain() {
        byte[] packet = {0, 10, (byte) 244, 1, 12, 0};

        InetAddress first = cache.ipv4(packet, 1);

        assertThat(cache.ipv4(packet.clone(), 1)).isSameAs(first);
        assertThat(first.getHostAddress()).isEqualTo("10.244.1.12");
    }

    @Test
    void returnsEachAddress_whenManyShareTheSlots() throws Exception {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 20_000; i++) {
                byte[] bytes = {10, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
                assertThat(cache.ipv4(bytes, 0)).isEqualTo(InetAddress.getByAddress(bytes));
            }
        }
    }

    @Test
    void keepsIpv6_whenTheAddressIsIpv4Mapped() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 1;

        InetAddress address = cache.ipv6(mapped, 0);

        assertThat(address).isInstanceOf(Inet6Address.class);
        assertThat(cache.ipv6(mapped.clone(), 0)).isSameAs(address);
        mapped[15] = 2;
        assertThat(cache.ipv6(mapped, 0).getAddress()).isEqualTo(mapped);
    }
}
