package io.seqbench.bench.run;

import io.seqbench.bench.cli.Cli;
import io.seqbench.bench.results.ResultStore;
import io.seqbench.bench.CrashTestBackend;
import io.seqbench.bench.Main;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.CellStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A crash costs one cell: cells train in worker JVMs, a native crash, a hang that ignores interrupts and an
 * OutOfMemoryError each end their own cell only, and a run killed with SIGKILL at any moment resumes to every cell
 * exactly once.
 */
public class WorkerTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void crashBackend() {
        System.setProperty(AvailableBackends.EXTRA, CrashTestBackend.class.getName());
        System.setProperty("seqbench.workerGraceSeconds", "2");
    }

    @AfterEach
    void clear() {
        System.clearProperty(AvailableBackends.EXTRA);
        System.clearProperty("seqbench.workerGraceSeconds");
    }

    /**
     * Seeds 1 and 5 train; 2 crashes the worker natively (SIGSEGV, then the JVM aborts: exit 134, crash report); 3
     * hangs and is ended by the parent at the limit (timeout); 4 runs out of heap, on which the worker JVM exits
     * (exit 3): crashed, not failed, because a JVM after an OutOfMemoryError cannot be trusted with the next cell.
     */
    @Test
    void crashesHangsAndOutOfMemoryEachCostOneCell() throws Exception {
        Path out = tmp.resolve("run");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.execute(new String[]{"--tasks", "sum3", "--models", "linear", "--backends", "crashtest", "--seeds", "5",
                        "--epochs", "2", "--cell-limit", "3", "--out", out.toString()}, new PrintStream(console, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), AvailableBackends.all(), true);
        assertEquals(0, code, console + "\n" + err);
        Map<Long, CellResult> bySeed = new HashMap<>();
        new ResultStore(out).readCells().cells().forEach(c -> bySeed.put(c.seed(), c));
        assertEquals(CellStatus.OK, bySeed.get(1L).status(), bySeed.get(1L).reason());
        assertEquals(CellStatus.CRASHED, bySeed.get(2L).status());
        assertTrue(bySeed.get(2L).reason().contains("exit code 134") && bySeed.get(2L).reason().contains("SIGSEGV"),
                bySeed.get(2L).reason());
        assertEquals(CellStatus.TIMEOUT, bySeed.get(3L).status());
        assertTrue(bySeed.get(3L).reason().contains("the worker JVM was ended"), bySeed.get(3L).reason());
        assertEquals(CellStatus.CRASHED, bySeed.get(4L).status());
        assertTrue(bySeed.get(4L).reason().contains("exit code 3"), bySeed.get(4L).reason());
        assertEquals(CellStatus.OK, bySeed.get(5L).status(), "the run went on with a new worker");
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("seqbench: 5 cells: 2 ok, 1 timeout, 2 crashed"), console.toString());
        assertTrue(Files.readString(out.resolve(ResultStore.RUN)).contains("\"cellLimit\" : 3"), "the limit is saved for --resume");
    }

    /** A worker past the resident-memory limit is retired after its cell, and the backend's next cell gets a new one. */
    @Test
    void aWorkerPastItsMemoryLimitIsReplacedForTheNextCell() throws Exception {
        System.setProperty(WorkerPool.MAX_RESIDENT_MB, "1");
        try {
            Path out = tmp.resolve("run");
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Cli.execute(new String[]{"--tasks", "sum3,scale15", "--models", "linear", "--backends", "crashtest",
                            "--epochs", "2", "--out", out.toString()}, new PrintStream(console, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), AvailableBackends.all(), true);
            String text = console.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, text + "\n" + err);
            assertTrue(text.contains("seqbench: 2 cells: 2 ok"), text);
            assertEquals(2, text.lines().filter(l -> l.contains("the crashtest worker JVM holds")
                    && l.contains("the backend's next cell gets a new one")).count(), text);
        } finally {
            System.clearProperty(WorkerPool.MAX_RESIDENT_MB);
        }
    }

    /**
     * SIGKILL at 50 random moments (during start-up, planning, a cell, a write or the reports), and after each the
     * command a user would give: the run again while it has no run.json yet, --resume once it has. Every cell ends up
     * in cells.jsonl exactly once. The cells take 8 s in all and no attempt lives past 3 s, so at least two
     * attempts are killed mid-run whatever the machine's speed.
     */
    @Test
    void killedAtRandomAndResumedEveryCellExactlyOnce() throws Exception {
        Path out = tmp.resolve("killed");
        Random rnd = new Random(42);
        int kills = 0;
        for (int attempt = 0; attempt < 50; attempt++) {
            Process p = cli(out, !Files.exists(out.resolve(ResultStore.RUN)));
            if (!p.waitFor(200 + rnd.nextInt(2800), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(); // SIGKILL
                kills++;
            }
        }
        Process last = cli(out, !Files.exists(out.resolve(ResultStore.RUN)));
        assertTrue(last.waitFor(120, TimeUnit.SECONDS), "the final resume finishes");
        assertEquals(0, last.exitValue());
        List<String> keys = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(ResultStore.CELLS))) {
            keys.add(io.seqbench.common.result.ResultJson.parseCell(line).key());
        }
        assertEquals(40, keys.size(), "40 cells, each once: " + keys.size());
        assertEquals(40, keys.stream().distinct().count());
        assertTrue(kills >= 2, "attempts killed: " + kills);
    }

    /**
     * A run killed while its worker is in a cell that never ends (seed 3 hangs, ignoring interrupts, under a cell limit
     * of 10 minutes) leaves no worker behind: the worker sees its parent go and ends within seconds.
     */
    @Test
    void aWorkerInAHangingCellEndsWithItsKilledParent() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + AvailableBackends.EXTRA + "=" + CrashTestBackend.class.getName(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--tasks", "sum3", "--models", "linear",
                "--backends", "crashtest", "--seeds", "3", "--epochs", "2", "--cell-limit", "600",
                "--out", tmp.resolve("orphan").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("cli.log").toFile()).start();
        List<ProcessHandle> workers = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !hangs(tmp.resolve("orphan"))) {
            Thread.sleep(200);
        }
        assertTrue(hangs(tmp.resolve("orphan")), "seeds 1 and 2 recorded, so seed 3's cell goes to a new worker");
        // the CLI starts no process but workers; the one that crashed on seed 2 is on its way out
        while (System.nanoTime() < deadline) {
            workers.clear();
            p.descendants().filter(h -> h.isAlive() && h.info().startInstant().orElse(Instant.MAX)
                    .isBefore(Instant.now().minusSeconds(3))).forEach(workers::add);
            if (workers.size() == 1) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(1, workers.size(), "one worker, started more than 3 s ago: " + workers);
        p.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook of the parent runs
        ProcessHandle worker = workers.get(0);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < until && !ended(worker)) {
            Thread.sleep(200);
        }
        assertTrue(ended(worker), "the worker ended with its parent");
    }

    /**
     * Ended: gone, or a zombie. An orphan's exit is collected by whatever runs as PID 1, which in a container may take
     * its time, and until then {@link ProcessHandle#isAlive} still says true.
     */
    private static boolean ended(ProcessHandle h) throws Exception {
        Path stat = Path.of("/proc", Long.toString(h.pid()), "stat");
        if (!h.isAlive() || !Files.exists(stat)) {
            return true;
        }
        try {
            String s = Files.readString(stat);
            return s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException gone) {
            return true;
        }
    }

    /** Whether seeds 1 and 2 are recorded, so that seed 3 is the cell in hand. */
    private static boolean hangs(Path run) throws Exception {
        Path cells = run.resolve(ResultStore.CELLS);
        return Files.exists(cells) && Files.readAllLines(cells).size() >= 2;
    }

    /** The CLI as a user runs it, in its own JVM: 40 cells of about 0.2 s; it starts the run, or resumes it. */
    private Process cli(Path out, boolean first) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + AvailableBackends.EXTRA + "=" + CrashTestBackend.class.getName(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(first ? List.of("--tasks", "scale15", "--models", "linear", "--backends", "crashtest", "--seeds", "40",
                "--epochs", "2", "--out", out.toString()) : List.of("--resume", out.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("cli.log").toFile()).start();
    }
}
