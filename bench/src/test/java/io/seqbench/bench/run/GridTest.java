package io.seqbench.bench.run;

import io.seqbench.bench.cli.CliTest;
import io.seqbench.bench.results.ResultStore;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** A parameter given several values runs every combination, in order; each is validated like a single value. */
public class GridTest {
    @Test
    void severalValuesRunEveryCombination() {
        Map<String, String> user = new LinkedHashMap<>();
        user.put("L", "200");
        user.put("N", "80,130");
        assertEquals(List.of(Map.of("L", "200", "N", "80"), Map.of("L", "200", "N", "130")), Grid.variants(user));
        List<CellPlan> plan = Grid.plan(new ResultStore.RunConfig("seed", List.of("meanones"), List.of("ok"), List.of(),
                2, List.of("meanones.L=200", "meanones.N=80,130"), null, null, null), CliTest.BACKENDS);
        assertEquals(List.of("L=200,N=80", "L=200,N=130"), plan.stream().map(p -> p.params().toString()).distinct().toList());
        assertEquals(2 * 2 * plan.stream().map(p -> p.model().name()).distinct().count(), plan.size(), "2 variants x 2 seeds");
    }

    @Test
    void everyValueIsValidated() {
        Exception e = assertThrows(IllegalArgumentException.class, () -> Grid.plan(new ResultStore.RunConfig("seed",
                List.of("meanones"), List.of("ok"), List.of(), 1, List.of("meanones.L=200", "meanones.N=80,500"), null, null, null),
                CliTest.BACKENDS));
        assertTrue(e.getMessage().contains("500"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Grid.variants(Map.of("N", "80,,130")));
    }

    /** Rounding twins where there are replicates to compare: seed 1 of a run of two seeds or more, never a lone seed. */
    @Test
    void roundingTwinsOnSeedOneOfRunsWithReplicates() {
        for (int seeds : new int[]{1, 3}) {
            List<CellPlan> plan = Grid.plan(new ResultStore.RunConfig("quick", List.of("sum3"), List.of("ok"), List.of(),
                    seeds, List.of(), null, null, null), CliTest.BACKENDS);
            assertEquals(seeds == 1 ? List.of() : List.of(1L), plan.stream().filter(CellPlan::roundingTwin)
                    .map(CellPlan::seed).distinct().toList(), seeds + " seeds");
        }
    }
}
