package io.seqbench.bench.report;

import io.seqbench.bench.cli.PublishCommand;
import io.seqbench.bench.results.ResultsProvenance;
import io.seqbench.common.result.LocalPaths;
import io.seqbench.common.result.ResultJson;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * results/ is one publication (issue 34): publish.json with every stage done, one commit and one machine identity in
 * every file that records either, and no local path of any machine in any of its files (on the patchwork results/
 * before the first publication, every one of these failed).
 */
class OnePublicationTest {
    private static final Path RESULTS = PublishedResultsTest.RESULTS;

    @Test
    void everyStageOfOnePublicationIsDone() throws Exception {
        PublishCommand.Publication pub = ResultJson.mapper().readValue(RESULTS.resolve(PublishCommand.FILE).toFile(),
                PublishCommand.Publication.class);
        assertEquals(PublishCommand.STAGES, pub.stages(), "a whole publication, not a partial one");
        assertEquals(PublishCommand.STAGES, pub.done().stream().map(PublishCommand.Done::stage).toList());
    }

    @Test
    void oneCommitAndOneMachineMadeEveryFile() throws Exception {
        ResultsProvenance made = ResultsProvenance.of(RESULTS);
        assertTrue(made.single(), "one commit and one machine: " + made.commits().keySet() + " " + made.machines().keySet());
        PublishCommand.Publication pub = ResultJson.mapper().readValue(RESULTS.resolve(PublishCommand.FILE).toFile(),
                PublishCommand.Publication.class);
        assertEquals(pub.commit(), made.commits().keySet().iterator().next());
        // every stage that records a commit records this one: grid, verify, contrast, footprint, speed, scaling, set-ups
        for (String file : List.of("publish.json", "run.json", "verify.json", "meanones-seed/run.json", "footprint.json",
                "speed.json", "scaling.json", "setup.json")) {
            assertTrue(made.commits().get(pub.commit()).contains(file), file + " records the commit: " + made.commits());
        }
    }

    @Test
    void noFileNamesALocalPath() throws Exception {
        try (Stream<Path> files = Files.walk(RESULTS)) {
            for (Path f : files.filter(p -> p.toString().matches(".*\\.(json|jsonl|md|html|csv|svg)$")).toList()) {
                assertFalse(LocalPaths.any(Files.readString(f)), f + " names a local path");
            }
        }
    }
}
