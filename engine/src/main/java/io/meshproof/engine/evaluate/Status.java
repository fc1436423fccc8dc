package io.meshproof.engine.evaluate;

/** The outcome of one policy statement over the observed flows. */
public enum Status {
    PASS("pass", "PASS"),
    FAIL("fail", "FAIL"),
    NOT_OBSERVED("not-observed", "NOT OBSERVED");

    private final String label;
    private final String heading;

    Status(String label, String heading) {
        this.label = label;
        this.heading = heading;
    }

    /** The name used in JSON: "pass", "fail", "not-observed". */
    public String label() {
        return label;
    }

    /** The word printed for people: "PASS", "FAIL", "NOT OBSERVED". */
    public String heading() {
        return heading;
    }
}
