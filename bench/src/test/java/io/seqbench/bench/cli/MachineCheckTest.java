package io.seqbench.bench.cli;

import io.seqbench.bench.results.ResultStore;
import io.seqbench.bench.FakeBackend;
import io.seqbench.bench.PlantedForwardBackend;
import io.seqbench.common.Backend;
import io.seqbench.common.result.RunProvenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The machine check before a run: a planted wrong forward pass refuses the run; a right one is recorded. */
public class MachineCheckTest {
    @TempDir
    Path tmp;

    public record Result(int code, String out, String err) {
    }

    public static Result run(List<Backend> backends, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), backends);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aWrongForwardPassRefusesTheRunWithOneLineAndWritesNothing() {
        Path dir = tmp.resolve("run");
        // 1e-3 off: far below what any table would show, ten times the tolerance
        Result r = run(List.of(new PlantedForwardBackend("right", 1), new PlantedForwardBackend("wrong", 1.001)),
                "--tasks", "sum3,progression", "--epochs", "1", "--out", dir.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("a backend computes another function than its model: wrong sum3/"), r.err());
        assertFalse(r.err().contains("right "), "the right backend is not named: " + r.err());
        assertTrue(r.out().contains("FAIL"), r.out());
        assertFalse(Files.exists(dir), "nothing written");
    }

    @Test
    void aRightForwardPassRunsAndTheCheckIsInRunJson() throws Exception {
        Path dir = tmp.resolve("run");
        Result r = run(List.of(new PlantedForwardBackend("right", 1), new FakeBackend("ok")),
                "--tasks", "sum3,progression", "--epochs", "1", "--out", dir.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        RunProvenance p = new ResultStore(dir).readRun().provenance();
        assertTrue(p.machineCheck().passed());
        assertTrue(p.machineCheck().checked() >= 8, "every sum3 and progression model: " + p.machineCheck());
        assertEquals(List.of("ok (its models report no parameters)"), p.machineCheck().unchecked());
        assertNotNull(p.machine().get("family"), p.machine().toString());
        assertTrue(r.out().contains("machine check on "), r.out());
    }
}
