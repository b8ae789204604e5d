package io.seqbench.bench.run;

import io.seqbench.bench.speed.SpeedRunner;
import io.seqbench.common.ResidentMemory;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.CellStatus;
import io.seqbench.common.result.ResultJson;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cells in child JVMs ({@link Worker}): one worker per backend at a time, reused from cell to cell so that JVM and
 * native start-up are paid once, and replaced after any abnormal end. The time limit is enforced from here: a cell
 * that has not answered {@link #GRACE_SECONDS} after its limit has its worker ended and is recorded as
 * {@code timeout}, so a hung native op or a Tribuo training stops on time. A worker that dies (a signal, an abort, an
 * OutOfMemoryError, which the worker JVM exits on) leaves its cell {@code crashed}, with the exit code and the first
 * lines of the JVM's crash report or of its standard error, and the run goes on with a new worker. A worker whose
 * resident memory has passed {@link #MAX_RESIDENT_MB} after a cell is retired, and the backend's next cell gets a new
 * one: native memory that a backend frees late (or fragments) must not add up over a long run until the kernel kills
 * the worker, or the whole machine runs short (seen: a {@code dl4j-samediff} worker at 18 GB after 135 cells).
 */
public final class WorkerPool implements CellExecutor {
    /**
     * Time past the cell limit for the worker's own (cooperative) limit and the evaluation to answer
     * ({@code seqbench.workerGraceSeconds}, 30 by default).
     */
    public static final long GRACE_SECONDS = Long.getLong("seqbench.workerGraceSeconds", 30);
    public static final int REPORT_LINES = 8;
    /** Resident memory (MB) past which a worker is retired after its cell ({@code seqbench.workerMaxResidentMb}). */
    public static final String MAX_RESIDENT_MB = "seqbench.workerMaxResidentMb";
    public static final long DEFAULT_MAX_RESIDENT_MB = 4096;

    private final Harness harness;
    private final String runId;
    private final Profile profile;
    private final long cellLimitSeconds;
    private final Path logs;
    private final PrintStream notices;
    private final long maxResidentMb;
    private final Map<String, WorkerProcess> workers = new HashMap<>();
    private int started;

    public WorkerPool(Harness harness, String runId, Profile profile, long cellLimitSeconds, PrintStream notices) {
        this.harness = harness;
        this.runId = runId;
        this.profile = profile;
        this.cellLimitSeconds = cellLimitSeconds;
        this.notices = notices;
        this.maxResidentMb = Long.getLong(MAX_RESIDENT_MB, DEFAULT_MAX_RESIDENT_MB);
        try {
            this.logs = Files.createTempDirectory("seqbench-workers");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One child JVM and the lines it answers with (a reader thread fills the queue; an empty string is its end). */
    private record WorkerProcess(Process process, Writer requests, BlockingQueue<String> answers, Path stderr) {
    }

    @Override
    public CellResult run(CellPlan plan) {
        String backend = plan.backend().id();
        WorkerProcess w = workers.get(backend);
        if (w != null && !w.process().isAlive()) {
            workers.remove(backend); // died while idle: that is no cell's doing, so this cell gets a new worker
            w = null;
        }
        try {
            w = w != null ? w : start(backend);
            workers.put(backend, w);
            w.requests().write(ResultJson.line(CellRequest.of(plan, runId, profile, cellLimitSeconds)) + "\n");
            w.requests().flush();
        } catch (IOException e) {
            return crashed(plan, backend, "could not reach its worker: " + e.getMessage());
        }
        try {
            // a cell with a rounding twin trains twice, each training within the cell limit
            long wait = (Harness.twinned(plan, plan.backend().support(plan.model().spec())) ? 2 : 1) * cellLimitSeconds
                    + GRACE_SECONDS;
            String line = w.answers().poll(wait, TimeUnit.SECONDS);
            if (line == null) {
                end(backend);
                return harness.abnormal(plan, CellStatus.TIMEOUT, "over the cell limit of " + cellLimitSeconds
                        + " s: no answer after " + wait + " s, the worker JVM was ended");
            }
            if (line.isEmpty()) {
                return crashed(plan, backend, null);
            }
            CellResult result = ResultJson.parseCell(line.substring(Worker.RESULT.length()));
            long resident = residentMb(w.process());
            if (resident > maxResidentMb) {
                notices.printf("seqbench: the %s worker JVM holds %d MB after %s (limit %d MB, %s); the backend's next "
                        + "cell gets a new one%n", backend, resident, plan.label(), maxResidentMb, MAX_RESIDENT_MB);
                retire(backend);
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(backend);
            throw new IllegalStateException("interrupted while cell " + plan.label() + " ran", e);
        } catch (IOException e) {
            end(backend);
            return crashed(plan, backend, "its answer was not a cell: " + e.getMessage());
        }
    }

    private WorkerProcess start(String backend) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(SpeedRunner.FORK_JVM_ARGS);
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-XX:ErrorFile=" + logs.resolve("hs_err_%p.log"));
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("seqbench."))
                .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
        cmd.add("-D" + Worker.PARENT + "=" + ProcessHandle.current().pid());
        SpeedRunner.fixForkClassPath();
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Worker.class.getName());
        Path stderr = logs.resolve(backend + "-" + (++started) + ".err");
        Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith(Worker.RESULT)) {
                        answers.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the worker is gone: its end is reported below
            }
            answers.add("");
        }, "seqbench-worker-" + backend);
        reader.setDaemon(true);
        reader.start();
        return new WorkerProcess(p, new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8), answers, stderr);
    }

    /** The cell's record after its worker died, with how it died; the next cell of the backend gets a new worker. */
    private CellResult crashed(CellPlan plan, String backend, String why) {
        WorkerProcess w = workers.remove(backend);
        String how = why;
        if (w != null) {
            try {
                w.process().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            how = (why == null ? "" : why + "; ") + exit(w.process()) + report(w);
            w.process().destroyForcibly();
        }
        return harness.abnormal(plan, CellStatus.CRASHED, "the worker JVM ended: " + how);
    }

    /** The exit code, and the signal for codes above 128. */
    private static String exit(Process p) {
        if (p.isAlive()) {
            return "still running, ended";
        }
        int code = p.exitValue();
        return "exit code " + code + (code > 128 ? " (signal " + (code - 128) + ")" : "")
                + (code == 3 ? " (the JVM exits so on an OutOfMemoryError)" : "");
    }

    /** The first lines of the JVM's crash report if it wrote one, else the last lines of its standard error. */
    private String report(WorkerProcess w) {
        try {
            Path hsErr = logs.resolve("hs_err_" + w.process().pid() + ".log");
            if (Files.exists(hsErr)) {
                try (Stream<String> lines = Files.lines(hsErr)) {
                    return "; " + hsErr.getFileName() + ": " + String.join(" | ", lines.filter(l -> !l.isBlank())
                            .limit(REPORT_LINES).toList());
                }
            }
            List<String> err = Files.exists(w.stderr()) ? Files.readAllLines(w.stderr()) : List.of();
            return err.isEmpty() ? "" : "; stderr: " + String.join(" | ", err.subList(Math.max(0, err.size() - REPORT_LINES),
                    err.size()));
        } catch (IOException e) {
            return "; (no report: " + e.getMessage() + ")";
        }
    }

    private void end(String backend) {
        WorkerProcess w = workers.remove(backend);
        if (w != null) {
            w.process().destroyForcibly();
        }
    }

    /** Ends a worker the way a run ends them: end of input, so that it exits by itself. */
    private void retire(String backend) {
        WorkerProcess w = workers.remove(backend);
        try {
            w.requests().close(); // end of input: the worker exits
            if (!w.process().waitFor(10, TimeUnit.SECONDS)) {
                w.process().destroyForcibly();
            }
        } catch (IOException e) {
            w.process().destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            w.process().destroyForcibly();
        }
    }

    /** A process's resident memory in MB from {@code /proc} (Linux), or 0 where that cannot be read. */
    public static long residentMb(Process p) {
        return ResidentMemory.kilobytes(p.pid()).orElse(0) / 1024;
    }

    @Override
    public void close() {
        for (String backend : new ArrayList<>(workers.keySet())) {
            retire(backend);
        }
    }
}
