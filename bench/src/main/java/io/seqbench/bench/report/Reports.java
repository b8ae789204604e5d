package io.seqbench.bench.report;

import io.seqbench.bench.results.ResultStore;
import io.seqbench.bench.speed.SetupComparison;
import io.seqbench.bench.speed.SpeedReport;
import io.seqbench.bench.speed.SpeedVerdicts;
import io.seqbench.bench.speed.SpeedReport;
import io.seqbench.bench.speed.SpeedVerdicts;
import io.seqbench.common.result.CellResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Every table and plot of a run, regenerated from its cells and the result files beside them: {@code README.md}
 * (verdicts, provenance, one section per task, equivalence, speed), the same as a sortable page {@code index.html},
 * {@code verdicts.json}, {@code speed-verdicts.json}, {@code cells.csv} and {@code plots/*.png}. Each output is its own class; this one only puts them together. Nothing is edited by hand.
 */
public final class Reports {
    public static final String README = "README.md";
    public static final String CSV = "cells.csv";
    public static final String PLOTS = Plots.DIR;

    private Reports() {
    }

    public static void write(Path dir, ResultStore.RunFile run, List<CellResult> cells) throws IOException {
        List<Verdicts.Comparison> verdicts = Verdicts.compare(cells);
        Verdicts.writeJson(dir, verdicts);
        SpeedVerdicts.writeFor(dir);
        Files.createDirectories(dir.resolve(PLOTS));
        List<SpeedVerdicts.Verdict> speed = SpeedVerdicts.epochs(SpeedVerdicts.read(dir));
        String forest = "";
        if (!speed.isEmpty()) {
            Files.writeString(dir.resolve(PLOTS).resolve(ForestPlot.FILE), ForestPlot.svg(speed), StandardCharsets.UTF_8);
            forest = "![Every speed verdict: the faster backend's per-epoch speed-up with its interval, one log axis]("
                    + PLOTS + "/" + ForestPlot.FILE + ")\n\n";
        }
        String equivalence = EquivalenceSection.markdown(dir);
        String readme = io.seqbench.common.result.LocalPaths.strip(TaskTables.title()
                + io.seqbench.bench.results.ResultsProvenance.of(dir).markdown() + Recommendation.markdown(dir, cells) + forest
                + BackendGrid.markdown(cells, verdicts, SpeedReport.epochTimes(dir), speed, !equivalence.isEmpty()) + Verdicts.markdown(cells, verdicts) + TaskTables.markdown(run, cells, verdicts)
                + equivalence + SpeedReport.markdown(dir, cells) + ScalingReport.markdown(dir)
                + SetupComparison.markdown(dir)
                + io.seqbench.bench.speed.Footprint.markdown(dir));
        Files.writeString(dir.resolve(README), readme, StandardCharsets.UTF_8);
        HtmlPage.write(dir, readme);
        Files.writeString(dir.resolve(CSV), CellsCsv.csv(cells), StandardCharsets.UTF_8);
        Plots.write(dir, cells);
    }
}
