package io.seqbench.common;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the backends on the class path. */
public final class Backends {
    private Backends() {
    }

    /** Every backend found by {@link ServiceLoader}, sorted by id. */
    public static List<Backend> discover() {
        List<Backend> out = new ArrayList<>();
        ServiceLoader.load(Backend.class).forEach(out::add);
        out.sort(java.util.Comparator.comparing(Backend::id));
        return out;
    }
}
