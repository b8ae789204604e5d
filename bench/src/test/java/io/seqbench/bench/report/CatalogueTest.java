package io.seqbench.bench.report;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The committed catalogue is what the task classes generate, and it stands on its own. */
public class CatalogueTest {
    public static final Path COMMITTED = Path.of("..", "docs", "TASKS.md");

    @Test
    void committedCatalogueIsWhatTheCodeGenerates() throws Exception {
        assertTrue(Files.exists(COMMITTED), "docs/TASKS.md is missing");
        assertEquals(Catalogue.markdown(), Files.readString(COMMITTED, StandardCharsets.UTF_8),
                "docs/TASKS.md is stale: regenerate it with "
                        + "./seqbench tasks --markdown --out docs/TASKS.md");
    }

    @Test
    void everyTaskHasItsSourceProbesRecipesAndTarget() {
        String md = Catalogue.markdown();
        for (io.seqbench.common.tasks.Task t : io.seqbench.common.tasks.Tasks.all()) {
            String section = md.substring(md.indexOf("`" + t.id() + "`"));
            assertTrue(section.contains("Source: "), t.id());
            assertTrue(section.contains("Target: " + t.target().describe()), t.id());
            assertTrue(section.contains("| recipe |"), t.id());
        }
        assertTrue(md.contains("[[8, 51], [11, 56], [14, 61]] -> 75.00 (the source's probe: reported, not a target)"), md);
        assertFalse(md.contains("](../"), "no link leads outside the repository");
    }
}
