package io.seqbench.bench;

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
 * (the parent is gone) and never outlives a broken JVM: the parent starts it with {@code -XX:+ExitOnOutOfMemoryError}.
 */
public final class Worker {
    static final String RESULT = "seqbench-cell ";

    private Worker() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream answers = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.setOut(System.err);
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
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
