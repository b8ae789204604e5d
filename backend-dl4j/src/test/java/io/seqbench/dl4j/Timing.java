package io.seqbench.dl4j;

import io.seqbench.common.*;
import io.seqbench.common.tasks.*;
import java.util.Map;

/** Rough per-epoch timing under the current system properties (scratch; the evidence is the JMH run). */
public class Timing {
    public static void main(String[] a) {
        Dl4jBackend b = new Dl4jBackend();
        System.out.println(b.provenance().get("threads") + " ws=" + b.provenance().get("workspaces") + " native=" + b.provenance().get("native"));
        for (String spec : a) {
            String[] p = spec.split("/");
            Task task = Tasks.byId(p[0]);
            TaskModel m = task.model(p[1]);
            int epochs = Integer.parseInt(p[2]);
            Experiment e = Experiment.prepare(task, m, Map.of(), 1, epochs);
            long[] at = new long[2];
            TrainedModel tm = b.train(e.spec(), e.train(), new TrainSettings(1), (ev, pr) -> { if (ev.epoch() == epochs / 2) at[0] = ev.elapsedNanos(); at[1] = ev.elapsedNanos(); return true; });
            System.out.printf("  %-24s %.2f ms/epoch (second half)%n", spec, (at[1] - at[0]) / 1e6 / (epochs - epochs / 2));
            tm.close();
        }
    }
}
