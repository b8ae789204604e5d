package io.seqbench.bench.run;

import io.seqbench.common.result.CellResult;

/**
 * Where a run's cells train: in worker JVMs ({@link WorkerPool}, the CLI's default), or in the CLI's own JVM
 * ({@link #inProcess}, for tests with in-memory backends and for {@code --no-workers}).
 */
public interface CellExecutor extends AutoCloseable {

    /** Runs one cell; always returns its record, whatever happened to the cell. */
    public CellResult run(CellPlan plan);

    @Override
    public void close();

    /** Cells train in this JVM: a native crash ends the run, and a time limit is only checked between epochs. */
    public static CellExecutor inProcess(Harness harness) {
        return new CellExecutor() {
            public CellResult run(CellPlan plan) {
                return harness.run(plan);
            }

            public void close() {
            }
        };
    }
}
