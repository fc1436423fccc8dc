package io.meshproof.repl;

import io.meshproof.engine.analysis.Progress;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error while captures are read, shown only to a person at a terminal and
 * only for files big enough to take a moment. Pipelines see nothing.
 */
final class ProgressDisplay implements Progress {
    /** Files smaller than this are read too fast for a bar to help. */
    private static final long MIN_BYTES_FOR_BAR = 32L << 20;

    private ProgressBar bar;
    private String current;

    private ProgressDisplay() {
    }

    static Progress forTerminal(PrintWriter err) {
        return Terminal.interactive() ? new ProgressDisplay() : Progress.NONE;
    }

    @Override
    public void update(String capture, long bytesRead, long totalBytes) {
        if (totalBytes < MIN_BYTES_FOR_BAR) {
            return;
        }
        if (!capture.equals(current)) {
            close();
            current = capture;
            bar = new ProgressBarBuilder().setTaskName(capture).setInitialMax(totalBytes >> 10)
                    .setUnit(" MiB", 1024).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }
        bar.stepTo(bytesRead >> 10);
        if (bytesRead >= totalBytes) {
            close();
        }
    }

    private void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
