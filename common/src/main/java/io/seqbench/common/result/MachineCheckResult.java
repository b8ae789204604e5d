package io.seqbench.common.result;

import java.util.List;

/**
 * The outcome of the machine check made before a run or a speed run: every backend's untrained predictions on every
 * exact model of the run, against the float64 reference on the parameters the backend reports. A wrong native kernel
 * on the machine shows here before any number is recorded.
 *
 * @param machine   the machine identity the check ran on (CPU vendor, family, model, stepping)
 * @param checked   (backend, model) pairs compared
 * @param tolerance the largest relative difference that passes
 * @param worst     the largest relative difference seen, and where ({@code backend task/model})
 * @param unchecked backends left out and why (no parameters to compute the reference from)
 * @param failures  each pair beyond the tolerance, with its difference; empty when the check passed
 */
public record MachineCheckResult(String machine, int checked, double tolerance, double worst, String worstCase,
                                 List<String> unchecked, List<String> failures) {
    public boolean passed() {
        return failures.isEmpty();
    }

    /** One line for the console and the reports. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "machine check on %s: %s, %d (backend, model) pairs against the "
                        + "float64 reference, worst %.1e (%s), tolerance %.0e%s", machine,
                passed() ? "passed" : failures.size() + " FAIL", checked, worst, worstCase, tolerance,
                unchecked.isEmpty() ? "" : "; not checked: " + String.join("; ", unchecked));
    }
}
