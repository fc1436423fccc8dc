package io.meshproof.grammar.tree;

import io.meshproof.grammar.facts.Cidr;
import java.util.Objects;

/** Which endpoints one side of a statement covers: {@code any}, {@code ns:}, {@code pod:} or {@code ip:}. */
public sealed interface Selector {
    /** Where the selector is written in the policy. */
    SourcePosition position();

    /** The selector as a policy writes it, for example {@code pod:foo/sleep-*}. */
    String text();

    /** Every endpoint. */
    record Any(SourcePosition position) implements Selector {
        public Any {
            Objects.requireNonNull(position, "position");
        }

        @Override
        public String text() {
            return "any";
        }
    }

    /** Endpoints that resolve to a pod or service in one namespace, named exactly. */
    record Namespace(String name, SourcePosition position) implements Selector {
        public Namespace {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(position, "position");
        }

        @Override
        public String text() {
            return "ns:" + name;
        }
    }

    /** Pods whose namespace and name match two globs ({@code *} any run, {@code ?} one character). */
    record Pod(String namespaceGlob, String nameGlob, SourcePosition position) implements Selector {
        public Pod {
            Objects.requireNonNull(namespaceGlob, "namespaceGlob");
            Objects.requireNonNull(nameGlob, "nameGlob");
            Objects.requireNonNull(position, "position");
        }

        @Override
        public String text() {
            return "pod:" + namespaceGlob + "/" + nameGlob;
        }
    }

    /**
     * Endpoints whose address lies in a block; a bare address is a block of one.
     *
     * @param block the address or CIDR as written, for example {@code fd00:10:244::/48}
     * @param cidr the block parsed
     */
    record Address(String block, Cidr cidr, SourcePosition position) implements Selector {
        public Address {
            Objects.requireNonNull(block, "block");
            Objects.requireNonNull(cidr, "cidr");
            Objects.requireNonNull(position, "position");
        }

        @Override
        public String text() {
            return "ip:" + block;
        }
    }
}
