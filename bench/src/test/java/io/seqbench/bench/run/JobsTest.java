package io.seqbench.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seqbench.bench.cli.Cli;
import io.seqbench.bench.results.ResultStore;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.ResultJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code --jobs}: cells trained two at a time, each in its own worker JVM, are the same cells, value for value, as
 * cells trained one at a time; only what a clock measures (and the run's id) differs. Real backends, a small grid.
 */
public class JobsTest {
    /** Fields that a clock or the run's identity fills: they differ between any two runs. */
    static final Set<String> CLOCK = Set.of("runId", "trainMs", "predictMs", "elapsedMsCurve", "elapsedMs", "ms", "memory");

    @TempDir
    Path tmp;

    @Test
    void twoAtOnceGiveTheSameCellsAsOneAtATime() throws Exception {
        Map<String, JsonNode> one = run("one", 1);
        Map<String, JsonNode> two = run("two", 2);
        assertEquals(one.keySet(), two.keySet());
        assertTrue(one.size() >= 12, "a grid worth comparing: " + one.size());
        one.forEach((key, cell) -> assertEquals(cell, two.get(key), key));
    }

    private Map<String, JsonNode> run(String name, int jobs) throws Exception {
        Path out = tmp.resolve(name);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int code = Cli.execute(new String[]{"--tasks", "sum3,echo", "--models", "linear,lstm-std,window3-lstm",
                        "--backends", "djl,dl4j,tribuo", "--seeds", "2", "--epochs", "3", "--jobs", Integer.toString(jobs),
                        "--out", out.toString()}, new PrintStream(console, true, StandardCharsets.UTF_8),
                new PrintStream(console, true, StandardCharsets.UTF_8), AvailableBackends.all(), true);
        String text = console.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertEquals(jobs > 1, text.contains(jobs + " at once"), text);
        Map<String, JsonNode> cells = new TreeMap<>();
        for (CellResult c : new ResultStore(out).readCells().cells()) {
            cells.put(c.key(), withoutClock(ResultJson.mapper().valueToTree(c)));
        }
        return cells;
    }

    static JsonNode withoutClock(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove(CLOCK);
            for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
                withoutClock(it.next());
            }
        } else if (n.isArray()) {
            n.forEach(JobsTest::withoutClock);
        }
        return n;
    }
}
