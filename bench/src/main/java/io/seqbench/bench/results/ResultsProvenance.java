package io.seqbench.bench.results;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqbench.common.result.ResultJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which commits and machines made the files of a results directory: every commit a JSON file records ({@code gitCommit}
 * or {@code commit}, at any depth) and every machine identity ({@code machine}: vendor, family, model, stepping, ISA,
 * cores, memory, kernel; the clock left out, as {@code publish} leaves it out, because it moves between readings). One
 * publication gives one of each; anything else is said, never smoothed over.
 *
 * @param commits  each commit and the files that record it
 * @param machines each machine identity and the files that record it
 */
public record ResultsProvenance(Map<String, TreeSet<String>> commits, Map<String, TreeSet<String>> machines) {

    /** Reads every JSON file of {@code dir} and its subdirectories (a publication's contrast run among them). */
    public static ResultsProvenance of(Path dir) throws IOException {
        Map<String, TreeSet<String>> commits = new TreeMap<>();
        Map<String, TreeSet<String>> machines = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (Path f : files) {
            collect(ResultJson.mapper().readTree(f.toFile()), dir.relativize(f).toString(), commits, machines);
        }
        return new ResultsProvenance(commits, machines);
    }

    private static void collect(JsonNode n, String file, Map<String, TreeSet<String>> commits,
                                Map<String, TreeSet<String>> machines) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if ((e.getKey().equals("gitCommit") || e.getKey().equals("commit")) && e.getValue().isTextual()) {
                    commits.computeIfAbsent(e.getValue().asText(), k -> new TreeSet<>()).add(file);
                } else if (e.getKey().equals("machine") && e.getValue().isObject()) {
                    machines.computeIfAbsent(identity(e.getValue()), k -> new TreeSet<>()).add(file);
                } else {
                    collect(e.getValue(), file, commits, machines);
                }
            });
        } else if (n.isArray()) {
            n.forEach(c -> collect(c, file, commits, machines));
        }
    }

    /** A machine map as one line, without its clock. */
    static String identity(JsonNode machine) {
        JsonNode m = machine;
        return m.path("cpu").asText() + " (" + m.path("vendor").asText() + " family " + m.path("family").asText()
                + " model " + m.path("model").asText() + " stepping " + m.path("stepping").asText() + "; "
                + m.path("cores").asText() + " cores; " + m.path("isa").asText() + "; " + m.path("memory").asText()
                + "; kernel " + m.path("kernel").asText() + ")";
    }

    /** Whether one commit and one machine made everything that records either. */
    public boolean single() {
        return commits.size() == 1 && machines.size() == 1;
    }

    /** The README's provenance line, generated from the files. */
    public String markdown() {
        if (commits.isEmpty()) {
            return "**Provenance.** No file here records the commit that made it.\n\n";
        }
        if (single()) {
            return "**Provenance.** Made at commit `" + commits.keySet().iterator().next() + "` on one machine, "
                    + machines.keySet().iterator().next() + ".\n\n";
        }
        return "**Provenance.** Made at " + commits.size() + " commit" + (commits.size() == 1 ? "" : "s") + " ("
                + list(commits, true) + ") on " + (machines.isEmpty() ? "machines these files do not record"
                : machines.size() + " recorded machine" + (machines.size() == 1 ? "" : "s") + " (" + list(machines, false)
                + ")") + ": compare figures only within one file; `./seqbench publish` makes them all at one commit on "
                + "one machine.\n\n";
    }

    private static String list(Map<String, TreeSet<String>> m, boolean shortKey) {
        return m.entrySet().stream().map(e -> (shortKey ? "`" + e.getKey().substring(0, Math.min(7, e.getKey().length()))
                + "`" : e.getKey()) + ": " + String.join(", ", e.getValue())).collect(Collectors.joining("; "));
    }
}
