package io.seqbench.bench.cli;

import io.seqbench.common.Backend;
import picocli.CommandLine;

import java.io.PrintStream;
import java.util.List;


/**
 * Runs one command line in process: picocli with the given console and backends, so that tests can give in-memory
 * backends. Bad input (and a failed machine check) prints one line and returns 2.
 */
public final class Cli {
    public static final int BAD_INPUT = 2;

    private Cli() {
    }

    /** Runs the command in process (the tests' in-memory backends); bad input prints one line and returns 2. */
    public static int execute(String[] args, PrintStream out, PrintStream err, List<Backend> available) {
        return execute(args, out, err, available, false);
    }

    /** Runs the command; {@code workers}: cells train in worker JVMs unless --no-workers. */
    public static int execute(String[] args, PrintStream out, PrintStream err, List<Backend> available, boolean workers) {
        CommandLine cl = new CommandLine(new RunCommand(out, available, workers), new Factory(out, available, workers));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof BadInput) {
                err.println("seqbench: " + ex.getMessage());
                return BAD_INPUT;
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            boolean unknownCommand = ex instanceof CommandLine.UnmatchedArgumentException u && ex.getCommandLine() == cl
                    && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-") && a.length > 0
                    && a[0].equals(u.getUnmatched().get(0));
            err.println("seqbench: " + (unknownCommand ? "unknown command '" + a[0] + "': the commands are "
                    + String.join(", ", cl.getSubcommands().keySet()) + ", or none to run the comparison (see --help)"
                    : ex.getMessage() + " (see --help)"));
            return BAD_INPUT;
        });
        cl.getCommandSpec().usageMessage().footer("", "Backends found on the class path: "
                + (available.isEmpty() ? "none" : String.join(", ", available.stream().map(Backend::id).toList())) + ".%n");
        return cl.execute(args);
    }

    /** Lets tests give the subcommands the same console and backends. */
    public record Factory(PrintStream out, List<Backend> available, boolean workers) implements CommandLine.IFactory {
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == RunCommand.class) {
                return cls.cast(new RunCommand(out, available, workers));
            }
            if (cls == ReportCommand.class) {
                return cls.cast(new ReportCommand(out));
            }
            if (cls == SpeedCommand.class) {
                return cls.cast(new SpeedCommand(out, available));
            }
            if (cls == MergeCommand.class) {
                return cls.cast(new MergeCommand(out, available));
            }
            if (cls == TasksCommand.class) {
                return cls.cast(new TasksCommand(out));
            }
            if (cls == FootprintCommand.class) {
                return cls.cast(new FootprintCommand(out, available));
            }
            if (cls == PublishCommand.class) {
                return cls.cast(new PublishCommand(out, available, workers));
            }
            if (cls == VerifyCommand.class) {
                return cls.cast(new VerifyCommand(out, available));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
