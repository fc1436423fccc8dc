package io.meshproof.engine.inventory;

import java.net.Inet4Address;
import java.net.Inet6Address;
import io.meshproof.engine.flow.AddressText;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Resolves addresses to the pods and services of a cluster, from {@code kubectl get pods -A -o json} and
 * {@code kubectl get svc -A -o json} output (JSON or YAML). Immutable once loaded.
 *
 * <p>An address several objects claim is given to the strongest claim: a running or pending pod, then a
 * service, then a pod that has finished, then a {@code hostNetwork} pod, which shares its node's
 * address with every other such pod and wins only when it is the only claim.
 */
public final class Inventory {
    /** The /16 around each IPv4 and the /48 around each IPv6 cluster address delimit "inside". */
    static final int IPV4_RANGE_PREFIX_BYTES = 2;
    static final int IPV6_RANGE_PREFIX_BYTES = 6;

    private static final Inventory EMPTY = new Inventory(Map.of(), Map.of(), Map.of(), Set.of());

    private final Map<InetAddress, List<Claim>> claims;
    private final Map<String, Endpoint> podsByName;
    private final Map<InetAddress, String> nodesByAddress;
    private final Set<String> ranges;

    /** One object's claim on an address; the lower the rank, the stronger the claim. */
    record Claim(Endpoint endpoint, int rank) {
        static final int RUNNING_POD = 0;
        static final int SERVICE = 1;
        static final int FINISHED_POD = 2;
        static final int HOST_NETWORK_POD = 3;
    }

    Inventory(Map<InetAddress, List<Claim>> claims, Map<String, Endpoint> podsByName,
            Map<InetAddress, String> nodesByAddress, Set<String> ranges) {
        this.claims = claims;
        this.podsByName = podsByName;
        this.nodesByAddress = nodesByAddress;
        this.ranges = ranges;
    }

    /**
     * Reads every file, in order; each holds a Kubernetes List (with {@code items}) or a single Pod or
     * Service, as JSON or YAML (by extension, else by the first character).
     */
    public static Inventory load(List<Path> files) throws InventoryException {
        Builder builder = new Builder();
        InventoryReader reader = new InventoryReader();
        for (Path file : files) {
            reader.read(file, builder);
        }
        return builder.build();
    }

    /** An inventory that knows nothing: every address is external or unknown. */
    public static Inventory empty() {
        return EMPTY;
    }

    /** What the inventory says about the address; never null. */
    public Endpoint resolve(InetAddress address) {
        String ip = addressText(address);
        List<Claim> found = claims.getOrDefault(address, List.of());
        if (!found.isEmpty()) {
            return resolveClaims(ip, found);
        }
        String node = nodesByAddress.get(address);
        if (node != null || isLocalScope(address)) {
            return Endpoint.unresolved(ip, Endpoint.UNKNOWN, node);
        }
        boolean inside = ranges.isEmpty() ? isPrivateUse(address) : ranges.contains(rangeKey(address));
        return Endpoint.unresolved(ip, inside ? Endpoint.UNKNOWN : Endpoint.EXTERNAL, null);
    }

    /** True when no pod or service was read: nothing resolves to a namespace. */
    public boolean isEmpty() {
        return claims.isEmpty();
    }

    /** The namespaces of every pod and service read, sorted. */
    public SortedSet<String> namespaces() {
        SortedSet<String> out = new TreeSet<>();
        claims.values().forEach(list -> list.forEach(claim -> {
            if (claim.endpoint().namespace() != null) {
                out.add(claim.endpoint().namespace());
            }
        }));
        return out;
    }

    /** The pod of that name, at its primary address. */
    public Optional<Endpoint> findPod(String namespace, String name) {
        return Optional.ofNullable(podsByName.get(namespace + "/" + name));
    }

    private static Endpoint resolveClaims(String ip, List<Claim> found) {
        int best = found.stream().mapToInt(Claim::rank).min().orElseThrow();
        List<Claim> strongest = found.stream().filter(claim -> claim.rank() == best).toList();
        if (best == Claim.HOST_NETWORK_POD && strongest.size() > 1) {
            // several host-network pods share the node's address: the node is known, the pod is not
            return Endpoint.unresolved(ip, Endpoint.UNKNOWN, strongest.get(0).endpoint().node());
        }
        return strongest.get(0).endpoint().withIp(ip);
    }

    /** Loopback, link-local, unspecified, multicast, and IPv4-compatible IPv6 such as Envoy's {@code ::6}. */
    private static boolean isLocalScope(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        return address instanceof Inet6Address && Arrays.equals(bytes, 0, 12, new byte[12], 0, 12);
    }

    /** Without any cluster range, RFC 1918, RFC 6598 and RFC 4193 addresses cannot be called external. */
    private static boolean isPrivateUse(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            return first == 10 || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168)
                    || (first == 100 && second >= 64 && second <= 127);
        }
        return (b[0] & 0xFE) == 0xFC;
    }

    static String rangeKey(InetAddress address) {
        byte[] bytes = address.getAddress();
        int prefix = address instanceof Inet4Address ? IPV4_RANGE_PREFIX_BYTES : IPV6_RANGE_PREFIX_BYTES;
        return bytes.length + ":" + Arrays.toString(Arrays.copyOf(bytes, prefix));
    }

    /** Dotted quad, or RFC 5952 text for IPv6. */
    static String addressText(InetAddress address) {
        return AddressText.format(address);
    }

    /** Collects claims while files are read. */
    static final class Builder {
        private final Map<InetAddress, List<Claim>> claims = new HashMap<>();
        private final Map<String, Endpoint> podsByName = new LinkedHashMap<>();
        private final Map<InetAddress, String> nodesByAddress = new HashMap<>();
        private final Set<String> ranges = new HashSet<>();

        void addPod(Endpoint pod, List<InetAddress> addresses, boolean hostNetwork, boolean finished,
                List<InetAddress> hostAddresses) {
            int rank = hostNetwork ? Claim.HOST_NETWORK_POD : finished ? Claim.FINISHED_POD : Claim.RUNNING_POD;
            addClaims(pod, addresses, rank);
            String primary = addresses.isEmpty() ? null : addressText(addresses.get(0));
            podsByName.putIfAbsent(pod.namespace() + "/" + pod.name(), pod.withIp(primary));
            if (pod.node() != null) {
                hostAddresses.forEach(address -> nodesByAddress.putIfAbsent(address, pod.node()));
            }
        }

        void addService(Endpoint service, List<InetAddress> addresses) {
            addClaims(service, addresses, Claim.SERVICE);
        }

        private void addClaims(Endpoint endpoint, List<InetAddress> addresses, int rank) {
            for (InetAddress address : addresses) {
                claims.computeIfAbsent(address, key -> new ArrayList<>()).add(new Claim(endpoint, rank));
                ranges.add(rangeKey(address));
            }
        }

        Inventory build() {
            Map<InetAddress, List<Claim>> frozen = new HashMap<>();
            claims.forEach((address, list) -> frozen.put(address,
                    list.stream().sorted(Comparator.comparingInt(Claim::rank)).toList()));
            return new Inventory(Map.copyOf(frozen), Map.copyOf(podsByName), Map.copyOf(nodesByAddress),
                    Set.copyOf(ranges));
        }
    }
}
