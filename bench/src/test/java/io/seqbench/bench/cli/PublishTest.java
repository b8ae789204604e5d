package io.seqbench.bench.cli;

import io.seqbench.bench.CrashTestBackend;
import io.seqbench.bench.Main;
import io.seqbench.bench.results.ResultStore;
import io.seqbench.bench.run.AvailableBackends;
import io.seqbench.common.result.ResultJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code publish}: killed with SIGKILL at random moments and resumed as a user would, it finishes with every cell
 * exactly once and every stage done once; it refuses to finish a publication begun on another commit or machine.
 */
public class PublishTest {
    static final int SEEDS = 24;

    @TempDir
    Path tmp;

    @Test
    void killedAndResumedNothingTwiceNothingMissing() throws Exception {
        Path out = tmp.resolve("pub");
        Random rnd = new Random(7);
        int kills = 0;
        for (int attempt = 0; attempt < 12; attempt++) {
            Process p = publish(out);
            if (!p.waitFor(800 + rnd.nextInt(2500), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                kills++;
            } else if (p.exitValue() == 0) {
                break;
            }
        }
        Process last = publish(out);
        assertTrue(last.waitFor(180, TimeUnit.SECONDS), "the last resume finishes");
        assertEquals(0, last.exitValue(), Files.readString(tmp.resolve("publish.log")));
        List<String> keys = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(ResultStore.CELLS))) {
            keys.add(ResultJson.parseCell(line).key());
        }
        assertEquals(SEEDS, keys.size(), "every cell once: " + keys);
        assertEquals(SEEDS, keys.stream().distinct().count());
        PublishCommand.Publication pub = ResultJson.mapper().readValue(out.resolve(PublishCommand.FILE).toFile(),
                PublishCommand.Publication.class);
        assertEquals(List.of("grid", "report"), pub.done().stream().map(PublishCommand.Done::stage).toList(),
                "each stage done once, in order");
        assertTrue(Files.exists(out.resolve("README.md")));
        assertTrue(kills >= 2, "attempts killed: " + kills);
        // one commit and one machine in every file that records either, and the README says so
        io.seqbench.bench.results.ResultsProvenance made = io.seqbench.bench.results.ResultsProvenance.of(out);
        assertEquals(java.util.Set.of(pub.commit()), made.commits().keySet(), made.toString());
        assertTrue(made.single(), made.toString());
        assertTrue(Files.readString(out.resolve("README.md")).contains("**Provenance.** Made at commit `" + pub.commit()
                + "` on one machine"), "the README's provenance line");

        // another commit, another machine: one line, exit 2, nothing touched
        String json = Files.readString(out.resolve(PublishCommand.FILE));
        Files.writeString(out.resolve(PublishCommand.FILE), json.replace(pub.commit(), "0123456789abcdef"));
        CliTest.Result other = CliTest.run("publish", out.toString(), "--resume");
        assertEquals(Cli.BAD_INPUT, other.code());
        assertTrue(other.err().contains("was published from commit 0123456789abcdef"), other.err());
        assertEquals(1, other.err().strip().lines().count(), other.err());
        Files.writeString(out.resolve(PublishCommand.FILE), json.replace("\"cores\" : \"", "\"cores\" : \"9"));
        CliTest.Result elsewhere = CliTest.run("publish", out.toString(), "--resume");
        assertEquals(Cli.BAD_INPUT, elsewhere.code());
        assertTrue(elsewhere.err().contains("was published on another machine"), elsewhere.err());
        assertEquals(SEEDS, Files.readAllLines(out.resolve(ResultStore.CELLS)).size(), "nothing touched");
    }

    @Test
    void aNewPublicationNeedsAnEmptyDirectory() throws Exception {
        Files.writeString(tmp.resolve("something"), "x");
        CliTest.Result r = CliTest.run("publish", tmp.toString());
        assertEquals(Cli.BAD_INPUT, r.code());
        assertTrue(r.err().contains("is not empty"), r.err());
    }

    /** The CLI as a user runs it: a new publication, or --resume once publish.json exists. */
    private Process publish(Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + AvailableBackends.EXTRA + "=" + CrashTestBackend.class.getName(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "publish", out.toString()));
        cmd.addAll(Files.exists(out.resolve(PublishCommand.FILE)) ? List.of("--resume")
                : List.of("--stages", "grid,report", "--tasks", "scale15", "--models", "linear", "--backends", "crashtest",
                "--seeds", Integer.toString(SEEDS), "--epochs", "2"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("publish.log").toFile()).start();
    }
}
