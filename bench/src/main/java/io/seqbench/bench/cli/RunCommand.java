package io.seqbench.bench.cli;

import io.seqbench.bench.run.CellPlan;
import io.seqbench.bench.run.Grid;
import io.seqbench.bench.run.Profile;
import io.seqbench.bench.run.GridRun;
import io.seqbench.bench.run.Shard;
import io.seqbench.bench.results.ResultStore;
import io.seqbench.bench.report.ConsoleTable;
import io.seqbench.bench.report.Reports;
import io.seqbench.common.Backend;
import io.seqbench.common.Support;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;


/**
 * The seqbench command line: runs the comparison grid (every task x model x backend x seed), writes each finished
 * cell to {@code cells.jsonl} at once, and regenerates the tables and plots. Bad input gets one line and exit code 2,
 * and never touches an existing run.
 */
@Command(name = "seqbench", mixinStandardHelpOptions = true, version = "seqbench 0.1.0",
        description = "Trains the same models on every backend found (listed at the end) over the task catalogue and compares them.",
        subcommands = {ReportCommand.class, SpeedCommand.class, VerifyCommand.class, TasksCommand.class, MergeCommand.class,
                FootprintCommand.class, PublishCommand.class})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--tasks", split = ",", description = "tasks to run (default: all); see --list")
    List<String> tasks = new ArrayList<>();

    @Mixin
    Selection selection = new Selection();

    @Option(names = "--seeds", description = "seeds 1..N per cell (default: ${DEFAULT-VALUE})")
    int seeds = 1;

    @Option(names = "--epochs", description = "override every cell's epoch budget (for smoke runs; recorded per cell)")
    Integer epochs;

    @Option(names = "--param", description = "task parameter, e.g. meanones.L=200 (repeatable)")
    List<String> params = new ArrayList<>();

    @Option(names = "--profile", description = "quick (long recipes on a stated smaller epoch budget) or seed (the full recipes); default ${DEFAULT-VALUE}")
    String profile = "quick";

    @Option(names = "--out", description = "output directory (default: runs/<profile>-<time>); must not hold another run")
    Path out;

    @Option(names = "--resume", description = "finish the run in this directory: only its missing cells are run")
    Path resume;

    @Option(names = "--list", description = "print the tasks, models and backends with each backend's support, and exit")
    boolean list;

    @Option(names = "--cell-limit", description = "seconds per cell before it is recorded as timed out (default: the profile's); "
            + "saved in run.json, so --resume keeps it")
    Long cellLimit;

    @Option(names = "--shard", description = "run only shard K of N of the grid (K/N; or N inside a Slurm job array or a "
            + "Kubernetes Indexed Job, which give K); combine the shards' directories with merge")
    String shard;

    @Option(names = "--no-workers", description = "train every cell in this JVM instead of worker JVMs (a native crash "
            + "then ends the run, and the time limit is only checked between epochs)")
    boolean noWorkers;

    @Option(names = "--jobs", description = "cells trained at once, each in its own worker JVM (default: the cores "
            + "over the most threads one training of the chosen backends uses; with --no-workers, 1). The cells do not "
            + "depend on it; speed runs never run concurrently")
    Integer jobs;

    @Option(names = "--retry-failed", description = "with --resume: run failed, crashed and timed-out cells again "
            + "(by default they stay as recorded)")
    boolean retryFailed;

    private final PrintStream console;
    private final List<Backend> available;
    /** Whether cells may run in worker JVMs: the CLI's backends can be built there; tests' in-memory fakes cannot. */
    private final boolean workers;

    public RunCommand(PrintStream console, List<Backend> available, boolean workers) {
        this.console = console;
        this.available = available;
        this.workers = workers;
    }

    @Override
    public Integer call() throws Exception {
        if (list) {
            printList();
            return 0;
        }
        ResultStore store;
        ResultStore.RunConfig config;
        if (resume != null) {
            if (out != null) {
                throw new BadInput("give --out or --resume, not both");
            }
            store = new ResultStore(resume);
            if (!Files.isDirectory(resume) || !store.hasRun()) {
                throw new BadInput("cannot resume " + resume + ": it is not a seqbench run directory (no "
                        + ResultStore.RUN + ")");
            }
            try {
                config = store.readRun().config();
            } catch (IOException e) {
                throw new BadInput("cannot resume " + resume + ": " + e.getMessage());
            }
            if (config == null) {
                throw new BadInput("cannot resume " + resume + ": its " + ResultStore.RUN + " has no configuration");
            }
            if (cellLimit != null) {
                throw new BadInput("--cell-limit cannot change on --resume: the run keeps the limit in its " + ResultStore.RUN);
            }
            if (shard != null) {
                throw new BadInput("--shard cannot change on --resume: the run keeps its shard in its " + ResultStore.RUN);
            }
        } else {
            if (retryFailed) {
                throw new BadInput("--retry-failed goes with --resume");
            }
            config = new ResultStore.RunConfig(profile, tasks, selection.backends, selection.models, seeds, params, epochs,
                    cellLimit, shard == null ? null : Shard.parse(shard, System.getenv()).toString());
            Path dir = out != null ? out : Path.of("runs", profile + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            store = new ResultStore(dir);
            if (store.hasRun() || Files.exists(dir.resolve(ResultStore.CELLS))) {
                throw new BadInput(dir + " already holds a run: use --resume " + dir + " to finish it, or another --out");
            }
        }
        validate(config);
        if (jobs != null && (jobs < 1 || jobs > 64)) {
            throw new BadInput("--jobs must be in [1, 64], got " + jobs);
        }
        if (jobs != null && jobs > 1 && (noWorkers || !workers)) {
            throw new BadInput("--jobs " + jobs + " needs worker JVMs: cells in one JVM train one at a time");
        }
        List<CellPlan> plan = Grid.plan(config, available);
        if (config.shard() != null) {
            plan = Shard.parse(config.shard(), Map.of()).select(plan);
        }
        Profile prof = Profile.valueOf(config.profile().toUpperCase());
        GridRun.Finished done = new GridRun(console, store, config, prof,
                config.cellLimit() != null ? config.cellLimit() : prof.cellLimitSeconds(),
                String.join(" ", ProcessHandle.current().info().arguments().map(List::of).orElse(List.of())), retryFailed,
                workers && !noWorkers, jobs != null ? jobs : GridRun.defaultJobs(Grid.selectBackends(config.backends(),
                available))).run(plan, available);
        RunDirectory.writeReports(store.dir(), done.run(), done.results());
        ConsoleTable.print(console, done.results());
        console.println("tables, CSV and plots: " + store.dir().resolve(Reports.README));
        console.println(GridRun.summary(plan.stream().map(CellPlan::key).collect(java.util.stream.Collectors.toSet()),
                done.results()));
        return 0;
    }

    private void validate(ResultStore.RunConfig c) {
        try {
            Profile.valueOf(c.profile().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new BadInput("unknown profile '" + c.profile() + "': use quick or seed");
        }
        c.tasks().forEach(Tasks::byId);
        Grid.selectBackends(c.backends(), available);
        Grid.checkModelNames(c.models(), c.tasks());
        if (c.cellLimit() != null && c.cellLimit() < 1) {
            throw new BadInput("--cell-limit must be >= 1 second, got " + c.cellLimit());
        }
    }

    /** Tasks, models and each backend's support; a reason is written out once and referred to by number after. */
    private void printList() {
        List<String> reasons = new ArrayList<>();
        for (Task t : Tasks.all()) {
            console.printf("%s: %s (target: %s)%n", t.id(), t.title(), t.target().describe());
            t.params().forEach(p -> console.printf("    param %s.%s = %s  (%s; %s)%n", t.id(), p.name(), p.defaultValue(),
                    p.allowed(), p.description()));
            for (TaskModel m : t.models()) {
                console.printf("  %-6s %-15s %-60s %s%n", m.role().name().toLowerCase(), m.name(), m.spec().describe(),
                        m.preprocessing().id());
                List<String> supports = new ArrayList<>();
                for (Backend b : available) {
                    Support s = b.support(m.spec());
                    String level = s.level().name().toLowerCase(java.util.Locale.ROOT);
                    if (s.reason().isEmpty()) {
                        supports.add(b.id() + " " + level);
                        continue;
                    }
                    if (!reasons.contains(s.reason())) {
                        reasons.add(s.reason());
                    }
                    supports.add(b.id() + " " + level + " [" + (reasons.indexOf(s.reason()) + 1) + "]");
                }
                console.printf("           %s%n", String.join(", ", supports));
            }
        }
        console.println("reasons:");
        for (int i = 0; i < reasons.size(); i++) {
            console.printf("  [%d] %s%n", i + 1, reasons.get(i));
        }
        console.println("backends: " + String.join(", ", available.stream().map(Backend::id).toList()));
    }
}
