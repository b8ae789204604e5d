package io.seqbench.bench.run;

import io.seqbench.common.Backend;
import io.seqbench.common.Backends;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The backends a run can use: every one on the class path ({@link Backends#discover}), plus the classes named in the
 * system property {@code seqbench.extraBackends} (comma-separated, each with a no-argument constructor). The extra ones
 * exist for tests, such as the crash-test backend of the worker tests; nothing is added unless the property says so.
 */
public final class AvailableBackends {
    public static final String EXTRA = "seqbench.extraBackends";

    private AvailableBackends() {
    }

    public static List<Backend> all() {
        List<Backend> out = new ArrayList<>(Backends.discover());
        String extra = System.getProperty(EXTRA, "");
        for (String name : extra.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                out.add((Backend) Class.forName(name.strip()).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalArgumentException("-D" + EXTRA + " names " + name + ", which is not a backend class: " + e);
            }
        }
        out.sort(Comparator.comparing(Backend::id));
        return out;
    }
}
