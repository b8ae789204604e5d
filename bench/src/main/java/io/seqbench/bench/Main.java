package io.seqbench.bench;

import io.seqbench.bench.cli.Cli;
import io.seqbench.bench.run.AvailableBackends;

/**
 * The seqbench command line's entry point: the backends found on the class path, the console, and the exit code of
 * the command ({@link Cli}). The packages show the architecture: {@code cli} parses and reports to the user, {@code run}
 * trains the grid's cells into a run directory ({@code results}), {@code report} turns the files into tables, plots and
 * the page, {@code speed} and {@code verify} measure speed and equivalence, {@code stats} holds the tests they share.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // The frameworks log start-up banners at INFO; the console is for the progress bar and the tables. Set here,
        // not in .mvn/jvm.config, where it would also silence Maven's own test summary.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(Cli.execute(args, System.out, System.err, AvailableBackends.all(), true));
    }
}
