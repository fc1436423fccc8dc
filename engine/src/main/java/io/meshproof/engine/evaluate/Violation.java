package io.meshproof.engine.evaluate;

import io.meshproof.engine.flow.Flow;

/** A flow that broke a statement, and how. */
public record Violation(Flow flow, String reason) {
}
