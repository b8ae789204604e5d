package io.seqbench.bench.report;

import io.seqbench.bench.speed.SpeedCase;
import io.seqbench.bench.speed.SpeedReport;
import io.seqbench.bench.speed.SpeedVerdicts;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.CellStatus;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.Tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The backend x task grid: one row per task and model, one column per backend, each cell the seeds whose final model
 * meets the target (k/n) and, where the speed matrix has the case, the epoch time as a multiple of the fastest
 * backend's (JMH, stepped epochs). Backends that run the model exactly with no accuracy verdict between them finding
 * one better are the same model, said once per row ("djl = dl4j"). Wall-clock times stay out: they are not speed.
 */
public final class BackendGrid {
    /** The heading's anchor, for links. */
    public static final String ANCHOR = "#backends-by-task";

    private BackendGrid() {
    }

    /** One row: a task's model (with its data parameters) and what each backend did on it. */
    record Row(String task, String model, String params, Map<String, String> byBackend, String same) {
    }

    public static String markdown(List<CellResult> cells, List<Verdicts.Comparison> comparisons,
                                  Map<String, SpeedReport.Timing> epochs, List<SpeedVerdicts.Verdict> speed,
                                  boolean equivalence) {
        List<String> backends = cells.stream().map(CellResult::backend).distinct().sorted().toList();
        List<Row> rows = rows(cells, comparisons, epochs, speed, backends);
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("## Backends by task\n\n");
        // Only links to the sections this directory has: a run without a speed matrix or verify.json has no such anchors.
        md.append("Each cell: the seeds whose final model meets the task's target")
                .append(speed.isEmpty() ? "" : ", and, where the speed matrix has the case, the epoch time as a multiple of "
                        + "the fastest backend's (1.00x is the fastest; JMH, stepped epochs; intervals in the [speed "
                        + "verdicts](#speed-verdicts); ≈: the speed verdict against the fastest detects no difference)")
                .append(". *n/a*: the backend cannot express the model. *Same model*: the backends that run it exactly, "
                        + "between which no accuracy verdict finds one better ([verdicts](#verdicts)")
                .append(equivalence ? ", [equivalence](#equivalence)" : "").append(").\n\n");
        md.append("| task | model | ").append(String.join(" | ", backends)).append(" | same model |\n|---|---|");
        md.append("---|".repeat(backends.size() + 1)).append('\n');
        for (Row r : rows) {
            md.append("| ").append(r.task()).append(" | ").append(Rows.label(r.model(), r.params()));
            for (String b : backends) {
                md.append(" | ").append(r.byBackend().getOrDefault(b, ""));
            }
            md.append(" | ").append(r.same()).append(" |\n");
        }
        return md.append('\n').toString();
    }

    static List<Row> rows(List<CellResult> cells, List<Verdicts.Comparison> comparisons,
                          Map<String, SpeedReport.Timing> epochs, List<SpeedVerdicts.Verdict> speed,
                          List<String> backends) {
        List<Row> out = new ArrayList<>();
        for (Task t : Tasks.all()) {
            for (TaskModel m : t.models()) {
                List<CellResult> mine = cells.stream().filter(c -> c.task().equals(t.id()) && c.model().equals(m.name())).toList();
                for (String params : mine.stream().map(CellResult::params).distinct().sorted().toList()) {
                    List<CellResult> here = mine.stream().filter(c -> c.params().equals(params)).toList();
                    Map<String, Double> ms = speeds(t.id(), m.name(), params, epochs, backends);
                    double fastest = ms.values().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
                    String first = ms.entrySet().stream().filter(e -> e.getValue() == fastest).map(Map.Entry::getKey)
                            .findFirst().orElse(null);
                    Map<String, String> byBackend = new LinkedHashMap<>();
                    for (String b : backends) {
                        String text = cell(here.stream().filter(c -> c.backend().equals(b)).toList(), ms.get(b), fastest);
                        boolean tie = ms.containsKey(b) && !b.equals(first) && speed.stream().anyMatch(v ->
                                v.task().equals(t.id()) && v.model().equals(m.name())
                                        && SpeedCase.cellParams(v.task(), v.model(), v.params()).equals(params)
                                        && Set.of(v.a(), v.b()).equals(Set.of(b, first)) && !v.verdict().contains(" faster by "));
                        byBackend.put(b, tie ? text + " ≈" : text);
                    }
                    String model = m.name() + (params.equals("-") ? "" : " @" + params);
                    out.add(new Row(t.id(), m.name(), params, byBackend, same(here, comparisons.stream()
                            .filter(v -> v.task().equals(t.id()) && v.model().equals(model)).toList())));
                }
            }
        }
        return out;
    }

    /** Each backend's stepped epoch time on this case, where the speed matrix has it. */
    private static Map<String, Double> speeds(String task, String model, String params,
                                              Map<String, SpeedReport.Timing> epochs, List<String> backends) {
        Map<String, Double> out = new LinkedHashMap<>();
        epochs.forEach((cell, time) -> {
            if (SpeedCase.isCase(cell, task, model, params) && !time.derived()
                    && backends.contains(SpeedCase.backendOf(cell))) {
                out.put(SpeedCase.backendOf(cell), time.ms());
            }
        });
        return out;
    }

    private static String cell(List<CellResult> cells, Double ms, double fastest) {
        if (cells.isEmpty()) {
            return "";
        }
        if (cells.stream().allMatch(c -> c.status() == CellStatus.UNSUPPORTED)) {
            return "n/a";
        }
        long met = cells.stream().filter(c -> Boolean.TRUE.equals(c.targetMet())).count();
        String k = met + "/" + cells.size();
        return ms == null ? k : k + String.format(Locale.ROOT, " · %.2fx", ms / fastest);
    }

    /** The exact backends between which no accuracy verdict finds one better, joined by " = "; "-" for fewer than two. */
    static String same(List<CellResult> cells, List<Verdicts.Comparison> comparisons) {
        Set<String> exact = new TreeSet<>(Verdicts.exactBackends(cells.stream()
                .filter(c -> c.status() != CellStatus.UNSUPPORTED).toList()));
        comparisons.stream().filter(v -> v.verdict().startsWith("not compared")).forEach(v -> exact.remove(v.b()));
        for (Verdicts.Comparison v : comparisons) {
            if (v.verdict().endsWith(" better") && exact.contains(v.a()) && exact.contains(v.b())) {
                return "-"; // a difference between two exact backends: not one model, whatever verify says
            }
        }
        boolean compared = comparisons.stream().anyMatch(v -> exact.contains(v.a()) && exact.contains(v.b())
                && !v.verdict().startsWith("not compared"));
        return exact.size() < 2 || !compared ? "-" : String.join(" = ", exact);
    }
}
