package io.seqbench.bench.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.seqbench.bench.results.ResultStore;
import io.seqbench.bench.run.Provenance;
import io.seqbench.common.Backend;
import io.seqbench.common.result.ResultJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One publication: everything {@code results/} holds, made in order by one command on one machine from one commit. The
 * stages are the commands a user would run by hand (the accuracy grid, {@code verify}, the meanones contrast run, the
 * footprint, the speed
 * matrix, the scaling curves, the set-up comparison, {@code report}); {@code publish.json} records the commit, the machine's identity and each finished stage
 * with its wall time, so that {@code --resume} skips what is complete, lets each stage resume its own way (the grid's
 * cells, the speed run's forks), and refuses another commit or another machine.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Makes a whole publication in DIR, in order: the accuracy grid (quick profile, 5 seeds), verify, "
                + "the meanones contrast (seed profile, 3 seeds, in DIR/" + PublishCommand.CONTRAST + "), the backends' "
                + "footprint, the speed matrix (publish profile), the scaling curves, the set-up comparison and the report. "
                + "Each stage is skipped when complete; publish DIR --resume finishes an interrupted one, on the same commit and machine only.")
public final class PublishCommand implements Callable<Integer> {
    public static final String FILE = "publish.json";
    /** The stages, in the order they run. */
    public static final List<String> STAGES = List.of("grid", "verify", "contrast", "footprint", "speed", "scaling",
            "setups", "report");
    /**
     * The contrast run's directory inside the publication: meanones at the source's L = 200 and its two coverages
     * N = 80 and 130, on the source's full recipe (the seed profile), 3 seeds, on the backends that run its masked LSTM
     * fastest; docs/RESULTS.md says what it asks.
     */
    public static final String CONTRAST = "meanones-seed";
    static final List<String> CONTRAST_BACKENDS = List.of("djl", "dl4j-samediff");

    @Parameters(index = "0", description = "the publication's directory (new, or with --resume one that publish began)")
    Path dir;

    @Option(names = "--resume", description = "finish the publication in DIR: complete stages are skipped, the rest "
            + "resume (same commit and machine only)")
    boolean resume;

    @Option(names = "--stages", split = ",", description = "the stages to make (default: all: ${DEFAULT-VALUE}); fewer "
            + "make a partial publication, which publish.json and the report say")
    List<String> stages = STAGES;

    @Option(names = "--seeds", description = "seeds of the accuracy grid (default: ${DEFAULT-VALUE})")
    int seeds = 5;

    @Option(names = "--tasks", split = ",", description = "tasks of the accuracy grid and verify (default: all)")
    List<String> tasks;

    @Mixin
    Selection selection = new Selection();

    @Option(names = "--epochs", description = "override every cell's epoch budget (for trying publish out; recorded)")
    Integer epochs;

    @Option(names = "--jobs", description = "accuracy cells trained at once (default: the grid's); speed never runs "
            + "concurrently")
    Integer jobs;

    @Option(names = "--speed-profile", description = "profile of the speed matrix and the set-ups (default: "
            + "${DEFAULT-VALUE})")
    String speedProfile = "publish";

    private final PrintStream console;
    private final List<Backend> available;
    private final boolean workers;

    public PublishCommand(PrintStream console, List<Backend> available, boolean workers) {
        this.console = console;
        this.available = available;
        this.workers = workers;
    }

    /**
     * What publish.json holds: the options every stage runs with, the commit and machine that made the publication,
     * and each finished stage with its wall time in seconds.
     */
    @JsonPropertyOrder(alphabetic = false)
    public record Publication(String commit, Map<String, String> machine, List<String> stages, List<String> args,
                              String speedProfile, List<Done> done) {
        Publication finished(String stage, long seconds) {
            List<Done> d = new ArrayList<>(done);
            d.add(new Done(stage, seconds));
            return new Publication(commit, machine, stages, args, speedProfile, d);
        }

        boolean isDone(String stage) {
            return done.stream().anyMatch(d -> d.stage().equals(stage));
        }
    }

    /** A finished stage and its wall time in seconds. */
    public record Done(String stage, long seconds) {
    }

    /** The machine's identity as publish compares it: {@link Provenance#machine()} without the clock of the moment. */
    static Map<String, String> identity() {
        Map<String, String> m = new LinkedHashMap<>(Provenance.machine());
        m.remove("mhz");
        return m;
    }

