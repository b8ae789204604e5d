package io.seqbench.bench.run;

import io.seqbench.bench.results.ResultStore;
import io.seqbench.bench.report.Verdicts;
import io.seqbench.bench.Main;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.ProbeOutcome;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * On a real Slurm: {@code deploy/slurm/local-cluster.sh} starts a one-node cluster, {@code seqbench-array.sh} runs a
 * small grid as a 3-task job array and merges it in a dependent job, and the merged run has exactly the cells of the
 * same grid run whole, with identical accuracy values and verdicts. Skipped (saying why) without Debian's slurm-wlm
 * and munge or without root; {@code .ci/run} installs them.
 */
public class SlurmShardTest {
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    public static final List<String> GRID = List.of("--tasks", "sum3,next2", "--models", "linear,lstm-std", "--seeds", "2",
            "--epochs", "200");

    @TempDir
    Path tmp;

    @Test
    void threeShardsOnSlurmAndTheirMergeEqualTheWholeRun() throws Exception {
        boolean slurm = List.of("sbatch", "slurmctld", "slurmd", "munged").stream().allMatch(SlurmShardTest::onPath);
        Assumptions.assumeTrue(slurm, "no Slurm: install Debian's slurm-wlm and munge (apt-get install slurm-wlm munge)");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the local cluster needs root");
        Path state = tmp.resolve("slurm");
        String conf = run(600, List.of(ROOT.resolve("deploy/slurm/local-cluster.sh").toString(), "start", state.toString()), Map.of());
        try {
            Path whole = tmp.resolve("whole");
            List<String> cli = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            cli.addAll(GRID);
            cli.addAll(List.of("--out", whole.toString()));
            run(900, cli, Map.of());
            List<String> array = new ArrayList<>(List.of(ROOT.resolve("deploy/slurm/seqbench-array.sh").toString(), "-n", "3",
                    "-o", tmp.resolve("sharded").toString(), "-w", "--"));
            array.addAll(GRID);
            run(900, array, Map.of("SLURM_CONF", state.resolve("slurm.conf").toString(),
                    "SEQBENCH_CP", System.getProperty("java.class.path")));
            assertTrue(conf.contains("SLURM_CONF"), conf);

            Path merged = tmp.resolve("sharded").resolve("merged");
            Map<String, CellResult> a = ShardMergeTest.byKey(whole);
            Map<String, CellResult> b = ShardMergeTest.byKey(merged);
            assertEquals(a.keySet(), b.keySet(), "the same cells");
            for (String key : a.keySet()) {
                CellResult x = a.get(key);
                CellResult y = b.get(key);
                assertEquals(x.status(), y.status(), key);
                assertArrayEquals(x.lossCurve(), y.lossCurve(), key + " loss curve");
                assertEquals(x.heldOut(), y.heldOut(), key + " held-out");
                for (int p = 0; p < x.probes().size(); p++) {
                    ProbeOutcome px = x.probes().get(p);
                    assertArrayEquals(px.prediction(), y.probes().get(p).prediction(), key + " probe " + px.label());
                }
                assertEquals(x.targetMet(), y.targetMet(), key);
            }
            assertEquals(Files.readString(whole.resolve(Verdicts.FILE)), Files.readString(merged.resolve(Verdicts.FILE)),
                    "the same verdicts");
            for (int k = 1; k <= 3; k++) {
                assertTrue(Files.readString(tmp.resolve("sharded").resolve("shard-" + k).resolve(ResultStore.RUN))
                        .contains("\"shard\" : \"" + k + "/3\""), "shard " + k + " in its provenance");
            }
        } finally {
            run(120, List.of(ROOT.resolve("deploy/slurm/local-cluster.sh").toString(), "stop", state.toString()), Map.of());
        }
    }

    public static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, command).canExecute()) {
                return true;
            }
        }
        return new File("/usr/sbin", command).canExecute();
    }

    /** Runs a command from the repository root; its output is returned, and a non-zero exit fails the test with it. */
    public static String run(int seconds, List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("PATH", pb.environment().getOrDefault("PATH", "") + ":/usr/sbin:/sbin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "timed out: " + cmd + "\n" + out);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }
}
