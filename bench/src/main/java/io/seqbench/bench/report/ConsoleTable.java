package io.seqbench.bench.report;

import io.seqbench.bench.report.Rows.Row;

import io.seqbench.common.result.CellResult;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.Tasks;

import java.io.PrintStream;
import java.util.List;

import static io.seqbench.bench.report.Rows.rows;
import static io.seqbench.bench.report.TaskTables.*;

/** The short table printed at the end of a run: one line per row of every task. */
public final class ConsoleTable {
    private ConsoleTable() {
    }

    /** A short console table: one line per row of every task. */
    public static void print(PrintStream out, List<CellResult> cells) {
        out.printf("%-12s %-16s %-16s %-7s %-12s %14s %10s %12s %10s%n", "task", "params", "model", "backend", "status",
                "probe", "probe err", "held RMSE", "train");
        for (Task t : Tasks.all()) {
            for (Row r : rows(cells.stream().filter(c -> c.task().equals(t.id())).toList())) {
                out.printf("%-12s %-16s %-16s %-7s %-12s %14s %10s %12s %10s%n", t.id(), r.params(), r.model(), r.backend(),
                        r.status(), truncate(probePrediction(r), 14), probeError(r), rmse(r), trainTime(r));
            }
        }
    }

    /** Mean wall-clock training time: progress for the person at the console, not a speed figure (JMH's are). */
    static String trainTime(Row r) {
        double[] t = r.cells().stream().filter(c -> c.status() != io.seqbench.common.result.CellStatus.UNSUPPORTED)
                .mapToDouble(CellResult::trainMs).toArray();
        return t.length == 0 ? "" : Format.ms(io.seqbench.bench.stats.Statistics.mean(t));
    }

    public static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
