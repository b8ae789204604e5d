package io.seqbench.bench.run;

import io.seqbench.bench.results.ResultStore;
import io.seqbench.common.Backend;
import io.seqbench.common.result.MachineCheckResult;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.CellStatus;

import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * Runs the planned cells that are not done yet, with progress, into the run directory's files. Whatever its cells'
 * statuses, a run that finished is a result; the command then writes the reports and the summary line. With
 * {@code jobs} above 1 (worker JVMs only), that many cells train at once, each in its own worker JVM: every cell is
 * independent (its own seed, data and initial arrays, its own JVM per backend), so the cells are the same whatever the
 * number; only their order in cells.jsonl and their wall-clock times differ.
 */
public record GridRun(PrintStream console, ResultStore store, ResultStore.RunConfig config, Profile profile, long cellLimit,
                     String commandLine, boolean retryFailed, boolean workers, int jobs) {
    /** Statuses that {@code --resume --retry-failed} runs again. */
    public static final Set<CellStatus> RETRIED = Set.of(CellStatus.FAILED, CellStatus.CRASHED, CellStatus.TIMEOUT);


    /** What a run left: its run.json and every cell now recorded (earlier ones included). */
    public record Finished(ResultStore.RunFile run, List<CellResult> results) {
    }

    /** Runs the missing cells after the machine check; refuses (IllegalArgumentException) if the check fails. */
    public Finished run(List<CellPlan> plan, List<Backend> available) throws IOException {
        List<Backend> used = Grid.selectBackends(config.backends(), available);
        MachineCheckResult check = MachineCheck.require(console, used, MachineCheck.casesOf(plan));
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
        int parallel = workers ? Math.max(1, Math.min(jobs, todo.size())) : 1;
        console.printf("seqbench: %d cells%s (%d already done)%s -> %s%n", plan.size(),
                config.shard() == null ? "" : " in shard " + config.shard(), plan.size() - todo.size(),
                parallel > 1 ? ", " + parallel + " at once" : "", store.dir());
        Harness harness = new Harness(run.provenance().runId(), profile, cellLimit);
        List<CellResult> results = new ArrayList<>(loaded.cells()); // added under the lock below
        java.util.Queue<CellPlan> queue = new java.util.concurrent.ConcurrentLinkedQueue<>(todo);
        try (CellProgress progress = CellProgress.forStream(System.console() != null, System.err, todo.size())) {
            Runnable lane = () -> {
                try (CellExecutor cells = workers ? new WorkerPool(harness, run.provenance().runId(), profile, cellLimit, console)
                        : CellExecutor.inProcess(harness)) {
                    for (CellPlan cell = queue.poll(); cell != null; cell = queue.poll()) {
                        synchronized (progress) {
                            progress.starting(cell.label());
                        }
                        CellResult r = cells.run(cell);
                        synchronized (progress) {
                            store.append(r);
                            results.add(r);
                            progress.finished(cell.label(), r);
                        }
                    }
                }
            };
            if (parallel == 1) {
                lane.run();
            } else {
                java.util.concurrent.ExecutorService lanes = java.util.concurrent.Executors.newFixedThreadPool(parallel);
                try {
                    List<java.util.concurrent.Future<?>> running = new ArrayList<>();
                    for (int i = 0; i < parallel; i++) {
                        running.add(lanes.submit(lane));
                    }
                    for (java.util.concurrent.Future<?> f : running) {
                        f.get();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    queue.clear(); // the other lanes finish their cell and stop
                    throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                } finally {
                    lanes.shutdown();
                }
            }
        } finally {
            store.close();
        }
        return new Finished(run, results);
    }

    /**
     * The default number of cells at once: the cores over the most threads one training of the chosen backends uses
     * ({@link Backend#threads}), at least 1.
     */
    public static int defaultJobs(List<Backend> backends) {
        int threads = backends.stream().mapToInt(Backend::threads).max().orElse(1);
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, threads));
    }

    /** One line: how many of the plan's cells ended in each status. */
    public static String summary(Set<String> planned, List<CellResult> results) {
        Map<CellStatus, Long> counts = new java.util.EnumMap<>(CellStatus.class);
        results.stream().filter(c -> planned.contains(c.key())).forEach(c -> counts.merge(c.status(), 1L, Long::sum));
        return "seqbench: " + planned.size() + " cells: " + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase()).collect(java.util.stream.Collectors.joining(", "));
    }
}
