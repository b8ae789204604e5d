package io.seqbench.bench.cli;

import io.seqbench.bench.run.CellPlan;
import io.seqbench.bench.run.Grid;
import io.seqbench.bench.run.Shard;
import io.seqbench.bench.results.ResultStore;
import io.seqbench.bench.speed.SetupComparison;
import io.seqbench.bench.speed.SpeedReport;
import io.seqbench.bench.speed.SetupComparison;
import io.seqbench.bench.speed.SpeedReport;
import io.seqbench.common.result.CellResult;
import io.seqbench.common.result.ResultJson;
import io.seqbench.common.result.MachineCheckResult;
import io.seqbench.common.result.RunProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code merge OUT DIR...}: combines the run directories of the shards of one grid into one run directory, which
 * {@code report} and {@code --resume} then treat as an unsharded run. It refuses shards of different commits or
 * grids, a shard given twice or missing (named), a cell recorded twice, and speed results (they belong to the machine
 * that measured them); cells the grid plans but no shard recorded are listed, and {@code --resume OUT} runs them.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merges the run directories of a grid's shards (--shard K/N) into one run directory.")
public final class MergeCommand implements Callable<Integer> {
    public static final String FILE = "merge.json";

    @Parameters(index = "0", description = "the merged run directory to create")
    Path out;

    @Parameters(index = "1..*", arity = "1..*", description = "the shards' run directories")
    List<Path> shards;

    private final PrintStream console;
    private final List<io.seqbench.common.Backend> available;

    public MergeCommand(PrintStream console, List<io.seqbench.common.Backend> available) {
        this.console = console;
        this.available = available;
    }

    /** Where each shard came from, with the machine it ran on and that machine's check, kept beside the merged cells. */
    public record ShardSource(String dir, String shard, String runId, String gitCommit, String cpuModel, int cores,
                              String startedAt, int cells, Map<String, String> machine, MachineCheckResult machineCheck) {
    }

    @Override
    public Integer call() throws IOException {
        ResultStore target = new ResultStore(out);
        if (target.hasRun() || Files.exists(out.resolve(ResultStore.CELLS))) {
            throw new BadInput(out + " already holds a run: merge into a new directory");
        }
        Map<Integer, ResultStore.RunFile> runs = new LinkedHashMap<>();
        Map<Integer, Path> dirs = new LinkedHashMap<>();
        ResultStore.RunFile first = null;
        int n = -1;
        for (Path dir : shards) {
            ResultStore.RunFile run = RunDirectory.readRun(new ResultStore(dir), dir, "cannot merge " + dir, "");
            if (run.config() == null || run.config().shard() == null) {
                throw new BadInput("cannot merge " + dir + ": it is not a shard (run with --shard K/N)");
            }
            Shard s = Shard.parse(run.config().shard(), Map.of());
            if (first == null) {
                first = run;
                n = s.n();
            } else if (!run.provenance().gitCommit().equals(first.provenance().gitCommit())) {
                throw new BadInput("cannot merge: " + dir + " was run at commit " + run.provenance().gitCommit() + ", "
                        + dirs.values().iterator().next() + " at " + first.provenance().gitCommit());
            } else if (!run.config().whole().equals(first.config().whole()) || s.n() != n) {
                throw new BadInput("cannot merge: " + dir + " is a shard of another grid than "
                        + dirs.values().iterator().next());
            }
            if (runs.containsKey(s.k())) {
                throw new BadInput("cannot merge: shard " + s + " is given twice (" + dirs.get(s.k()) + ", " + dir + ")");
            }
            for (String speed : new String[]{SpeedReport.JMH, SetupComparison.JSON}) {
                if (Files.exists(dir.resolve(speed))) {
                    throw new BadInput("cannot merge " + dir + ": it holds speed results (" + speed + "), which belong "
                            + "to the machine that measured them; run speed on the merged directory instead");
                }
            }
            runs.put(s.k(), run);
            dirs.put(s.k(), dir);
        }
        final int shardsN = n;
        List<String> missing = IntStream.rangeClosed(1, n).filter(k -> !runs.containsKey(k)).mapToObj(k -> k + "/" + shardsN).toList();
        if (!missing.isEmpty()) {
            throw new BadInput("cannot merge: shard" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + " of " + n + " missing");
        }
        List<CellResult> cells = new ArrayList<>();
        List<ShardSource> sources = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int k = 1; k <= n; k++) {
            ResultStore.Loaded loaded = new ResultStore(dirs.get(k)).readCells();
            loaded.problems().forEach(p -> console.println("warning: " + p));
            for (CellResult c : loaded.cells()) {
                if (!seen.add(c.key())) {
                    throw new BadInput("cannot merge: cell " + c.key() + " is recorded twice (again in " + dirs.get(k) + ")");
                }
                cells.add(c);
            }
            RunProvenance p = runs.get(k).provenance();
            sources.add(new ShardSource(dirs.get(k).toString(), k + "/" + n, p.runId(), p.gitCommit(), p.cpuModel(), p.cores(),
                    p.startedAt(), loaded.cells().size(), p.machine(), p.machineCheck()));
        }
        java.util.Set<String> machines = sources.stream().map(x -> x.machineCheck() == null ? "unrecorded" : x.machineCheck().machine())
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        if (machines.size() > 1) {
            console.println("seqbench merge: the shards ran on " + machines.size() + " machines (" + String.join("; ", machines)
                    + "); each shard's machine and check are in " + FILE + ", run.json keeps shard 1's");
        }
        ResultStore.RunConfig whole = first.config().whole();
        List<CellPlan> plan = Grid.plan(whole, available);
        Set<String> planned = plan.stream().map(CellPlan::key).collect(Collectors.toCollection(TreeSet::new));
        List<String> absent = planned.stream().filter(key -> !seen.contains(key)).toList();
        RunProvenance p = first.provenance();
        String runId = "merged-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        ResultStore.RunFile merged = new ResultStore.RunFile(new RunProvenance(runId, p.startedAt(), p.profile(), p.seeds(),
                p.gitCommit(), "merge of " + n + " shards: " + sources.stream().map(ShardSource::runId)
                .collect(Collectors.joining(", ")), p.jvm(), p.os(), p.cpuModel(), p.cpuFlags(), p.cores(), p.maxHeapBytes(),
                p.backends(), p.machine(), p.machineCheck()), whole);
        target.writeRun(merged);
        try (target) {
            cells.forEach(target::append);
        }
        ResultJson.write(out.resolve(FILE), sources);
        RunDirectory.writeReports(out, merged, cells);
        console.printf("seqbench merge: %d shards, %d cells -> %s%n", n, cells.size(), out);
        if (!absent.isEmpty()) {
            console.printf("seqbench merge: %d planned cells are in no shard (run --resume %s to run them), e.g. %s%n",
                    absent.size(), out, absent.get(0));
        }
        return 0;
    }
}
