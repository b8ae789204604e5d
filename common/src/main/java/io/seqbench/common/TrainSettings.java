package io.seqbench.common;

/**
 * Run-wide settings a backend must honour. The same seed on every backend; how a backend maps it onto its own
 * generators is recorded in its provenance.
 */
public record TrainSettings(long seed) {
}
