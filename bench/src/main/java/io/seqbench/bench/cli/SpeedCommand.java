package io.seqbench.bench.cli;

import io.seqbench.bench.run.Grid;
import io.seqbench.bench.run.MachineCheck;
import io.seqbench.bench.run.Profile;
import io.seqbench.bench.run.Provenance;
import io.seqbench.bench.results.CellParams;
import io.seqbench.bench.results.ResultStore;
import io.seqbench.bench.report.Reports;
import io.seqbench.bench.speed.Peak;
import io.seqbench.bench.speed.SameGraph;
import io.seqbench.bench.speed.SetupComparison;
import io.seqbench.bench.speed.SpeedReport;
import io.seqbench.bench.speed.SpeedRunner;
import io.seqbench.bench.speed.ScalingCase;
import io.seqbench.common.scaling.ScalingCurves;
import io.seqbench.common.Backend;
import io.seqbench.common.result.MachineCheckResult;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.Tasks;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;


/**
 * Runs the JMH benchmarks with real forks on a run directory, keeps {@code jmh.json} beside its cells.jsonl and
 * merges ms/epoch, ratios and % of peak into its README. A benchmark error fails the command (exit 1).
 */
@Command(name = "speed", mixinStandardHelpOptions = true,
        description = "Runs the JMH speed benchmarks and merges them into a run directory's tables.")
public final class SpeedCommand implements Callable<Integer> {
    /** meanones is benchmarked at L=200 with 20 rows: one epoch of the full N=130 takes 20 s on DL4J. */
    public static final String MEANONES = "L=200,N=20";

    @Parameters(index = "0", defaultValue = "results", description = "the run directory (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--profile", description = "quick (1 fork, a survey: no speed verdicts), publish (4 forks, the "
            + "published matrix; its time on this machine is in docs/USAGE.md), full (5 longer forks); default ${DEFAULT-VALUE}")
    String profile = "quick";

    @Option(names = "--resume", description = "continue an interrupted speed run in the directory: forks already "
            + "done are kept (same commit, profile and cases only)")
    boolean resume;

    @Option(names = "--tasks", split = ",", description = "default: ${DEFAULT-VALUE}")
    List<String> tasks = List.of("sum3", "scale15", "next2", "meanones", "square");

    @Mixin
    Selection selection = new Selection();

    @Option(names = "--setups", description = "instead of the matrix, compare each backend's default CPU set-up with "
            + "its alternatives (threads, workspaces, natives, ...) on fixed LSTM and dense-stack cases (threads and "
            + "natives also on the largest point of the chosen scaling curves: --factors), and write "
            + "setup-jmh.json; --tasks and --models do not apply")
    boolean setups;

    @Option(names = "--scaling", description = "instead of the matrix, time each stepped backend's epoch along the "
            + "scaling curves (LSTM units, sequence length, batch size, dense width; each grown from a centre point) and "
            + "write scaling-jmh.json; --tasks and --models do not apply")
    boolean scaling;

    @Option(names = "--factors", split = ",", description = "with --scaling, the curves to run (default: all of "
            + "lstm-units, lstm-length, lstm-batch, dense-width); with --setups, the curves on whose largest point the "
            + "set-ups that may pay off at size run (default: lstm-units, lstm-batch, dense-width)")
    List<String> factors = List.of();

    private final PrintStream console;
    private final List<Backend> available;

    public SpeedCommand(PrintStream console, List<Backend> available) {
        this.console = console;
        this.available = available;
    }

