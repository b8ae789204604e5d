package io.seqbench.bench.run;

import io.seqbench.common.Backend;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.ResultJson;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A worker JVM's main: reads one {@link CellRequest} per line on standard input, runs the cell with the same
 * {@link Harness} as an in-process run, and answers with one line, {@link #RESULT} followed by the cell's JSON. Anything
 * a framework prints goes to standard error, so standard output carries only answers. It exits when its input ends
 * or its parent is gone, even in the middle of a cell, and never outlives a broken JVM: the parent starts it with
 * {@code -XX:+ExitOnOutOfMemoryError}.
 */
public final class Worker {
    public static final String RESULT = "seqbench-cell ";

    private Worker() {
    }

    /** The exit code of a worker whose parent is gone. */
    public static final int ORPHANED = 4;

    /** The system property through which the parent passes its process id. */
    public static final String PARENT = "seqbench.worker.parent";

    /**
     * Ends this JVM once its parent has gone (killed, or stopped with Ctrl-C), checked twice a second; at once if it
     * had gone before this JVM started. The end of input alone would wait for the cell in hand, which may run for many
     * minutes or, if it hangs, for ever. The parent names itself ({@link #PARENT}) because a worker started just as
     * its parent died would otherwise find itself adopted and watch the adopter.
     */
    private static void endWithParent() {
        Long pid = Long.getLong(PARENT);
        java.util.Optional<ProcessHandle> named = pid == null ? ProcessHandle.current().parent() : ProcessHandle.of(pid);
        if (named.isEmpty() || !named.get().isAlive()) {
            Runtime.getRuntime().halt(ORPHANED);
        }
        ProcessHandle parent = named.get();
        Thread watch = new Thread(() -> {
            while (parent.isAlive()) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(ORPHANED);
        }, "seqbench-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    public static void main(String[] args) throws Exception {
        PrintStream answers = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err);
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        endWithParent();
        List<Backend> backends = AvailableBackends.all();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            CellRequest r = ResultJson.mapper().readValue(line, CellRequest.class);
            CellResult result = new Harness(r.runId(), Profile.valueOf(r.profile()), r.cellLimitSeconds())
                    .run(r.plan(backends));
            answers.println(RESULT + ResultJson.line(result));
        }
    }
}