    @Override
    public Integer call() throws Exception {
        Path file = dir.resolve(FILE);
        Publication pub;
        if (resume) {
            if (!Files.exists(file)) {
                throw new BadInput("cannot resume " + dir + ": it holds no publication (no " + FILE + ")");
            }
            pub = ResultJson.mapper().readValue(file.toFile(), Publication.class);
            String commit = Provenance.gitCommit();
            if (!pub.commit().equals(commit)) {
                throw new BadInput(dir + " was published from commit " + pub.commit() + ", this is " + commit
                        + ": check that commit out to finish it, or publish anew");
            }
            if (!pub.machine().equals(identity())) {
                throw new BadInput(dir + " was published on another machine (" + pub.machine() + "); this is "
                        + identity() + ": finish it there, or publish anew");
            }
        } else {
            if (Files.isDirectory(dir)) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new BadInput(dir + " is not empty: publish DIR --resume finishes a publication, or give a "
                                + "new directory");
                    }
                }
            }
            for (String s : stages) {
                if (!STAGES.contains(s)) {
                    throw new BadInput("unknown stage '" + s + "': the stages are " + String.join(", ", STAGES));
                }
            }
            Files.createDirectories(dir);
            pub = new Publication(Provenance.gitCommit(), identity(), STAGES.stream().filter(stages::contains).toList(),
                    gridArgs(), speedProfile, List.of());
            ResultJson.write(file, pub);
        }
        console.printf("seqbench publish: %s, commit %s, machine %s%n", dir, pub.commit(), Provenance.identity());
        for (String stage : pub.stages()) {
            int k = pub.stages().indexOf(stage) + 1;
            if (pub.isDone(stage)) {
                console.printf("seqbench publish: stage %d/%d, %s: complete, skipped%n", k, pub.stages().size(), stage);
                continue;
            }
            console.printf("seqbench publish: stage %d/%d, %s%n", k, pub.stages().size(), stage);
            long start = System.nanoTime();
            int code = 0;
            for (String[] command : commands(stage, pub)) {
                code = code == 0 ? Cli.execute(command, console, console, available, workers) : code;
            }
            if (code != 0) {
                console.printf("seqbench publish: stage %s ended with exit code %d; publish %s --resume continues from "
                        + "it%n", stage, code, dir);
                return code;
            }
            pub = pub.finished(stage, Duration.ofNanos(System.nanoTime() - start).toSeconds());
            ResultJson.write(file, pub);
        }
        long total = pub.done().stream().mapToLong(Done::seconds).sum();
        console.printf(Locale.ROOT, "seqbench publish: complete in %dh %02dm of stages -> %s%n", total / 3600,
                total % 3600 / 60, dir.resolve("README.md"));
        return 0;
    }

    /** The grid's options as given, kept in publish.json so that a resumed stage runs with the same ones. */
    private List<String> gridArgs() {
        List<String> a = new ArrayList<>();
        a.addAll(List.of("--seeds", Integer.toString(seeds), "--profile", "quick"));
        if (tasks != null) {
            a.addAll(List.of("--tasks", String.join(",", tasks)));
        }
        if (!selection.models.isEmpty()) {
            a.addAll(List.of("--models", String.join(",", selection.models)));
        }
        if (!selection.backends.isEmpty()) {
            a.addAll(List.of("--backends", String.join(",", selection.backends)));
        }
        if (epochs != null) {
            a.addAll(List.of("--epochs", Integer.toString(epochs)));
        }
        return a;
    }

    /** The command line of one stage, from the publication's options. */
    private List<String> option(Publication pub, String name) {
        int i = pub.args().indexOf(name);
        return i < 0 ? List.of() : List.of(name, pub.args().get(i + 1));
    }

    /** The commands of one stage: one, or none where the selection leaves the stage nothing to run. */
    private List<String[]> commands(String stage, Publication pub) {
        Path contrast = dir.resolve(CONTRAST);
        if (stage.equals("contrast")) {
            List<String> chosen = option(pub, "--backends").isEmpty() ? CONTRAST_BACKENDS
                    : CONTRAST_BACKENDS.stream().filter(List.of(option(pub, "--backends").get(1).split(","))::contains).toList();
            if (chosen.isEmpty()) {
                return List.of();
            }
            List<String> c = new ArrayList<>();
            if (new ResultStore(contrast).hasRun()) {
                c.addAll(List.of("--resume", contrast.toString()));
            } else {
                c.addAll(List.of("--profile", "seed", "--tasks", "meanones", "--backends", String.join(",", chosen), "--seeds",
                        "3", "--param", "meanones.L=200", "--param", "meanones.N=80,130", "--out", contrast.toString()));
                c.addAll(option(pub, "--epochs"));
            }
            if (jobs != null) {
                c.addAll(List.of("--jobs", Integer.toString(jobs)));
            }
            return List.<String[]>of(c.toArray(String[]::new));
        }
        if (stage.equals("report") && new ResultStore(contrast).hasRun()) {
            return List.of(command(stage, pub), new String[]{"report", contrast.toString()});
        }
        return List.<String[]>of(command(stage, pub));
    }

    private String[] command(String stage, Publication pub) {
        List<String> c = new ArrayList<>();
        String speed = pub.speedProfile();
        switch (stage) {
            case "grid" -> {
                if (new ResultStore(dir).hasRun()) {
                    c.addAll(List.of("--resume", dir.toString()));
                } else {
                    c.addAll(pub.args());
                    c.addAll(List.of("--out", dir.toString()));
                }
                if (jobs != null) {
                    c.addAll(List.of("--jobs", Integer.toString(jobs)));
                }
            }
            case "verify" -> {
                c.add("verify");
                c.addAll(option(pub, "--tasks"));
                c.addAll(option(pub, "--models"));
                c.addAll(option(pub, "--backends"));
                c.addAll(List.of("--out", dir.toString()));
            }
            case "footprint" -> {
                c.addAll(List.of("footprint", dir.toString()));
                c.addAll(option(pub, "--backends"));
            }
            case "speed" -> {
                c.addAll(List.of("speed", dir.toString(), "--profile", speed, "--resume"));
                c.addAll(option(pub, "--backends"));
            }
            case "scaling" -> {
                c.addAll(List.of("speed", dir.toString(), "--scaling", "--profile", speed, "--resume"));
                c.addAll(option(pub, "--backends"));
            }
            case "setups" -> c.addAll(List.of("speed", dir.toString(), "--setups", "--profile", speed, "--resume"));
            case "report" -> c.addAll(List.of("report", dir.toString()));
            default -> throw new IllegalStateException(stage);
        }
        return c.toArray(String[]::new);
    }
}
