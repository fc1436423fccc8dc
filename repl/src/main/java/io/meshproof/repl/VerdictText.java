package io.meshproof.repl;

import io.meshproof.engine.evaluate.Status;
import io.meshproof.engine.evaluate.Verdict;
import io.meshproof.engine.evaluate.Violation;
import java.io.PrintWriter;
import java.util.List;

/** Verdicts for people: one line per statement, the violating flows under each failure, a summary. */
final class VerdictText {
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RESET = "\u001b[0m";
    private static final int HEADING_WIDTH = 13;

    private final PrintWriter out;
    private final boolean colour;

    VerdictText(PrintWriter out, boolean colour) {
        this.out = out;
        this.colour = colour;
    }

    /**
     * @param flows how many flows the captures held
     * @param local how many of them were a sidecar's hop inside its pod
     * @param captures how many captures were read
     */
    void print(List<Verdict> verdicts, long flows, long local, int captures) {
        for (Verdict verdict : verdicts) {
            printVerdict(verdict);
        }
        long passed = verdicts.stream().filter(v -> v.status() == Status.PASS).count();
        long failed = verdicts.stream().filter(v -> v.status() == Status.FAIL).count();
        long unseen = verdicts.stream().filter(v -> v.status() == Status.NOT_OBSERVED).count();
        out.println();
        out.printf("%d passed, %d failed, %d not observed; %d %s in %d %s (%d local %s inside pods not checked)%n",
                passed, failed, unseen, flows, plural(flows, "flow"), captures,
                plural(captures, "capture"), local, plural(local, "hop"));
    }

    private void printVerdict(Verdict verdict) {
        String heading = String.format("%-" + HEADING_WIDTH + "s", verdict.status().heading());
        String detail = verdict.flows() == 0 ? "no flow matched"
                : verdict.flows() + " " + plural(verdict.flows(), "flow") + ", weakest evidence " + verdict.evidence();
        String name = verdict.name() == null ? "" : verdict.name() + ": ";
        out.println(paint(verdict.status(), heading) + name + verdict.statement() + "  (" + detail + ")");
        for (Violation violation : verdict.violations()) {
            out.println(" ".repeat(HEADING_WIDTH) + "#" + violation.flow() + " " + violation.client().describe()
                    + " -> " + violation.server().describe() + " " + violation.summary());
            // Where to look: the capture and the flow's first frame, as Wireshark numbers frames.
            out.println(" ".repeat(HEADING_WIDTH + 4) + violation.reason() + "; " + violation.capture()
                    + " from frame " + violation.firstFrame());
        }
    }

    private String paint(Status status, String text) {
        if (!colour) {
            return text;
        }
        String code = status == Status.PASS ? GREEN : status == Status.FAIL ? RED : YELLOW;
        return code + text + RESET;
    }

    private static String plural(long count, String word) {
        return count == 1 ? word : word + "s";
    }
}
