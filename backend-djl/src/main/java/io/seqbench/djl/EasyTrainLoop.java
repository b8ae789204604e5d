package io.seqbench.djl;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.translate.TranslateException;
import ai.djl.util.PairList;
import io.seqbench.common.data.Minibatches;
import io.seqbench.common.model.ModelSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * DJL's own training path, kept as the measured alternative to the backend's manual loop
 * ({@code -Dseqbench.djl.loop=easytrain}): the same {@link DjlNetwork} wrapped as a DJL {@code Block}, a
 * {@code Trainer} with DJL's loss and an optimizer, an {@code ArrayDataset} and {@code EasyTrain.fit} one epoch at a
 * time, with DJL's {@code EvaluatorTrainingListener} for the epoch loss (the least a user of EasyTrain runs). Only the
 * loop differs from the manual one: same initial weights, same minibatch order (the suite's shared order as a DJL
 * {@code Sampler}), same loss (Keras' MSE or MAE as a DJL {@code Loss}: {@link MeanErrorLoss} says why not DJL's
 * {@code L2Loss}) and the same updates, so the set-up comparison measures the loop alone; a test checks both give the same weights.
 */
final class EasyTrainLoop implements AutoCloseable {
    private final Model model;
    private final Trainer trainer;
    private final ArrayDataset data;
    private final EvaluatorTrainingListener evaluator = new EvaluatorTrainingListener();
    private final String lossKey;

    EasyTrainLoop(DjlNetwork net, ModelSpec spec, NDArray x, NDArray y, long seed, Updater updater) {
        model = Model.newInstance("seqbench", DjlSetup.ENGINE);
        NetworkBlock block = new NetworkBlock(net);
        model.setBlock(block);
        ai.djl.training.loss.Loss loss = new MeanErrorLoss(spec.loss());
        lossKey = "train_" + loss.getName();
        trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(new UpdaterOptimizer(updater))
                .addTrainingListeners(evaluator, block.releaseAfterBackward()));
        data = new ArrayDataset.Builder().setData(x).optLabels(y)
                .setSampling(new SharedOrder((int) x.getShape().get(0), spec.batchSize(), seed)).build();
    }

    /** One epoch of {@code EasyTrain.fit}; returns DJL's epoch loss. */
    double epoch() {
        try {
            EasyTrain.fit(trainer, 1, data, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TranslateException e) {
            throw new IllegalStateException(e);
        }
        return evaluator.getLatestEvaluations().get(lossKey);
    }

    /** Closes the trainer and DJL model; the network's arrays stay with the backend's model manager. */
    @Override
    public void close() {
        trainer.close();
        model.close();
    }

    /**
     * The network as a DJL block: one {@code Parameter} per network array (the same arrays, so the trainer's
     * updates are the network's). For a training forward pass the parameters are lent to a sub-manager of the
     * batch, so that arrays derived from them (the fused LSTM's transposed kernels) are freed with the step, and
     * they are returned once backward has run, before the update creates optimizer state next to them.
     */
    private static final class NetworkBlock extends AbstractBlock {
        private final DjlNetwork net;
        private final List<Parameter> parameters = new ArrayList<>();
        private NDManager lent;

        NetworkBlock(DjlNetwork net) {
            this.net = net;
            for (int i = 0; i < net.params.size(); i++) {
                parameters.add(addParameter(Parameter.builder().setName("p" + i).setType(Parameter.Type.OTHER)
                        .optArray(net.params.get(i)).build()));
            }
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.head();
            for (Parameter p : parameters) {
                store.getValue(p, x.getDevice(), training);
            }
            if (training) {
                lent = x.getManager().newSubManager();
                DjlBackend.attach(lent, net);
            }
            return new NDList(net.forward(x, training));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            throw new UnsupportedOperationException("shapes come from the spec");
        }

        TrainingListenerAdapter releaseAfterBackward() {
            return new TrainingListenerAdapter() {
                @Override
                public void onTrainingBatch(ai.djl.training.Trainer trainer, BatchData batchData) {
                    if (lent != null) {
                        lent.close();
                        lent = null;
                    }
                }
            };
        }
    }

    /**
     * The backend's {@link Updater} as a DJL optimizer, so both loops apply identical updates. The trainer passes a
     * copy of the gradient; like DJL's own PyTorch updates, this zeroes the parameter's gradient afterwards (without
     * it, the written AdaGrad would accumulate gradients across steps).
     */
    private static final class UpdaterOptimizer extends Optimizer {
        private final Updater updater;

        UpdaterOptimizer(Updater updater) {
            super(new OptimizerBuilder<>() {
                @Override
                protected OptimizerBuilder self() {
                    return this;
                }
            });
            this.updater = updater;
        }

        @Override
        public void update(String id, NDArray weight, NDArray grad) {
            try (NDManager scratch = weight.getManager().newSubManager()) {
                grad.tempAttach(scratch); // what the update derives from the gradient is freed with the scratch
                updater.update(id, weight, grad, scratch);
                NDArray own = weight.getGradient();
                own.attach(scratch);
                own.subi(own);
            }
        }
    }

    /** The suite's shared minibatch order ({@link Minibatches}), one epoch per call, as a DJL sampler. */
    private static final class SharedOrder implements Sampler {
        private final int samples;
        private final int batch;
        private final long seed;
        private int epoch;

        SharedOrder(int samples, int batch, long seed) {
            this.samples = samples;
            this.batch = batch;
            this.seed = seed;
        }

        @Override
        public Iterator<List<Long>> sample(RandomAccessDataset dataset) {
            epoch++;
            return Minibatches.epoch(samples, batch, seed, epoch).stream()
                    .map(rows -> Arrays.stream(rows).mapToObj(r -> (long) r).toList()).iterator();
        }

        @Override
        public int getBatchSize() {
            return batch;
        }
    }
}
