package io.seqbench.bench.cli;

import io.seqbench.bench.report.Catalogue;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.Tasks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code tasks}: the catalogue, one line per task, or in full as Markdown ({@code docs/TASKS.md} is its output). */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "Prints the task catalogue; with --markdown, in full as docs/TASKS.md holds it.")
public final class TasksCommand implements Callable<Integer> {
    @Option(names = "--markdown", description = "the whole catalogue as Markdown (data, probes, recipes, fixes, figures)")
    boolean markdown;

    @Option(names = "--out", description = "write the Markdown to this file (e.g. docs/TASKS.md) instead of the console")
    Path out;

    private final PrintStream console;

    public TasksCommand(PrintStream console) {
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        if (out != null && !markdown) {
            throw new BadInput("--out goes with --markdown");
        }
        if (out != null) {
            if (out.getParent() != null && !Files.isDirectory(out.getParent())) {
                throw new BadInput("cannot write " + out + ": no directory " + out.getParent());
            }
            Files.writeString(out, Catalogue.markdown(), StandardCharsets.UTF_8);
            console.println("wrote " + out);
            return 0;
        }
        if (markdown) {
            console.print(Catalogue.markdown());
            return 0;
        }
        for (Task t : Tasks.all()) {
            console.printf("%-12s %s (target: %s)%n", t.id(), t.title(), t.target().describe());
        }
        return 0;
    }
}
