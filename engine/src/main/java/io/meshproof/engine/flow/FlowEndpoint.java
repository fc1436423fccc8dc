package io.meshproof.engine.flow;

import io.meshproof.engine.inventory.Endpoint;
import java.net.InetAddress;

/**
 * One side of a flow: where packets came from and what the inventory says that address is.
 *
 * @param address the IP address
 * @param port the TCP or UDP port
 * @param resolved the inventory's answer; kind "unknown" when nothing is known
 */
public record FlowEndpoint(InetAddress address, int port, Endpoint resolved) {
    /** The address as text, IPv6 compressed; made when asked for, on the thread that writes the report. */
    public String ip() {
        return AddressText.format(address);
    }

    /** {@code ns/pod ip:port} for pods and services, {@code kind ip:port} otherwise. */
    public String describe() {
        String where = ip().contains(":") ? "[" + ip() + "]:" + port : ip() + ":" + port;
        if (resolved.namespace() == null) {
            return resolved.kind() + " " + where;
        }
        return resolved.namespace() + "/" + resolved.name() + " " + where;
    }
}
