package io.seqbench.common.result;

/**
 * How a cell ended. Only {@code OK} cells have metrics; every other status carries its reason, and the tables
 * show it rather than dropping the cell.
 */
public enum CellStatus {
    /** Trained for the whole budget (or reached it) and was evaluated. */
    OK,
    /** The training loss became NaN or infinite; metrics are what the model predicts at that point, if anything. */
    DIVERGED,
    /** The backend threw; the reason holds the exception. */
    FAILED,
    /** Over the cell's time limit. */
    TIMEOUT,
    /**
     * The worker JVM running the cell ended abnormally (a native crash, an abort, an OutOfMemoryError, or no answer);
     * the reason holds the exit code or signal and the first lines of the crash report.
     */
    CRASHED,
    /** The backend cannot express the spec (shown as n/a). */
    UNSUPPORTED
}
