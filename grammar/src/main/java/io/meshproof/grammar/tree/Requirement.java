package io.meshproof.grammar.tree;

/** What a statement demands of the flows it covers. */
public enum Requirement {
    /**
     * TLS with client authentication proven or inferred ({@code must be mtls}); with {@link Statement#proven()},
     * proven only ({@code must be mtls proven}).
     */
    MTLS("mtls"),
    /** TLS of any kind, mutual or not ({@code must be tls}). */
    TLS("tls"),
    /** Not TLS ({@code must be plaintext}); documents traffic known to be in clear. */
    PLAINTEXT("plaintext"),
    /**
     * No protocol seen in clear ({@code must not be plaintext}): TLS passes, and so does traffic whose
     * protocol was not recognised, since nothing readable was seen; {@code must be tls} is the stricter form.
     */
    NOT_PLAINTEXT("not plaintext");

    private final String keyword;

    Requirement(String keyword) {
        this.keyword = keyword;
    }

    /** The requirement as a policy writes it after {@code must be}: "mtls", "tls", "plaintext", "not plaintext". */
    public String keyword() {
        return keyword;
    }
}
