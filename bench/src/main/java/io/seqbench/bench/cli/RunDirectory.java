package io.seqbench.bench.cli;

import io.seqbench.bench.results.ResultStore;
import io.seqbench.bench.report.Reports;
import io.seqbench.common.result.CellResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;


/** An existing run directory as the commands meet it: its run.json read, its reports regenerated, errors in one line. */
public final class RunDirectory {
    private RunDirectory() {
    }

    /** The run.json of an existing run directory, or the user's one-line error starting with {@code what}. */
    public static ResultStore.RunFile readRun(ResultStore store, Path dir, String what, String hint) {
        if (!Files.isDirectory(dir) || !store.hasRun()) {
            throw new BadInput(what + ": it is not a seqbench run directory (no " + ResultStore.RUN + ")" + hint);
        }
        try {
            return store.readRun();
        } catch (IOException e) {
            throw new BadInput(what + ": " + e.getMessage());
        }
    }

    /** Regenerates a run directory's reports; a corrupt input file there is the user's one-line error. */
    public static void writeReports(Path dir, ResultStore.RunFile run, List<CellResult> cells) {
        try {
            Reports.write(dir, run, cells);
        } catch (IOException e) {
            throw new BadInput("cannot write the reports of " + dir + ": " + e.getMessage());
        }
    }
}
