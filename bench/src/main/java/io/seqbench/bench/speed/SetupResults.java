package io.seqbench.bench.speed;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.seqbench.bench.speed.SpeedReport.SpeedInfo;
import io.seqbench.common.result.ResultJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The set-up comparison as stored in a run directory: the JMH entries ({@code setup-jmh.json}) and, per backend, how
 * they were made ({@code setup.json}: profile, fork JVM, machine, commit, time). Measuring some backends again replaces
 * their entries and keeps every other backend's, so one backend's set-up can be re-measured after it changed without
 * re-running the others; each backend keeps the provenance of its own run.
 */
public final class SetupResults {
    /** The entries, in file order, and the provenance of each backend that has entries. */
    public record Stored(List<JsonNode> entries, Map<String, SpeedInfo> infoByBackend) {
    }

    private SetupResults() {
    }

    /** The backend an entry measured, from its cell ({@code sum3/lstm/djl} is djl's). */
    public static String backendOf(JsonNode entry) {
        return SpeedCase.backendOf(entry.get("params").get("cell").asText());
    }

    /**
     * What the directory holds; empty lists if it has no comparison. A {@code setup.json} of one run for every
     * backend (as written before per-backend provenance) applies to all of them.
     */
    public static Stored read(Path dir) throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        Path json = dir.resolve(SetupComparison.JSON);
        if (Files.exists(json)) {
            SpeedReport.readJmh(json).forEach(entries::add);
        }
        Map<String, SpeedInfo> info = new LinkedHashMap<>();
        Path infoFile = dir.resolve(SetupComparison.INFO);
        if (Files.exists(infoFile)) {
            ObjectMapper mapper = ResultJson.mapper();
            JsonNode root = mapper.readTree(infoFile.toFile());
            if (root.has("byBackend")) {
                info.putAll(mapper.convertValue(root.get("byBackend"), new TypeReference<LinkedHashMap<String, SpeedInfo>>() {
                }));
            } else {
                SpeedInfo one = mapper.treeToValue(root, SpeedInfo.class);
                entries.stream().map(SetupResults::backendOf).distinct().forEach(b -> info.put(b, one));
            }
        }
        return new Stored(entries, info);
    }

    /** Writes {@code fresh} in place of the given backends' entries, with {@code info} as their provenance. */
    public static void replace(Path dir, List<String> backends, List<JsonNode> fresh, SpeedInfo info) throws IOException {
        Stored old = read(dir);
        ArrayNode all = ResultJson.mapper().createArrayNode();
        old.entries().stream().filter(n -> !backends.contains(backendOf(n))).forEach(all::add);
        fresh.forEach(all::add);
        Set<String> measured = new java.util.HashSet<>();
        all.forEach(n -> measured.add(backendOf(n)));
        Map<String, SpeedInfo> infos = new LinkedHashMap<>(old.infoByBackend());
        backends.forEach(b -> infos.put(b, info));
        infos.keySet().retainAll(measured);
        SpeedRunner.write(all, dir.resolve(SetupComparison.JSON));
        ResultJson.write(dir.resolve(SetupComparison.INFO), Map.of("byBackend", infos));
    }

    /**
     * How the comparison was made, for the section's header: one sentence if every backend was measured in the same
     * run, else one per run, naming its backends.
     */
    public static String describe(Map<String, SpeedInfo> infoByBackend) {
        Map<SpeedInfo, List<String>> byRun = new LinkedHashMap<>();
        infoByBackend.forEach((backend, info) -> byRun.computeIfAbsent(info, k -> new ArrayList<>()).add(backend));
        if (byRun.size() <= 1) {
            return byRun.isEmpty() ? "" : SpeedReport.describeInfo(byRun.keySet().iterator().next());
        }
        return byRun.entrySet().stream().map(e -> " Run for **" + String.join(", ", e.getValue()) + "**:"
                + SpeedReport.describeInfo(e.getKey())).collect(Collectors.joining());
    }
}
