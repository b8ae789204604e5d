package io.seqbench.bench.speed;

import io.seqbench.common.Backend;
import io.seqbench.common.Experiment;
import io.seqbench.common.ResidentMemory;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.tasks.Task;
import io.seqbench.common.tasks.Tasks;

/**
 * A fresh JVM's resident memory once a backend has done the least a server does: loaded, trained one small model
 * (sum3's linear fix, 5 epochs) and predicted once. Run by {@link Footprint} as its own process, one per backend, so
 * that no other backend's libraries are in it; prints {@link #PREFIX} and the kilobytes.
 */
public final class FootprintProbe {
    public static final String PREFIX = "seqbench-footprint-rss-kb=";

    private FootprintProbe() {
    }

    public static void main(String[] args) {
        Backend backend = io.seqbench.common.Backends.discover().stream().filter(b -> b.id().equals(args[0])).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no backend " + args[0]));
        Task sum3 = Tasks.byId("sum3");
        Experiment e = Experiment.prepare(sum3, sum3.model("linear"), java.util.Map.of(), 1, 5);
        double[] sink = new double[1];
        try (TrainedModel m = backend.train(e.spec(), e.train(), new TrainSettings(1), TrainingListener.NONE)) {
            sink[0] = m.predict(new double[][][]{e.train().x()[0]})[0][0];
        }
        System.out.println(PREFIX + ResidentMemory.ofThisJvmKb() + " " + (Double.isFinite(sink[0]) ? "" : "(prediction not finite)"));
        System.exit(0);
    }
}
