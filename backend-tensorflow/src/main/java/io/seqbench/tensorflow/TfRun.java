package io.seqbench.tensorflow;

import io.seqbench.common.SteppedRun;
import io.seqbench.common.data.Minibatches;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.model.Optimizer;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.types.TInt32;

/** A TensorFlow training run stepped by the caller: one session call per minibatch of the shared order. */
final class TfRun extends SteppedRun<TfModel> {
    private final TfGraph net;
    private final ModelSpec spec;
    private final int samples;
    private final long seed;
    private long step;

    TfRun(TfGraph net, TfModel model, ModelSpec spec, int samples, long seed) {
        super(model);
        this.net = net;
        this.spec = spec;
        this.samples = samples;
        this.seed = seed;
    }

    @Override
    protected double trainEpoch(int epoch) {
        double sum = 0;
        int batches = 0;
        Session session = model.session();
        boolean adam = spec.optimizer().kind() == Optimizer.Kind.ADAM;
        for (int[] rows : Minibatches.epoch(samples, spec.batchSize(), seed, epoch)) {
            step++;
            try (TInt32 index = TInt32.vectorOf(rows);
                 Tensor b1 = TfModel.scalar(adam ? Math.pow(TfGraph.BETA1, step) : 0, net.float64());
                 Tensor b2 = TfModel.scalar(adam ? Math.pow(TfGraph.BETA2, step) : 0, net.float64())) {
                Session.Runner runner = session.runner().feed(net.rows, index).fetch(net.loss);
                if (adam) {
                    runner.feed(net.beta1Power, b1).feed(net.beta2Power, b2);
                }
                net.updates.forEach(runner::addTarget);
                try (Result r = runner.run()) {
                    sum += TfModel.values(r.get(0))[0];
                }
            }
            batches++;
        }
        return sum / batches;
    }
}
