package io.meshproof.grammar.facts;

/**
 * Why a flow breaks a statement's requirement, in the words a report shows. Compiled DRL calls
 * {@link #reason} from its violation rules, so that the DRL stays small and the wording lives in one place.
 */
public final class Requirements {
    private static final String MTLS = "mtls";
    private static final String MTLS_PROVEN = "mtls proven";
    private static final String TLS = "tls";
    private static final String PLAINTEXT = "plaintext";
    private static final String NOT_PLAINTEXT = "not plaintext";
    private static final String UNKNOWN_APP = "unknown";

    private Requirements() {
    }

    /**
     * Says how {@code flow} breaks {@code requirement}; called only for flows that do.
     *
     * @param requirement the requirement as written after {@code must be}: "mtls", "mtls proven", "tls",
     *     "plaintext" or "not plaintext"
     * @return a short reason, for example "plaintext (mtls required)"
     * @throws IllegalArgumentException for a requirement the language does not have
     */
    public static String reason(String requirement, FlowFact flow) {
        return switch (requirement) {
            case MTLS -> flow.isTls() ? clientAuthReason(flow) : notTlsReason(flow, "mtls required");
            case MTLS_PROVEN -> flow.isTls() ? provenReason(flow) : notTlsReason(flow, "mtls proven required");
            case TLS -> notTlsReason(flow, "tls required");
            case PLAINTEXT -> "TLS (plaintext required)";
            case NOT_PLAINTEXT -> "plaintext " + flow.getApp() + " (plaintext forbidden)";
            default -> throw new IllegalArgumentException("no requirement '" + requirement + "'");
        };
    }

    private static String notTlsReason(FlowFact flow, String required) {
        if (UNKNOWN_APP.equals(flow.getApp())) {
            return "protocol not recognised as TLS (" + required + ")";
        }
        return "plaintext (" + required + ")";
    }

    private static String provenReason(FlowFact flow) {
        if ("inferred".equals(flow.getClientAuth())) {
            return "client authentication inferred, not proven (mtls proven required)";
        }
        if (flow.getClientAuth() == null) {
            return "client authentication not assessed (mtls proven required)";
        }
        return clientAuthReason(flow);
    }

    private static String clientAuthReason(FlowFact flow) {
        String level = flow.getClientAuth();
        if ("absent".equals(level)) {
            return "TLS without client certificate (evidence absent)";
        }
        if ("unknown".equals(level)) {
            return "client authentication unknown (handshake not captured or session resumed)";
        }
        return "client authentication not assessed (mtls required)";
    }
}
