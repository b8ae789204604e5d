package io.seqbench.bench.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The backends and models a command covers, the same two options on run, verify and speed. */
final class Selection {
    @Option(names = "--backends", split = ",", description = "backends (default: every one found)")
    List<String> backends = new ArrayList<>();

    @Option(names = "--models", split = ",", description = "recipe, fix, or model names (default: all)")
    List<String> models = new ArrayList<>();
}
