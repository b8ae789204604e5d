package io.seqbench.bench.report;

import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.CellStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A run's cells grouped into table rows: one per task params, model, backend and preprocessing, over the seeds. */
public final class Rows {
    private Rows() {
    }

    /** The cells of one table row: same task params, model, backend and preprocessing, over seeds. */
    public record Row(String params, String model, String role, String backend, String preprocessing, List<CellResult> cells) {
        public CellResult first() {
            return cells.get(0);
        }

        public List<CellResult> ok() {
            return cells.stream().filter(c -> c.status() == CellStatus.OK).toList();
        }

        public String status() {
            Map<CellStatus, Long> counts = cells.stream().collect(Collectors.groupingBy(CellResult::status,
                    LinkedHashMap::new, Collectors.counting()));
            if (counts.size() == 1) {
                CellStatus s = counts.keySet().iterator().next();
                return s == CellStatus.UNSUPPORTED ? "n/a" : s.name().toLowerCase();
            }
            return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().name().toLowerCase())
                    .collect(Collectors.joining(", "));
        }

        /** Cells whose final model meets the task's target. */
        public long met() {
            return cells.stream().filter(c -> Boolean.TRUE.equals(c.targetMet())).count();
        }

        /** Cells that met the target at some check but whose final model does not. */
        public List<CellResult> metThenLost() {
            return cells.stream().filter(c -> c.firstMet() != null && Boolean.FALSE.equals(c.targetMet())).toList();
        }
    }

    /** The backend, and which LSTM kernel ran where a backend has two (DJL: fused torch.lstm or the explicit cell). */
    public static String backendLabel(Row row) {
        String lstm = row.first().backendDetails().getOrDefault("lstm", "");
        boolean fused = lstm.contains("fused");
        boolean explicit = lstm.contains("explicit");
        String kind = fused && explicit ? "fused + explicit LSTM" : fused ? "fused LSTM" : explicit ? "explicit LSTM cell" : "";
        return kind.isEmpty() ? row.backend() : row.backend() + " (" + kind + ")";
    }

    /** A model with its data parameters where it has any ("lstm @L=200,N=20"), as every table and sentence names it. */
    public static String label(String model, String params) {
        return model + (params.equals("-") || params.isEmpty() ? "" : " @" + params);
    }

    public static List<Row> rows(List<CellResult> cells) {
        Map<String, List<CellResult>> groups = new LinkedHashMap<>();
        for (CellResult c : cells) {
            groups.computeIfAbsent(String.join("|", c.params(), c.model(), c.backend(), c.preprocessing()),
                    k -> new ArrayList<>()).add(c);
        }
        return groups.values().stream().map(l -> new Row(l.get(0).params(), l.get(0).model(), l.get(0).role(),
                        l.get(0).backend(), l.get(0).preprocessing(), l))
                .sorted(Comparator.comparing(Row::params).thenComparing(r -> r.role().equals("recipe") ? 0 : 1)
                        .thenComparing(Row::model).thenComparing(Row::backend))
                .toList();
    }
}
