package io.seqbench.common;

/**
 * A backend's answer to "can you run this spec?". {@code APPROXIMATE} and {@code UNSUPPORTED} always carry a
 * one-line reason, which the tables show.
 */
public record Support(Level level, String reason) {

    /** How faithfully a backend can run a spec. */
    public enum Level { EXACT, APPROXIMATE, UNSUPPORTED }

    public Support {
        if (level != Level.EXACT && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException(level + " needs a reason");
        }
        reason = reason == null ? "" : reason;
    }

    public static Support exact() {
        return new Support(Level.EXACT, "");
    }

    public static Support approximate(String reason) {
        return new Support(Level.APPROXIMATE, reason);
    }

    public static Support unsupported(String reason) {
        return new Support(Level.UNSUPPORTED, reason);
    }

    public boolean runnable() {
        return level != Level.UNSUPPORTED;
    }

    @Override
    public String toString() {
        return level == Level.EXACT ? "exact" : level.name().toLowerCase() + ": " + reason;
    }
}
