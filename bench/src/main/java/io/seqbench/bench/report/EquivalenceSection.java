package io.seqbench.bench.report;

import io.seqbench.bench.verify.VerifyReport;
import com.fasterxml.jackson.databind.JsonNode;
import io.seqbench.common.result.ResultJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The Equivalence section of a run's README, generated from the {@code verify.json} beside its cells (written by
 * {@code verify --out DIR}): one row per task x model x backend pair with the four checks' relative differences and
 * the verdict. Empty when there is no such file.
 */
public final class EquivalenceSection {
    private EquivalenceSection() {
    }

    public static String markdown(Path dir) throws IOException {
        Path file = dir.resolve(VerifyReport.FILE);
        if (!Files.exists(file)) {
            return "";
        }
        JsonNode v;
        try {
            v = ResultJson.mapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + " is not a verify file: " + e.getOriginalMessage(), e);
        }
        StringBuilder md = new StringBuilder("\n## Equivalence\n\n");
        md.append(String.format(Locale.ROOT, "From `%s` (`seqbench verify`, commit `%s`, seed %d): every pair of backends that "
                        + "runs a task's model trains it from the same initial arrays on the same minibatches, and is compared "
                        + "on four checks, each the largest relative difference (max |a - b| over the largest magnitude). "
                        + "A pair where both run the spec exactly must be within every tolerance; a pair with an approximate "
                        + "backend is reported, with the reason. meanones runs at %s here.%n%n",
                VerifyReport.FILE, v.path("commit").asText(), v.path("seed").asLong(), v.path("params").path("meanones").asText()));
        md.append("| check | tolerance | why |\n|---|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = v.path("tolerances").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> t = it.next();
            md.append(String.format(Locale.ROOT, "| %s (%d epochs for the curve) | %.0e | %s |%n", label(t.getKey()),
                    v.path("epochs").asInt(), t.getValue().asDouble(), v.path("why").path(t.getKey()).asText()));
        }
        md.append("\n<details><summary>Every pair</summary>\n\n| task | model | pair | predictions | initial loss | after one step | gradient | step rule | loss curve "
                + "| verdict |\n|---|---|---|---|---|---|---|---|---|---|\n");
        int pass = 0;
        int differs = 0;
        int fail = 0;
        for (JsonNode r : v.path("rows")) {
            JsonNode d = r.path("differences");
            String verdict = r.path("verdict").asText();
            pass += verdict.equals("pass") ? 1 : 0;
            fail += verdict.equals("FAIL") ? 1 : 0;
            differs += verdict.startsWith("differs") ? 1 : 0;
            md.append(String.format(Locale.ROOT, "| %s | %s | %s vs %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.path("task").asText(), r.path("model").asText(), r.path("a").asText(), r.path("b").asText(),
                    num(d.path("PREDICTIONS")), num(d.path("INITIAL_LOSS")), num(d.path("ONE_STEP")), num(d.path("GRADIENT")),
                    num(d.path("STEP_RULE")), num(d.path("LOSS_CURVE")),
                    verdict.equals("pass") || r.path("worst").asText().isEmpty() ? verdict
                            : verdict + " (largest: " + r.path("worst").asText() + ")"));
        }
        md.append(String.format(Locale.ROOT, "%n</details>%n%n%d pairs: %d pass, %d differ where a backend is approximate "
                + "(reasons in the task tables), %d fail.%n", pass + differs + fail, pass, differs, fail));
        return md.toString();
    }

    private static String label(String check) {
        return check.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String num(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "n/a" : String.format(Locale.ROOT, "%.1e", n.asDouble());
    }
}
