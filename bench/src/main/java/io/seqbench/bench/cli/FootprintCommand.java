package io.seqbench.bench.cli;

import io.seqbench.bench.run.Grid;
import io.seqbench.bench.speed.Footprint;
import io.seqbench.common.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code footprint DIR}: what each backend adds to a deployment ({@link Footprint}), into DIR/footprint.json. */
@Command(name = "footprint", mixinStandardHelpOptions = true,
        description = "Measures what each backend adds to a deployment (run-time jars as Maven resolved them, native "
                + "libraries unpacked at run time) and writes DIR/footprint.json for the report.")
public final class FootprintCommand implements Callable<Integer> {
    @Parameters(index = "0", defaultValue = "results", description = "the run directory (default: ${DEFAULT-VALUE})")
    Path dir;

    @Mixin
    Selection selection = new Selection();

    private final PrintStream console;
    private final List<Backend> available;

    public FootprintCommand(PrintStream console, List<Backend> available) {
        this.console = console;
        this.available = available;
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new BadInput("cannot write into " + dir + ": not a directory");
        }
        List<Footprint.Entry> entries = new ArrayList<>();
        for (Backend b : Grid.selectBackends(selection.backends, available)) {
            Footprint.Entry e = Footprint.of(b);
            entries.add(e);
            console.printf(Locale.ROOT, "seqbench footprint: %s: %d jars, %.1f MB; natives unpacked %.1f MB%n", e.backend(),
                    e.jars().size(), e.jarBytes() / 1e6, e.nativeCacheBytes() / 1e6);
        }
        Footprint.write(dir, new Footprint.Measured(io.seqbench.bench.run.Provenance.gitCommit(),
                io.seqbench.bench.run.Provenance.machine(), entries));
        console.println("wrote " + dir.resolve(Footprint.FILE));
        return 0;
    }
}
