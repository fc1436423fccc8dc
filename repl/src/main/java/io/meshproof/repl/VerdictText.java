package io.meshproof.repl;

import io.meshproof.engine.evaluate.Status;
import io.meshproof.engine.evaluate.Verdict;
import io.meshproof.engine.evaluate.Violation;
import io.meshproof.engine.flow.Flow;
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

    void print(List<Verdict> verdicts, List<Flow> flows, int captures) {
        for (Verdict verdict : verdicts) {
            printVerdict(verdict);
        }
        long passed = verdicts.stream().filter(v -> v.status() == Status.PASS).count();
        long failed = verdicts.stream().filter(v -> v.status() == Status.FAIL).count();
        long unseen = verdicts.stream().filter(v -> v.status() == Status.NOT_OBSERVED).count();
        long local = flows.stream().filter(Flow::local).count();
        out.println();
        out.printf("%d passed, %d failed, %d not observed; %d %s in %d %s (%d local %s inside pods not checked)%n",
                passed, failed, unseen, flows.size(), plural(flows.size(), "flow"), captures,
                plural(captures, "capture"), local, plural(local, "hop"));
    }

    private void printVerdict(Verdict verdict) {
        String heading = String.format("%-" + HEADING_WIDTH + "s", verdict.status().heading());
        String detail = verdict.flows() == 0 ? "no flow matched"
                : verdict.flows() + " " + plural(verdict.flows(), "flow") + ", weakest evidence " + verdict.evidence();
        String name = verdict.name() == null ? "" : verdict.name() + ": ";
        out.println(paint(verdict.status(), heading) + name + verdict.statement() + "  (" + detail + ")");
        for (Violation violation : verdict.violations()) {
            Flow flow = violation.flow();
            out.println(" ".repeat(HEADING_WIDTH) + "#" + flow.id() + " " + flow.client().describe() + " -> "
                    + flow.server().describe() + " " + flow.summary());
            // Where to look: the capture and the flow's first frame, as Wireshark numbers frames.
            out.println(" ".repeat(HEADING_WIDTH + 4) + violation.reason() + "; " + flow.capture() + " from frame "
                    + flow.firstFrame());
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
