package io.meshproof.repl;

import io.meshproof.engine.inventory.Inventory;
import io.meshproof.grammar.tree.Policy;
import io.meshproof.grammar.tree.Selector;
import io.meshproof.grammar.tree.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Warns when a policy names what the inventory cannot resolve: without an inventory no address has a
 * namespace, and a misspelt namespace matches nothing. Either way a statement would be NOT OBSERVED
 * although traffic was there, and an audit could pass by looking at nothing.
 */
final class PolicyCoverage {
    private PolicyCoverage() {
    }

    /** The warnings, each a complete line without the "meshproof: warning: " prefix. */
    static List<String> warnings(Policy policy, String policyFile, Inventory inventory) {
        List<String> out = new ArrayList<>();
        boolean namesNamespaces = false;
        for (Statement statement : policy.statements()) {
            for (Selector selector : List.of(statement.from(), statement.to())) {
                String namespace = namespaceOf(selector);
                if (namespace == null) {
                    continue;
                }
                namesNamespaces = true;
                if (!inventory.isEmpty() && !namespace.contains("*") && !namespace.contains("?")
                        && !inventory.namespaces().contains(namespace)) {
                    out.add(policyFile + ":" + selector.position().line() + ":" + selector.position().column()
                            + ": namespace '" + namespace + "' has no pod or service in the inventory (it has: "
                            + String.join(", ", inventory.namespaces()) + ")");
                }
            }
        }
        if (namesNamespaces && inventory.isEmpty()) {
            out.add(0, "no --inventory given: addresses resolve to no namespace, so ns: and pod: selectors "
                    + "match nothing");
        }
        return out;
    }

    private static String namespaceOf(Selector selector) {
        if (selector instanceof Selector.Namespace namespace) {
            return namespace.name();
        }
        if (selector instanceof Selector.Pod pod) {
            return pod.namespaceGlob();
        }
        return null;
    }
}
