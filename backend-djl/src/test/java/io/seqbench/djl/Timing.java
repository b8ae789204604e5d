package io.seqbench.djl;

import io.seqbench.common.Experiment;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.model.Activation;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import io.seqbench.common.tasks.Tasks;

import java.util.List;
import java.util.Map;

/**
 * Rough per-epoch timing (scratch evidence for the README; not JMH): the fused tanh LSTM against the explicit cell
 * on the same shapes, under the current thread properties. The explicit cell is forced by a Masking layer whose
 * value never occurs, which leaves the function unchanged (FusedLstmCheckTest: both paths compute the float64 reference).
 */
public class Timing {
    public static void main(String[] a) {
        DjlBackend b = new DjlBackend();
        System.out.println(b.provenance().get("threads"));
        for (String task : new String[]{"sum3", "meanones"}) {
            Map<String, String> params = task.equals("meanones") ? Map.of("L", "50", "N", "51") : Map.of();
            int batch = task.equals("meanones") ? 1 : 32;
            int epochs = task.equals("meanones") ? 4 : 200;
            Experiment e = Experiment.prepare(Tasks.byId(task), Tasks.byId(task).models().get(0), params, 1, 1);
            for (int units : new int[]{10, 50}) {
                Layer.Lstm l = Layer.Lstm.of(units, Activation.TANH);
                ModelSpec fused = ModelSpec.of(List.of(l, new Layer.Dense(1, Activation.LINEAR)), Optimizer.adam(), Loss.MSE,
                        epochs, batch, 0.1);
                ModelSpec explicit = ModelSpec.of(List.of(new Layer.Masking(-12345), l, new Layer.Dense(1, Activation.LINEAR)),
                        Optimizer.adam(), Loss.MSE, epochs, batch, 0.1);
                System.out.printf("  %-9s LSTM(%d): fused %.2f ms/epoch, explicit %.2f ms/epoch%n", task, units,
                        time(b, fused, e), time(b, explicit, e));
            }
        }
    }

    static double time(DjlBackend b, ModelSpec spec, Experiment e) {
        long[] at = new long[2];
        int half = spec.epochs() / 2;
        try (TrainedModel m = b.train(spec, e.train(), new TrainSettings(1), (ev, p) -> {
            if (ev.epoch() == half) {
                at[0] = ev.elapsedNanos();
            }
            at[1] = ev.elapsedNanos();
            return true;
        })) {
            return (at[1] - at[0]) / 1e6 / (spec.epochs() - half);
        }
    }
}
