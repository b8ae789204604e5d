package io.seqbench.bench;

import io.seqbench.bench.speed.Peak;
import io.seqbench.bench.speed.SetupComparison;
import io.seqbench.bench.speed.SpeedReport;
import io.seqbench.bench.speed.SpeedRunner;
import io.seqbench.common.Backend;
import io.seqbench.common.result.MachineCheckResult;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.CellStatus;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.Tasks;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;

/**
 * The seqbench command line: runs the comparison grid (every task x model x backend x seed), writes each finished
 * cell to {@code cells.jsonl} at once, and regenerates the tables and plots. Bad input gets one line and exit code 2,
 * and never touches an existing run.
 */
@Command(name = "seqbench", mixinStandardHelpOptions = true, version = "seqbench 0.1.0",
        description = "Trains the same models on DL4J, DJL and Tribuo over the task catalogue and compares them.",
        subcommands = {Main.Report.class, Main.Speed.class, VerifyCommand.class, TasksCommand.class, MergeCommand.class})
public final class Main implements Callable<Integer> {
    static final int BAD_INPUT = 2;

    @Option(names = "--tasks", split = ",", description = "tasks to run (default: all); see --list")
    List<String> tasks = new ArrayList<>();

    @Option(names = "--backends", split = ",", description = "backends to run (default: all found)")
    List<String> backends = new ArrayList<>();

    @Option(names = "--models", split = ",", description = "recipe, fix, or model names (default: all)")
    List<String> models = new ArrayList<>();

    @Option(names = "--seeds", description = "seeds 1..N per cell (default: ${DEFAULT-VALUE})")
    int seeds = 1;

    @Option(names = "--epochs", description = "override every cell's epoch budget (for smoke runs; recorded per cell)")
    Integer epochs;

    @Option(names = "--param", description = "task parameter, e.g. meanones.L=200 (repeatable)")
    List<String> params = new ArrayList<>();

    @Option(names = "--profile", description = "quick (about 15 minutes) or seed (the full recipes); default ${DEFAULT-VALUE}")
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

    @Option(names = "--retry-failed", description = "with --resume: run failed, crashed and timed-out cells again "
            + "(by default they stay as recorded)")
    boolean retryFailed;

    private final PrintStream console;
    private final List<Backend> available;
    /** Whether cells may run in worker JVMs: the CLI's backends can be built there; tests' in-memory fakes cannot. */
    private final boolean workers;

    public Main() {
        this(System.out, AvailableBackends.all(), true);
    }

    Main(PrintStream console, List<Backend> available, boolean workers) {
        this.console = console;
        this.available = available;
        this.workers = workers;
    }

    public static void main(String[] args) {
        // The frameworks log start-up banners at INFO; the console is for the progress bar and the tables. Set here,
        // not in .mvn/jvm.config, where it would also silence Maven's own test summary.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(execute(args, System.out, System.err, AvailableBackends.all(), true));
    }

    /** Runs the command in process (the tests' in-memory backends); bad input prints one line and returns 2. */
    static int execute(String[] args, PrintStream out, PrintStream err, List<Backend> available) {
        return execute(args, out, err, available, false);
    }

