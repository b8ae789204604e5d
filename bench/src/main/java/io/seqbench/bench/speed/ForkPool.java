package io.seqbench.bench.speed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seqbench.common.result.ResultJson;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

import java.util.List;

/**
 * Pools single-fork JMH entries of one benchmark and case into one entry: the raw iterations of each fork side by
 * side (JMH's own layout for several forks), so that the forks stay the units of replication, and the score, 99.9%
 * error and percentiles recomputed over all iterations as JMH computes them, for readers of plain JMH JSON.
 */
public final class ForkPool {
    private ForkPool() {
    }

    public static JsonNode pool(List<JsonNode> singleForks) {
        ObjectNode out = singleForks.get(0).deepCopy();
        ArrayNode raw = ResultJson.mapper().createArrayNode();
        DescriptiveStatistics stats = new DescriptiveStatistics();
        for (JsonNode f : singleForks) {
            for (JsonNode fork : f.get("primaryMetric").get("rawData")) {
                raw.add(fork);
                fork.forEach(v -> stats.addValue(v.asDouble()));
            }
        }
        long n = stats.getN();
        double mean = stats.getMean();
        double error = n > 2 ? new TDistribution(n - 1).inverseCumulativeProbability(1 - 0.001 / 2)
                * stats.getStandardDeviation() / Math.sqrt(n) : Double.NaN;
        ObjectNode metric = (ObjectNode) out.get("primaryMetric");
        metric.put("score", mean);
        metric.put("scoreError", error);
        metric.set("scoreConfidence", ResultJson.mapper().createArrayNode().add(mean - error).add(mean + error));
        ObjectNode percentiles = ResultJson.mapper().createObjectNode();
        for (double p : new double[]{0, 50, 90, 95, 99, 99.9, 99.99, 99.999, 99.9999, 100}) {
            percentiles.put(String.valueOf(p), p == 0 ? stats.getMin() : stats.getPercentile(p));
        }
        metric.set("scorePercentiles", percentiles);
        metric.set("rawData", raw);
        metric.remove("rawDataHistogram");
        out.put("forks", raw.size());
        return out;
    }

    /** The mean of each fork's measured iterations, from a JMH entry's raw data (one array per fork). */
    public static double[] forkMeans(JsonNode entry) {
        JsonNode raw = entry.path("primaryMetric").path("rawData");
        double[] out = new double[raw.size()];
        for (int i = 0; i < out.length; i++) {
            DescriptiveStatistics s = new DescriptiveStatistics();
            raw.get(i).forEach(v -> s.addValue(v.asDouble()));
            out[i] = s.getMean();
        }
        return out;
    }
}