    @Override
    public Integer call() throws Exception {
        SpeedRunner.Profile prof;
        try {
            prof = SpeedRunner.Profile.named(profile);
        } catch (IllegalArgumentException e) {
            throw new BadInput("unknown speed profile '" + profile + "': use quick, publish or full");
        }
        ResultStore store = new ResultStore(dir);
        ResultStore.RunFile run = RunDirectory.readRun(store, dir, "cannot benchmark into " + dir,
                "; run the comparison first, or name its directory");
        tasks.forEach(Tasks::byId);
        List<Backend> chosen = Grid.selectBackends(selection.backends, available);
        Grid.checkModelNames(selection.models, tasks);
        List<MachineCheck.Case> cases = new ArrayList<>();
        for (String t : setups ? List.of("sum3", "scale15", "next2", "meanones", "square") : tasks) {
            Task task = Tasks.byId(t);
            for (TaskModel m : Grid.selectModels(task, setups ? List.of() : selection.models)) {
                cases.add(new MachineCheck.Case(task, m, t.equals("meanones") ? CellParams.parse(MEANONES) : Map.of()));
            }
        }
        List<ScalingCurves.Curve> curves;
        try {
            curves = ScalingCurves.named(factors);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
        if (setups && scaling) {
            throw new BadInput("--setups and --scaling are two runs: give one");
        }
        MachineCheckResult check = MachineCheck.require(console, chosen, cases);
        try {
            if (scaling) {
                List<String> stepped = chosen.stream().filter(Backend::steppable).map(Backend::id).toList();
                List<String> cells = ScalingCase.cells(ScalingCurves.points(curves), stepped);
                console.printf("seqbench speed: %d scaling cases (%d curves x %d stepped backends), profile %s -> %s%n",
                        cells.size(), curves.size(), stepped.size(), prof.name().toLowerCase(Locale.ROOT),
                        dir.resolve(SpeedRunner.SCALING_JMH));
                try {
                    SpeedRunner.runScaling(cells, chosen.stream().filter(Backend::nativeEngine).map(Backend::id).toList(),
                            prof, dir, Provenance.gitCommit(), resume, line -> console.println("seqbench speed: " + line));
                } catch (IllegalArgumentException e) {
                    throw new BadInput(e.getMessage());
                }
                SpeedReport.writeInfo(dir.resolve(SpeedRunner.SCALING_INFO), prof, Peak.compute(), List.of(),
                        Provenance.gitCommit(), Provenance.machine(), check);
            } else if (setups) {
                try {
                    SetupComparison.run(chosen.stream().map(Backend::id).toList(),
                            chosen.stream().filter(Backend::steppable).map(Backend::id).toList(),
                            factors.isEmpty() ? ScalingCurves.named(SetupComparison.AT_SIZE_FACTORS) : curves, prof, dir,
                            Provenance.gitCommit(), Provenance.machine(), check, resume, console::println);
                } catch (IllegalArgumentException e) {
                    throw new BadInput(e.getMessage());
                }
            } else {
                runMatrix(prof, chosen, check);
            }
        } catch (RunnerException e) {
            System.err.println("seqbench speed: a benchmark failed: " + e.getMessage());
            return 1;
        }
        RunDirectory.writeReports(dir, run, store.readCells().cells());
        console.println("merged into " + dir.resolve(Reports.README));
        return 0;
    }

    /**
     * The cases whose cold start is measured: the first task's. A server's start is the JVM, the backend's libraries and
     * one small model, so the model matters little, and every shot is a new JVM of a few seconds.
     */
    static List<String> coldCells(List<String> cells) {
        String first = cells.isEmpty() ? "" : cells.get(0).split("/")[0];
        return cells.stream().filter(c -> c.split("/")[0].equals(first)).toList();
    }

    /**
     * The speed matrix: every runnable task x model x backend, a model whose compute graph an earlier model of the
     * task already runs timed once (listed in speed.json), then jmh.json and speed.json.
     */
    private void runMatrix(SpeedRunner.Profile prof, List<Backend> chosen, MachineCheckResult check)
            throws IOException, RunnerException {
        List<String> epoch = new ArrayList<>();
        List<String> whole = new ArrayList<>();
        List<String> all = new ArrayList<>();
        List<String> notTimed = new ArrayList<>();
        for (String t : tasks) {
            Task task = Tasks.byId(t);
            List<TaskModel> timed = new ArrayList<>();
            for (TaskModel m : Grid.selectModels(task, selection.models)) {
                TaskModel same = timed.stream().filter(o -> SameGraph.of(o, m)).findFirst().orElse(null);
                if (same != null) {
                    notTimed.add(t + " " + m.name() + " as " + same.name() + " (" + SameGraph.difference(same, m) + ")");
                    continue;
                }
                timed.add(m);
                for (Backend b : chosen) {
                    if (!b.support(m.spec()).runnable()) {
                        continue;
                    }
                    String cell = t + "/" + m.name() + "/" + b.id() + (t.equals("meanones") ? "/" + MEANONES : "");
                    all.add(cell);
                    (b.steppable() ? epoch : whole).add(cell);
                }
            }
        }
        Peak assumed = Peak.compute();
        List<String> ids = chosen.stream().map(Backend::id).toList();
        List<String> engines = chosen.stream().filter(Backend::nativeEngine).map(Backend::id).toList();
        console.printf("seqbench speed: %d cases (%d stepped), profile %s -> %s%n", all.size(), epoch.size(),
                prof.name().toLowerCase(Locale.ROOT), dir.resolve(SpeedReport.JMH));
        try {
            SpeedRunner.run(new SpeedRunner.Plan(epoch, whole, coldCells(all), all, ids, engines), prof, dir, Provenance.gitCommit(),
                    resume, line -> console.println("seqbench speed: " + line));
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
        SpeedReport.writeInfo(dir.resolve(SpeedReport.SPEED), prof, assumed, notTimed, Provenance.gitCommit(),
                Provenance.machine(), check);
    }
}
