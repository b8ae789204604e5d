package io.seqbench.bench.speed;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqbench.common.result.ResultJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The forks' arithmetic: rounds rotate each backend's set-ups, interleaved single-fork entries pool into one entry
 * with JMH's statistics over every iteration and each fork's iterations kept apart, and each fork has its mean.
 */
public class PoolForksTest {
    public static JsonNode fork(String raw) throws Exception {
        return ResultJson.mapper().readTree("{\"benchmark\":\"b\",\"forks\":1,\"params\":{\"cell\":\"c\",\"setup\":\"s\"},"
                + "\"primaryMetric\":{\"score\":0,\"scoreError\":0,\"scoreUnit\":\"ms/op\",\"rawData\":[" + raw + "]}}");
    }

    @Test
    void eachRoundStartsEachBackendWithAnotherSetUp() {
        List<SetupComparison.Setup> all = SetupComparison.SETUPS;
        for (int round = 1; round <= 3; round++) {
            List<SetupComparison.Setup> order = SetupComparison.inRound(all, round);
            assertEquals(all.size(), order.size());
            assertEquals(java.util.Set.copyOf(all), java.util.Set.copyOf(order));
            assertEquals(all.stream().filter(s -> s.backend().equals("dl4j")).toList().get(round - 1), order.get(0));
        }
    }

    @Test
    void eachRoundStartsACaseWithAnotherBackend() {
        assertEquals(List.of("a", "b", "c"), SpeedRunner.rotated(List.of("a", "b", "c"), 1));
        assertEquals(List.of("b", "c", "a"), SpeedRunner.rotated(List.of("a", "b", "c"), 2));
        assertEquals(List.of("a", "b", "c"), SpeedRunner.rotated(List.of("a", "b", "c"), 4));
    }

    @Test
    void poolsRawDataAndRecomputesScoreAndError() throws Exception {
        JsonNode pooled = ForkPool.pool(List.of(fork("[1,2,3]"), fork("[4,5,6]")));
        JsonNode m = pooled.get("primaryMetric");
        assertEquals(2, pooled.get("forks").asInt());
        assertEquals(2, m.get("rawData").size());
        assertEquals(3.5, m.get("score").asDouble(), 1e-12);
        // t(0.9995, 5 df) = 6.8688; sd of 1..6 = 1.8708; error = 6.8688 * 1.8708 / sqrt(6)
        assertEquals(5.2459, m.get("scoreError").asDouble(), 1e-3);
        assertEquals(3.5 - 5.2459, m.get("scoreConfidence").get(0).asDouble(), 1e-3);
        assertEquals(6, m.get("scorePercentiles").get("100.0").asDouble(), 1e-12);
        assertEquals("ms/op", m.get("scoreUnit").asText());
        assertArrayEquals(new double[]{2, 5}, ForkPool.forkMeans(pooled), 1e-12);
    }
}
