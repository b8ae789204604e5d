package io.seqbench.bench.cli;

import io.seqbench.bench.results.ResultStore;
import io.seqbench.bench.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;


/** Regenerates README.md, cells.csv and the plots of a run directory from its cells.jsonl. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Regenerates the tables, CSV and plots of a run directory from its cells.jsonl.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "the run directory (e.g. results)")
    Path dir;

    private final PrintStream console;

    public ReportCommand(PrintStream console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        ResultStore store = new ResultStore(dir);
        ResultStore.RunFile run = RunDirectory.readRun(store, dir, "cannot report " + dir, "");
        ResultStore.Loaded loaded = store.readCells();
        loaded.problems().forEach(p -> console.println("warning: " + p));
        RunDirectory.writeReports(dir, run, loaded.cells());
        console.println("wrote " + dir.resolve(Reports.README) + ", " + dir.resolve(Reports.CSV) + " and "
                + dir.resolve(Reports.PLOTS));
        return 0;
    }
}
