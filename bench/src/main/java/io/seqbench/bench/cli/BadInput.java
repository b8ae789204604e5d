package io.seqbench.bench.cli;

/** A user error: one message, exit code 2. */
public final class BadInput extends RuntimeException {
    public BadInput(String message) {
        super(message);
    }
}
