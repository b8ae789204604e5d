package io.seqbench.bench.cli;

import io.seqbench.bench.run.Harness;
import io.seqbench.bench.results.ResultStore;
import io.seqbench.bench.report.TaskTables;
import io.seqbench.bench.report.Verdicts;
import io.seqbench.bench.FakeBackend;
import io.seqbench.common.Backend;
import io.seqbench.common.Experiment;
import io.seqbench.common.EpochEvent;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.CellStatus;
import io.seqbench.common.tasks.Tasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The CLI with fake backends: bad input, failure isolation, resume after a crash, and reports. */
public class CliTest {
    public static final List<Backend> BACKENDS = List.of(new FakeBackend("ok"), new FakeBackend("throws"),
            new FakeBackend("nan"), new FakeBackend("picky"));

    @TempDir
    Path tmp;

    public record Result(int code, String out, String err) {
    }

    public static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), BACKENDS);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static List<CellResult> cells(Path dir) throws Exception {
        return new ResultStore(dir).readCells().cells();
    }

    void assertBadInput(String expected, String... args) {
        Result r = run(args);
        assertEquals(2, r.code(), r.err() + r.out());
        assertTrue(r.err().contains(expected), "stderr: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void badInputGetsOneLineAndExitTwo() {
        String out = tmp.resolve("o").toString();
        assertBadInput("unknown task 'sum4'", "--tasks", "sum4", "--out", out);
        assertBadInput("unknown backend 'keras'", "--backends", "keras", "--out", out);
        assertBadInput("unknown model 'gru'", "--models", "gru", "--out", out);
        assertBadInput("meanones.N=500 is impossible", "--tasks", "meanones", "--param", "meanones.N=500", "--out", out);
        assertBadInput("echo.window=0 is out of range", "--tasks", "echo", "--param", "echo.window=0", "--out", out);
        assertBadInput("--epochs must be in [1, 1000000], got -5", "--epochs", "-5", "--out", out);
        assertBadInput("must look like task.key=value", "--param", "meanones", "--out", out);
        assertBadInput("unknown profile 'slow'", "--profile", "slow", "--out", out);
        assertBadInput("not a seqbench run directory", "--resume", tmp.resolve("nowhere").toString());
        assertBadInput("Unknown option", "--frobnicate");
        assertFalse(Files.exists(tmp.resolve("o")), "nothing written on bad input");
    }

    @Test
    void failingCellsAreRecordedAndTheRunGoesOn() throws Exception {
        Path out = tmp.resolve("run");
        Result r = run("--tasks", "sum3", "--models", "linear", "--backends", "throws,nan,picky,ok", "--epochs", "5",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, CellResult> byBackend = new java.util.HashMap<>();
        cells(out).forEach(c -> byBackend.put(c.backend(), c));
        assertEquals(CellStatus.FAILED, byBackend.get("throws").status());
        assertTrue(byBackend.get("throws").reason().contains("boom in train"));
        assertEquals(CellStatus.DIVERGED, byBackend.get("nan").status());
        assertEquals(2, byBackend.get("nan").epochsRun());
        assertEquals(CellStatus.UNSUPPORTED, byBackend.get("picky").status());
        assertTrue(byBackend.get("picky").support().contains("picky supports nothing"));
        CellResult ok = byBackend.get("ok");
        assertEquals(CellStatus.OK, ok.status());
        assertEquals(153, ok.probes().get(0).prediction()[0], 1e-6);
        assertNotNull(ok.firstMet());
        assertTrue(ok.targetMet(), "the final model of a fake that predicts the truth meets the target");
        assertEquals(5, ok.lossCurve().length);
    }

    @Test
    void anOutputDirectoryWithAnotherRunIsNeverOverwritten() throws Exception {
        Path out = tmp.resolve("run");
        assertEquals(0, run("--tasks", "sum3", "--models", "linear", "--backends", "ok", "--epochs", "2",
                "--out", out.toString()).code());
        String before = Files.readString(out.resolve("cells.jsonl"));
        String run = Files.readString(out.resolve("run.json"));
        assertBadInput("already holds a run", "--tasks", "scale15", "--backends", "ok", "--out", out.toString());
        assertEquals(before, Files.readString(out.resolve("cells.jsonl")));
        assertEquals(run, Files.readString(out.resolve("run.json")));
    }

    @Test
    void resumeAfterACrashRunsOnlyTheMissingCells() throws Exception {
        Path out = tmp.resolve("run");
        String[] args = {"--tasks", "sum3,scale15", "--models", "linear,linear-adam", "--backends", "ok", "--seeds", "2",
                "--epochs", "3", "--out", out.toString()};
        assertEquals(0, run(args).code());
        List<CellResult> full = cells(out);
        assertEquals(8, full.size());
        // simulate kill -9 in the middle of writing the 7th cell: 6 whole lines and half of the next
        List<String> lines = Files.readAllLines(out.resolve("cells.jsonl"));
        String cut = String.join("\n", lines.subList(0, 6)) + "\n" + lines.get(6).substring(0, lines.get(6).length() / 2);
        Files.writeString(out.resolve("cells.jsonl"), cut);
        Result r = run("--resume", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("line 7 is not a complete cell"), r.out());
        assertTrue(r.out().contains("8 cells (6 already done)"), r.out());
        List<CellResult> resumed = cells(out);
        assertEquals(8, resumed.size());
        assertEquals(full.stream().map(CellResult::key).sorted().toList(), resumed.stream().map(CellResult::key).sorted().toList());
        assertTrue(new ResultStore(out).readCells().problems().isEmpty(), "the partial line was dropped");
        // nothing left: a second resume runs no cell
        assertTrue(run("--resume", out.toString()).out().contains("8 cells (8 already done)"));
    }

    @Test
    void corruptRunFileIsAClearError() throws Exception {
        Path out = tmp.resolve("run");
        Files.createDirectories(out);
        Files.writeString(out.resolve("run.json"), "{not json");
        assertBadInput("is not a seqbench run file", "--resume", out.toString());
        assertBadInput("is not a seqbench run file", "report", out.toString());
    }

    @Test
    void listShowsEachBackendsSupport() {
        Result r = run("--list");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("ok exact, throws exact, nan exact, picky unsupported [1]"), r.out());
        assertEquals(1, r.out().split("picky supports nothing", -1).length - 1, "each reason once: " + r.out());
        assertTrue(r.out().contains("  [1] picky supports nothing"), r.out());
        assertTrue(r.out().contains("param meanones.N = 130"), r.out());
    }

    @Test
    void helpNamesTheBackendsFoundAndAnUnknownCommandTheCommands() {
        Result help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Backends found on the class path: ok, throws, nan, picky."), help.out());
        Result unknown = run("benchmark");
        assertEquals(2, unknown.code());
        assertEquals("seqbench: unknown command 'benchmark': the commands are report, speed, verify, tasks, merge, footprint, publish, or none "
                + "to run the comparison (see --help)", unknown.err().strip());
    }

    @Test
    void firstMetIsTheFirstCheckThatMeetsTheTargetAndTargetMetIsTheFinalModels() {
        Experiment e = Experiment.prepare(Tasks.byId("sum3"), "linear", Map.of(), 1);
        Harness.Recorder rec = new Harness.Recorder(e, 100, Long.MAX_VALUE); // checks every 2 epochs
        double[] guess = {100};
        for (int epoch = 1; epoch <= 10; epoch++) {
            guess[0] = epoch < 6 ? 100 : 153.5; // 0.33% from 153 from epoch 6 on
            rec.onEpoch(new EpochEvent(epoch, 1.0 / epoch, epoch * 10_000_000L), x -> {
                double[][] out = new double[x.length][1];
                for (double[] row : out) {
                    row[0] = (guess[0] - e.fitted().inverseY(new double[][]{{0}})[0][0])
                            / (e.fitted().inverseY(new double[][]{{1}})[0][0] - e.fitted().inverseY(new double[][]{{0}})[0][0]);
                }
                return out;
            });
        }
        assertEquals(new io.seqbench.common.result.FirstMet(6, 60.0), rec.firstMet, "epoch 6 is the first check meeting the target, at 60 ms");
        assertEquals(5, rec.checks.size());
        assertTrue(rec.targetMet());
        Harness.Recorder never = new Harness.Recorder(e, 4, Long.MAX_VALUE);
        never.onEpoch(new EpochEvent(1, 1, 1_000_000L), x -> new double[x.length][1]);
        assertNull(never.firstMet);
    }

    /** A model that meets the target at epoch 4 and has lost it by the end: first met is kept, target met is false. */
    @Test
    void aCellThatMeetsThenLosesTheTargetDoesNotMeetIt() {
        Experiment e = Experiment.prepare(Tasks.byId("sum3"), "linear", Map.of(), 1);
        Harness.Recorder rec = new Harness.Recorder(e, 100, Long.MAX_VALUE); // checks every 2 epochs
        double[] guess = {100};
        io.seqbench.common.Predictor model = x -> {
            double lo = e.fitted().inverseY(new double[][]{{0}})[0][0];
            double hi = e.fitted().inverseY(new double[][]{{1}})[0][0];
            double[][] out = new double[x.length][1];
            for (double[] row : out) {
                row[0] = (guess[0] - lo) / (hi - lo);
            }
            return out;
        };
        for (int epoch = 1; epoch <= 9; epoch++) {
            guess[0] = epoch >= 4 && epoch <= 6 ? 153.5 : 170; // within 1% of 153 at epochs 4-6 only
            rec.onEpoch(new EpochEvent(epoch, 1.0 / epoch, epoch * 10_000_000L), model);
        }
        rec.finalCheck(model); // epoch 9 was not a check epoch: the final model is checked now
        assertEquals(new io.seqbench.common.result.FirstMet(4, 40.0), rec.firstMet);
        assertEquals(9, rec.checks.get(rec.checks.size() - 1).epoch());
        assertFalse(rec.targetMet(), "the final model is 11% off");
    }

    @Test
    void reportRegeneratesTablesCsvAndPlotsFromAFixture() throws Exception {
        Path dir = copyFixture(tmp);
        Result r = run("report", dir.toString());
        assertEquals(0, r.code(), r.err());
        String md = Files.readString(dir.resolve("README.md"));
        assertTrue(md.contains("## sum3"), md);
        assertTrue(md.contains("| | lstm | *article (Keras)* | | | | | 145.96 | 4.60% |"), md);
        assertTrue(md.contains("| - | linear | ok | exact | standardise | 3 | ok | 153.00 ± 0.00 | 0.00% |"), md);
        assertTrue(md.contains("| - | linear | throws | exact | standardise | 0/3 | failed |"), md);
        assertTrue(md.contains("Meets the target (probe error < 1%) with the final model on every seed: ok: linear, lstm."), md);
        // a run without speed matrix or verify.json links to no section it lacks
        String html = Files.readString(dir.resolve("index.html"));
        java.util.regex.Matcher href = java.util.regex.Pattern.compile("href=\"#([^\"]+)\"").matcher(html);
        while (href.find()) {
            assertTrue(html.contains("id=\"" + href.group(1) + "\""), "a link to #" + href.group(1) + " with no such anchor");
        }
        assertTrue(md.contains("| 2/2 | epoch 1 |"), "target met on 2 of 2 seeds, first met at epoch 1: " + md);
        assertTrue(md.startsWith(TaskTables.title() + "**Provenance.** "), "the README opens with where it comes from");
        assertTrue(md.indexOf("\n## ") == md.indexOf("\n## Recommendation\n"), "then the answer");
        assertTrue(md.contains("\n## Verdicts\n"), "then the verdicts");
        assertTrue(md.contains("| sum3 | ok, throws | ok, throws |"), "runs the recipes and fixes exactly: " + md);
        // one backend finishes: nothing to test, and the other's failures are said, not dropped
        List<Verdicts.Comparison> verdicts = List.of(io.seqbench.common.result.ResultJson.mapper().readValue(
                dir.resolve(Verdicts.FILE).toFile(), Verdicts.Comparison[].class));
        assertFalse(verdicts.isEmpty());
        assertTrue(verdicts.stream().allMatch(c -> c.b().equals("throws") && c.verdict().startsWith("not compared: throws failed on ")),
                verdicts.toString());
        List<String> csv = Files.readAllLines(dir.resolve("cells.csv"));
        assertEquals(1 + cells(dir).size(), csv.size());
        assertTrue(Files.size(dir.resolve("plots/sum3-progress.png")) > 1000);
        assertTrue(Files.size(dir.resolve("plots/meanones-coverage.png")) > 1000);
        // nothing in a run directory says where the machine keeps its files (run.json's command line had the classpath)
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".png")).toList()) {
                String text = Files.readString(f);
                assertFalse(io.seqbench.common.result.LocalPaths.any(text), f + " names a local path");
            }
        }
    }

    /** A copy of the test run directory (two fake backends, sum3 and meanones) under {@code parent/fixture}. */
    public static Path copyFixture(Path parent) throws java.io.IOException {
        Path dir = parent.resolve("fixture");
        Files.createDirectories(dir);
        for (String f : new String[]{"run.json", "cells.jsonl"}) {
            try (var in = CliTest.class.getResourceAsStream("/fixture/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        return dir;
    }
}
