package io.seqbench.bench.run;

import io.seqbench.bench.cli.CliTest;
import io.seqbench.bench.cli.MergeCommand;
import io.seqbench.bench.results.ResultStore;
import io.seqbench.bench.report.Reports;
import io.seqbench.common.result.CellResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/** Shards cover the grid exactly once, merge gives back the unsharded run, and every refusal is one line and exit 2. */
public class ShardMergeTest {
    @TempDir
    Path tmp;

    public static final String[] GRID = {"--tasks", "sum3,meanones", "--backends", "ok,throws", "--seeds", "2", "--epochs", "3"};

    public static String[] args(String... more) {
        String[] a = Arrays.copyOf(GRID, GRID.length + more.length);
        System.arraycopy(more, 0, a, GRID.length, more.length);
        return a;
    }

    @Test
    void badShardsGetOneLineAndExitTwo() {
        for (String bad : new String[]{"4/3", "0/0", "x", "3"}) {
            CliTest.Result r = CliTest.run(args("--shard", bad, "--out", tmp.resolve("s").toString()));
            assertEquals(2, r.code(), bad + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(tmp.resolve("s")), "nothing written");
        }
        assertEquals(new Shard(2, 3), Shard.parse("3", Map.of("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_MIN", "1")));
        assertEquals(new Shard(1, 3), Shard.parse("3", Map.of("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_TASK_MIN", "0")));
        assertEquals(new Shard(3, 3), Shard.parse("3", Map.of("JOB_COMPLETION_INDEX", "2")));
    }

    @Test
    void threeShardsMergeIntoTheUnshardedRun() throws Exception {
        Path whole = tmp.resolve("whole");
        assertEquals(0, CliTest.run(args("--out", whole.toString())).code());
        for (int k = 1; k <= 3; k++) {
            CliTest.Result r = CliTest.run(args("--shard", k + "/3", "--out", tmp.resolve("shard-" + k).toString()));
            assertEquals(0, r.code(), r.err());
            assertTrue(Files.readString(tmp.resolve("shard-" + k).resolve(ResultStore.RUN)).contains("\"shard\" : \"" + k + "/3\""));
        }
        Path merged = tmp.resolve("merged");
        CliTest.Result m = CliTest.run("merge", merged.toString(), tmp.resolve("shard-2").toString(),
                tmp.resolve("shard-1").toString(), tmp.resolve("shard-3").toString());
        assertEquals(0, m.code(), m.err());
        Map<String, CellResult> a = byKey(whole);
        Map<String, CellResult> b = byKey(merged);
        assertEquals(a.keySet(), b.keySet(), "the same cells");
        for (String key : a.keySet()) {
            assertArrayEquals(a.get(key).lossCurve(), b.get(key).lossCurve(), key);
            assertEquals(a.get(key).status(), b.get(key).status(), key);
            assertEquals(a.get(key).heldOut().rmse(), b.get(key).heldOut().rmse(), 0, key);
        }
        assertTrue(Files.exists(merged.resolve(Reports.README)) && Files.exists(merged.resolve(MergeCommand.FILE)));
        CliTest.Result resume = CliTest.run("--resume", merged.toString());
        assertEquals(0, resume.code(), resume.err());
        assertTrue(resume.out().contains("(" + a.size() + " already done)"), "a merged run is complete: " + resume.out());
    }

    @Test
    void refusesOtherCommitsAndNamesMissingShards() throws Exception {
        for (int k = 1; k <= 3; k++) {
            assertEquals(0, CliTest.run(args("--shard", k + "/3", "--out", tmp.resolve("s" + k).toString())).code());
        }
        CliTest.Result missing = CliTest.run("merge", tmp.resolve("m1").toString(), tmp.resolve("s1").toString(),
                tmp.resolve("s3").toString());
        assertEquals(2, missing.code());
        assertEquals("seqbench: cannot merge: shard 2/3 of 3 missing", missing.err().strip());
        Path run3 = tmp.resolve("s3").resolve(ResultStore.RUN);
        String json = Files.readString(run3);
        String commit = json.replaceAll("(?s).*\"gitCommit\" : \"([^\"]*)\".*", "$1");
        Files.writeString(run3, json.replace("\"gitCommit\" : \"" + commit + "\"", "\"gitCommit\" : \"0000000\""));
        CliTest.Result other = CliTest.run("merge", tmp.resolve("m2").toString(), tmp.resolve("s1").toString(),
                tmp.resolve("s2").toString(), tmp.resolve("s3").toString());
        assertEquals(2, other.code());
        assertEquals(1, other.err().strip().lines().count(), other.err());
        assertTrue(other.err().contains("at commit 0000000"), other.err());
        assertFalse(Files.exists(tmp.resolve("m2").resolve(ResultStore.RUN)), "nothing written");
    }

    public static Map<String, CellResult> byKey(Path dir) throws Exception {
        Map<String, CellResult> m = new TreeMap<>();
        for (CellResult c : new ResultStore(dir).readCells().cells()) {
            assertNull(m.put(c.key(), c), "once: " + c.key());
        }
        return m;
    }
}
