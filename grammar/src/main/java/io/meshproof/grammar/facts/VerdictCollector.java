package io.meshproof.grammar.facts;

/**
 * Where compiled DRL rules report what they find. The DRL declares it as the global {@code verdicts};
 * the evaluator supplies an implementation and turns the calls into verdicts afterwards.
 * Statements are numbered from 0 in the order of the policy.
 */
public interface VerdictCollector {
    /** A flow fell under a statement (matched its selectors and was not exempt). */
    void matched(int statement, FlowFact flow);

    /** A flow that fell under a statement broke its requirement; {@code reason} says how. */
    void violated(int statement, FlowFact flow, String reason);
}
