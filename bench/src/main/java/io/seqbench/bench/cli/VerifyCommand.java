package io.seqbench.bench.cli;

import io.seqbench.bench.run.Grid;
import io.seqbench.bench.run.Provenance;
import io.seqbench.bench.verify.Check;
import io.seqbench.bench.verify.EquivalenceRow;
import io.seqbench.bench.verify.Trace;
import io.seqbench.bench.verify.VerifyReport;
import io.seqbench.bench.verify.Check;
import io.seqbench.bench.verify.EquivalenceRow;
import io.seqbench.bench.verify.Trace;
import io.seqbench.common.Backend;
import io.seqbench.common.Experiment;
import io.seqbench.common.Support;
import io.seqbench.common.result.ResultJson;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.TaskModel;
import io.seqbench.common.tasks.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code verify}: the equivalence check. For every task x model that two or more backends run, each backend trains
 * from the shared initial arrays on the same minibatches, and every pair is compared on the four {@link Check}s.
 * Prints a row per pair; exits 1 if a pair that claims exact is outside a tolerance. With {@code --out DIR} the rows
 * go to {@code DIR/verify.json}, which {@code report} turns into the Equivalence section.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Checks that the backends train the same model from the same start (exit 1 if an exact pair differs).")
public final class VerifyCommand implements Callable<Integer> {
    public static final String FILE = VerifyReport.FILE;
    /**
     * meanones at a short length (the check is about the program, and L = 200 makes DL4J's epochs take seconds), with
     * every row: N = L + 1 includes the row masked throughout, which DL4J once got wrong while N = 26 passed.
     */
    public static final Map<String, String> MEANONES = Map.of("L", "50", "N", "51");

    @Option(names = "--tasks", split = ",", description = "tasks (default: all)")
    List<String> tasks = new ArrayList<>();

    @Mixin
    Selection selection = new Selection();

    @Option(names = "--epochs", description = "epochs of the loss-curve check (default: ${DEFAULT-VALUE})")
    int epochs = 20;

    @Option(names = "--seed", description = "seed of data, initial arrays and batch order (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--out", description = "a run directory to write " + FILE + " into (e.g. results)")
    Path out;

    private final PrintStream console;
    private final List<Backend> available;

    public VerifyCommand(PrintStream console, List<Backend> available) {
        this.console = console;
        this.available = available;
    }


    @Override
    public Integer call() throws IOException {
        List<Task> chosen = tasks.isEmpty() ? Tasks.all() : tasks.stream().map(Tasks::byId).toList();
        List<Backend> bs = Grid.selectBackends(selection.backends, available);
        Grid.checkModelNames(selection.models, chosen.stream().map(Task::id).toList());
        if (epochs < 2 || epochs > 1000) {
            throw new BadInput("--epochs must be in [2, 1000], got " + epochs);
        }
        if (out != null && !Files.isDirectory(out)) {
            throw new BadInput("cannot write into " + out + ": not a directory");
        }
        console.printf("seqbench verify: seed %d, loss curve over %d epochs in float64; tolerances: %s%n", seed, epochs,
                tolerances());
        console.printf("%-28s %-26s %11s %11s %11s %11s %11s %11s  %s%n", "task/model", "pair", "predictions", "init loss",
                "one step", "gradient", "step rule", "curve", "verdict");
        List<EquivalenceRow> rows = new ArrayList<>();
        for (Task task : chosen) {
            for (TaskModel model : Grid.selectModels(task, selection.models)) {
                rows.addAll(verify(task, model, bs));
            }
        }
        long failed = rows.stream().filter(EquivalenceRow::failed).count();
        console.printf("%d pairs: %d pass, %d differ where a backend is approximate, %d FAIL%n", rows.size(),
                rows.stream().filter(r -> r.verdict().equals(EquivalenceRow.PASS)).count(),
                rows.stream().filter(r -> r.verdict().equals(EquivalenceRow.DIFFERS)).count(), failed);
        if (out != null) {
            Map<String, String> why = new LinkedHashMap<>();
            for (Check c : Check.values()) {
                why.put(c.name(), c.why());
            }
            Path file = out.resolve(FILE);
            ResultJson.write(file, new VerifyReport(
                    Provenance.gitCommit(), Provenance.machine(), seed, epochs, tolerances(), why, Map.of("meanones", "L=" + MEANONES.get("L") + ",N=" + MEANONES.get("N")), rows));
            console.println("wrote " + file);
        }
        return failed > 0 ? 1 : 0;
    }

    private List<EquivalenceRow> verify(Task task, TaskModel model, List<Backend> bs) {
        List<Backend> running = bs.stream().filter(b -> b.support(model.spec()).runnable()).toList();
        if (running.size() < 2) {
            return List.of();
        }
        Experiment e = Experiment.prepare(task, model, task.id().equals("meanones") ? MEANONES : Map.of(), seed,
                model.spec().epochs());
        Map<Backend, Trace> traces = new LinkedHashMap<>();
        Map<Backend, String> errors = new LinkedHashMap<>();
        for (Backend b : running) {
            try {
                traces.put(b, Trace.of(b, e, seed, epochs));
            } catch (RuntimeException ex) {
                errors.put(b, b.id() + " threw " + ex);
            }
        }
        List<EquivalenceRow> rows = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            for (int j = i + 1; j < running.size(); j++) {
                Backend a = running.get(i);
                Backend b = running.get(j);
                Support sa = a.support(e.spec());
                Support sb = b.support(e.spec());
                List<String> threw = java.util.stream.Stream.of(a, b).filter(errors::containsKey).map(errors::get).toList();
                boolean exact = sa.level() == Support.Level.EXACT && sb.level() == Support.Level.EXACT;
                EquivalenceRow row = threw.isEmpty()
                        ? EquivalenceRow.compare(task.id(), model.name(), a.id(), sa, traces.get(a), b.id(), sb, traces.get(b))
                        : EquivalenceRow.threw(task.id(), model.name(), a.id(), b.id(), exact, threw);
                rows.add(row);
                Map<String, Double> d = row.differences();
                console.printf("%-28s %-26s %11s %11s %11s %11s %11s %11s  %s%n", task.id() + "/" + model.name(), a.id() + " vs " + b.id(),
                        fmt(d.get(Check.PREDICTIONS.name())), fmt(d.get(Check.INITIAL_LOSS.name())),
                        fmt(d.get(Check.ONE_STEP.name())), fmt(d.get(Check.GRADIENT.name())), fmt(d.get(Check.STEP_RULE.name())),
                        fmt(d.get(Check.LOSS_CURVE.name())),
                        row.verdict() + (row.reasons().isEmpty() ? "" : ": " + String.join("; ", row.reasons()))
                                + (row.verdict().equals(EquivalenceRow.PASS) || row.worst().isEmpty() ? "" : " (largest: " + row.worst() + ")"));
            }
        }
        return rows;
    }

    public static Map<String, Double> tolerances() {
        Map<String, Double> t = new LinkedHashMap<>();
        for (Check c : Check.values()) {
            t.put(c.name(), c.tolerance());
        }
        return t;
    }

    public static String fmt(Double d) {
        return d == null ? "n/a" : String.format("%.1e", d);
    }
}