    /** Runs the command; {@code workers}: cells train in worker JVMs unless --no-workers. */
    static int execute(String[] args, PrintStream out, PrintStream err, List<Backend> available, boolean workers) {
        CommandLine cl = new CommandLine(new Main(out, available, workers), new Factory(out, available, workers));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof BadInput) {
                err.println("seqbench: " + ex.getMessage());
                return BAD_INPUT;
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("seqbench: " + ex.getMessage() + " (see --help)");
            return BAD_INPUT;
        });
        return cl.execute(args);
    }

    /** Lets tests give the subcommands the same console and backends. */
    record Factory(PrintStream out, List<Backend> available, boolean workers) implements CommandLine.IFactory {
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == Main.class) {
                return cls.cast(new Main(out, available, workers));
            }
            if (cls == Report.class) {
                return cls.cast(new Report(out));
            }
            if (cls == Speed.class) {
                return cls.cast(new Speed(out, available));
            }
            if (cls == MergeCommand.class) {
                return cls.cast(new MergeCommand(out, available));
            }
            if (cls == TasksCommand.class) {
                return cls.cast(new TasksCommand(out));
            }
            if (cls == VerifyCommand.class) {
                return cls.cast(new VerifyCommand(out, available));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    /** The run.json of an existing run directory, or the user's one-line error starting with {@code what}. */
    static ResultStore.RunFile readRun(ResultStore store, Path dir, String what, String hint) {
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
    static void writeReports(Path dir, ResultStore.RunFile run, List<CellResult> cells) {
        try {
            Reports.write(dir, run, cells);
        } catch (IOException e) {
            throw new BadInput("cannot write the reports of " + dir + ": " + e.getMessage());
        }
    }

    /** A user error: one message, exit code 2. */
    static final class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message);
        }
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
            config = new ResultStore.RunConfig(profile, tasks, backends, models, seeds, params, epochs, cellLimit,
                    shard == null ? null : Shard.parse(shard, System.getenv()).toString());
            Path dir = out != null ? out : Path.of("runs", profile + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            store = new ResultStore(dir);
            if (store.hasRun() || Files.exists(dir.resolve(ResultStore.CELLS))) {
                throw new BadInput(dir + " already holds a run: use --resume " + dir + " to finish it, or another --out");
            }
        }
        validate(config);
        List<CellPlan> plan = Grid.plan(config, available);
        if (config.shard() != null) {
            plan = Shard.parse(config.shard(), Map.of()).select(plan);
        }
        Profile prof = Profile.valueOf(config.profile().toUpperCase());
        return new Runner(console, store, config, prof, config.cellLimit() != null ? config.cellLimit() : prof.cellLimitSeconds(),
                String.join(" ", ProcessHandle.current().info().arguments().map(List::of).orElse(List.of())), retryFailed,
                workers && !noWorkers).run(plan, available);
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

    private void printList() {
        for (Task t : Tasks.all()) {
            console.printf("%s: %s (target: %s)%n", t.id(), t.title(), t.target().describe());
            t.params().forEach(p -> console.printf("    param %s.%s = %s  (%s; %s)%n", t.id(), p.name(), p.defaultValue(),
                    p.allowed(), p.description()));
            for (TaskModel m : t.models()) {
                console.printf("  %-6s %-15s %-60s %s%n", m.role().name().toLowerCase(), m.name(), m.spec().describe(),
                        m.preprocessing().id());
                for (Backend b : available) {
                    console.printf("           %-7s %s%n", b.id(), b.support(m.spec()));
                }
            }
        }
        console.println("backends: " + String.join(", ", available.stream().map(Backend::id).toList()));
    }

    /** Regenerates README.md, cells.csv and the plots of a run directory from its cells.jsonl. */
    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Regenerates the tables, CSV and plots of a run directory from its cells.jsonl.")
    static final class Report implements Callable<Integer> {
        @Parameters(index = "0", description = "the run directory (e.g. results)")
        Path dir;

        private final PrintStream console;

        Report(PrintStream console) {
            this.console = console;
        }

        @Override
        public Integer call() throws Exception {
            ResultStore store = new ResultStore(dir);
            ResultStore.RunFile run = readRun(store, dir, "cannot report " + dir, "");
            ResultStore.Loaded loaded = store.readCells();
            loaded.problems().forEach(p -> console.println("warning: " + p));
            writeReports(dir, run, loaded.cells());
            console.println("wrote " + dir.resolve(Reports.README) + ", " + dir.resolve(Reports.CSV) + " and "
                    + dir.resolve(Reports.PLOTS));
            return 0;
        }
    }

    /**
     * Runs the JMH benchmarks with real forks on a run directory, keeps {@code jmh.json} beside its cells.jsonl and
     * merges ms/epoch, ratios and % of peak into its README. A benchmark error fails the command (exit 1).
     */
    @Command(name = "speed", mixinStandardHelpOptions = true,
            description = "Runs the JMH speed benchmarks and merges them into a run directory's tables.")
    static final class Speed implements Callable<Integer> {
        /** meanones is benchmarked at L=200 with 20 rows: one epoch of the full N=130 takes 20 s on DL4J. */
        static final String MEANONES = "L=200,N=20";
        static final Map<String, String> MEANONES_PARAMS = Map.of("L", "200", "N", "20");

        @Parameters(index = "0", defaultValue = "results", description = "the run directory (default: ${DEFAULT-VALUE})")
        Path dir;

        @Option(names = "--profile", description = "quick (1 fork, a survey: no speed verdicts), publish (4 forks, the "
                + "published matrix, about an hour on 2 cores), full (5 longer forks) ; default ${DEFAULT-VALUE}")
        String profile = "quick";

        @Option(names = "--resume", description = "continue an interrupted speed run in the directory: forks already "
                + "done are kept (same commit, profile and cases only)")
        boolean resume;

        @Option(names = "--tasks", split = ",", description = "default: ${DEFAULT-VALUE}")
        List<String> tasks = List.of("sum3", "scale15", "next2", "meanones", "square");

        @Option(names = "--backends", split = ",", description = "default: all found")
        List<String> backends = new ArrayList<>();

        @Option(names = "--models", split = ",", description = "recipe, fix or model names (default: all)")
        List<String> models = new ArrayList<>();

        @Option(names = "--setups", description = "instead of the matrix, compare each backend's default CPU set-up with "
                + "its alternatives (threads, workspaces, natives, ...) on fixed LSTM and dense-stack cases, and write "
                + "setup-jmh.json; --tasks and --models do not apply")
        boolean setups;

        private final PrintStream console;
        private final List<Backend> available;

        Speed(PrintStream console, List<Backend> available) {
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
            ResultStore.RunFile run = readRun(store, dir, "cannot benchmark into " + dir,
                    "; run the comparison first, or name its directory");
            tasks.forEach(Tasks::byId);
            List<Backend> chosen = Grid.selectBackends(backends, available);
            Grid.checkModelNames(models, tasks);
            List<MachineCheck.Case> cases = new ArrayList<>();
            for (String t : setups ? List.of("sum3", "scale15", "next2", "meanones", "square") : tasks) {
                Task task = Tasks.byId(t);
                Grid.selectModels(task, setups ? List.of() : models).forEach(m -> cases.add(new MachineCheck.Case(task, m,
                        t.equals("meanones") ? MEANONES_PARAMS : Map.of())));
            }
            MachineCheckResult check = checkMachine(console, chosen, cases);
            try {
                if (setups) {
                    SetupComparison.run(chosen.stream().map(Backend::id).toList(), prof, dir, Provenance.gitCommit(),
                            Provenance.machine(), check, console::println);
                } else {
                    runMatrix(prof, chosen, check);
                }
            } catch (RunnerException e) {
                System.err.println("seqbench speed: a benchmark failed: " + e.getMessage());
                return 1;
            }
            writeReports(dir, run, store.readCells().cells());
            console.println("merged into " + dir.resolve(Reports.README));
            return 0;
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
                for (TaskModel m : Grid.selectModels(task, models)) {
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
                SpeedRunner.run(new SpeedRunner.Plan(epoch, whole, all, all, ids, engines), prof, dir, Provenance.gitCommit(),
                        resume, line -> console.println("seqbench speed: " + line));
            } catch (IllegalArgumentException e) {
                throw new BadInput(e.getMessage());
            }
            SpeedReport.writeInfo(dir.resolve(SpeedReport.SPEED), prof, assumed, notTimed, Provenance.gitCommit(),
                    Provenance.machine(), check);
        }
    }

    /**
     * The machine check ({@link MachineCheck}) before anything is run or written: one line with its outcome; a
     * backend computing another function than its model on this machine refuses the command (exit 2).
     */
    static MachineCheckResult checkMachine(PrintStream console, List<Backend> backends, List<MachineCheck.Case> cases) {
        MachineCheckResult check = MachineCheck.run(backends, cases, Provenance.identity(),
                line -> console.println("seqbench: machine check, " + line));
        console.println("seqbench: " + check.describe());
        if (!check.passed()) {
            throw new BadInput("on this machine (" + check.machine() + ") a backend computes another function than its "
                    + "model: " + String.join("; ", check.failures()) + " (tolerance " + check.tolerance()
                    + "); nothing was run. See `verify` for every pair.");
        }
        return check;
    }

    /** Statuses that {@code --resume --retry-failed} runs again. */
    static final Set<CellStatus> RETRIED = Set.of(CellStatus.FAILED, CellStatus.CRASHED, CellStatus.TIMEOUT);

    /**
     * Runs the planned cells that are not done yet, with progress, writes the reports and ends with a summary line.
     * The exit code is 0 whenever the run finished, whatever its cells' statuses (they are results); 2 is bad input.
     */
    record Runner(PrintStream console, ResultStore store, ResultStore.RunConfig config, Profile profile, long cellLimit,
                  String commandLine, boolean retryFailed, boolean workers) {

        int run(List<CellPlan> plan, List<Backend> available) throws IOException {
            List<Backend> used = Grid.selectBackends(config.backends(), available);
            MachineCheckResult check = checkMachine(console, used, MachineCheck.casesOf(plan));
            ResultStore.Loaded loaded = store.readCells();
            loaded.problems().forEach(p -> console.println("warning: " + p));
            List<CellResult> kept = retryFailed ? loaded.cells().stream().filter(c -> !RETRIED.contains(c.status())).toList()
                    : loaded.cells();
            if (!loaded.problems().isEmpty() || kept.size() < loaded.cells().size()) {
                store.compact(kept);
                if (kept.size() < loaded.cells().size()) {
                    console.printf("seqbench: %d failed, crashed or timed-out cells will run again%n",
                            loaded.cells().size() - kept.size());
                }
                loaded = new ResultStore.Loaded(kept, loaded.problems());
            }
            ResultStore.RunFile run;
            if (store.hasRun()) {
                run = store.readRun();
            } else {
                String runId = "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
                run = new ResultStore.RunFile(Provenance.collect(runId, profile,
                        LongStream.rangeClosed(1, config.seeds()).boxed().toList(), commandLine, used, check), config);
                store.writeRun(run);
            }
            Set<String> done = new HashSet<>();
            loaded.cells().forEach(c -> done.add(c.key()));
            List<CellPlan> todo = plan.stream().filter(p -> !done.contains(p.key())).toList();
            console.printf("seqbench: %d cells%s (%d already done) -> %s%n", plan.size(),
                    config.shard() == null ? "" : " in shard " + config.shard(), plan.size() - todo.size(), store.dir());
            Harness harness = new Harness(run.provenance().runId(), profile, cellLimit);
            List<CellResult> results = new ArrayList<>(loaded.cells());
            try (CellProgress progress = CellProgress.forStream(System.console() != null, System.err, todo.size());
                 CellExecutor cells = workers ? new WorkerPool(harness, run.provenance().runId(), profile, cellLimit, console)
                         : CellExecutor.inProcess(harness)) {
                for (CellPlan cell : todo) {
                    progress.starting(cell.label());
                    CellResult r = cells.run(cell);
                    store.append(r);
                    results.add(r);
                    progress.finished(cell.label(), r);
                }
            } finally {
                store.close();
            }
            writeReports(store.dir(), run, results);
            ConsoleTable.print(console, results);
            console.println("tables, CSV and plots: " + store.dir().resolve(Reports.README));
            console.println(summary(plan.stream().map(CellPlan::key).collect(java.util.stream.Collectors.toSet()), results));
            return 0;
        }

        /** One line: how many of the plan's cells ended in each status. */
        static String summary(Set<String> planned, List<CellResult> results) {
            Map<CellStatus, Long> counts = new java.util.EnumMap<>(CellStatus.class);
            results.stream().filter(c -> planned.contains(c.key())).forEach(c -> counts.merge(c.status(), 1L, Long::sum));
            return "seqbench: " + planned.size() + " cells: " + counts.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase()).collect(java.util.stream.Collectors.joining(", "));
        }
    }
}
