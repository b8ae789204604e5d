package io.seqbench.bench.run;

import io.seqbench.common.result.CellResult;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a run's cells: a redrawn progress bar with an ETA on a terminal, and one plain line per finished cell
 * anywhere else (a log file, CI), where a bar's carriage returns would glue labels together.
 */
public interface CellProgress extends AutoCloseable {

    public void starting(String label);

    public void finished(String label, CellResult result);

    @Override
    public void close();

    public static CellProgress forStream(boolean terminal, PrintStream out, int cells) {
        return terminal ? new Bar(out, cells) : new Lines(out, cells);
    }

    /** The terminal's progress bar. */
    public final class Bar implements CellProgress {
        private final ProgressBar bar;

        public Bar(PrintStream out, int cells) {
            bar = new ProgressBarBuilder().setTaskName("cells").setInitialMax(cells).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(500).showSpeed().build();
        }

        public void starting(String label) {
            bar.setExtraMessage(label);
        }

        public void finished(String label, CellResult result) {
            bar.step();
        }

        public void close() {
            bar.close();
        }
    }

    /** One line per finished cell: {@code [3/141] sum3/lstm@djl s1 ok 2.1 s}. */
    public final class Lines implements CellProgress {
        private final PrintStream out;
        private final int cells;
        private int done;

        public Lines(PrintStream out, int cells) {
            this.out = out;
            this.cells = cells;
        }

        public void starting(String label) {
        }

        public void finished(String label, CellResult result) {
            done++;
            out.printf(Locale.ROOT, "[%d/%d] %s %s %.1f s%n", done, cells, label, result.status().name().toLowerCase(Locale.ROOT),
                    result.trainMs() / 1000);
            out.flush();
        }

        public void close() {
        }
    }
}
