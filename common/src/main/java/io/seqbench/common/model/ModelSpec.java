package io.seqbench.common.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A model and its training budget, as plain data that every backend reads the same way.
 *
 * @param layers          the layers in order; the last one produces the outputs
 * @param optimizer       optimiser and learning rate
 * @param loss            training loss
 * @param epochs          passes over the training split
 * @param batchSize       minibatch size (clipped to the training set size, as Keras does)
 * @param heldOutFraction the last fraction of the samples held out, as Keras' validation_split does
 */
public record ModelSpec(List<Layer> layers, Optimizer optimizer, Loss loss, int epochs, int batchSize,
                        double heldOutFraction) {

    public ModelSpec {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one layer");
        }
        Specs.positive("epochs", epochs);
        Specs.positive("batch size", batchSize);
        if (!(heldOutFraction >= 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in [0, 1), got " + heldOutFraction);
        }
        validateOrder(layers);
    }

    public static ModelSpec of(List<Layer> layers, Optimizer optimizer, Loss loss, int epochs, int batchSize,
                               double heldOut) {
        return new ModelSpec(layers, optimizer, loss, epochs, batchSize, heldOut);
    }

    /** The same model with another epoch budget (used by the quick profile, always recorded). */
    public ModelSpec withEpochs(int newEpochs) {
        return new ModelSpec(layers, optimizer, loss, newEpochs, batchSize, heldOutFraction);
    }

    /** The same model with another optimiser (the equivalence checks freeze a model with SGD at rate 0). */
    public ModelSpec withOptimizer(Optimizer newOptimizer) {
        return new ModelSpec(layers, newOptimizer, loss, epochs, batchSize, heldOutFraction);
    }

    public ModelSpec withBatchSize(int newBatch) {
        return new ModelSpec(layers, optimizer, loss, epochs, newBatch, heldOutFraction);
    }

    /** Short form for tables: {@code LSTM(50,relu) > Dense(1)}. */
    public String describe() {
        return layers.stream().map(Layer::describe).collect(Collectors.joining(" > "));
    }

    /** True if any layer is recurrent (the model consumes the time axis rather than a flattened input). */
    public boolean isRecurrent() {
        return layers.stream().anyMatch(l -> l instanceof Layer.Lstm);
    }

    /**
     * True if the model sees its input flattened to (timesteps * features): a model without a recurrent layer, or one
     * whose first layer is Dense (Keras semantics).
     */
    public boolean flatInput() {
        return !isRecurrent() || layers.get(0) instanceof Layer.Dense;
    }

    /** The value a leading Masking layer skips, if the model starts with one. */
    public java.util.Optional<Double> maskValue() {
        return layers.get(0) instanceof Layer.Masking m ? java.util.Optional.of(m.value()) : java.util.Optional.empty();
    }

    /** Number of output steps: the RepeatVector length for encoder-decoders, 1 otherwise. */
    public int outputSteps() {
        return layers.stream().filter(l -> l instanceof Layer.RepeatVector)
                .mapToInt(l -> ((Layer.RepeatVector) l).times()).findFirst().orElse(1);
    }

    /** Width of the last layer: outputs per step. */
    public int outputWidth() {
        Layer last = layers.get(layers.size() - 1);
        if (last instanceof Layer.Dense d) {
            return d.units();
        }
        if (last instanceof Layer.TimeDistributedDense t) {
            return t.units();
        }
        if (last instanceof Layer.FactorizationMachine) {
            return 1;
        }
        throw new IllegalStateException("unreachable: validated");
    }

    /**
     * Checks the Keras shape rules: masking only first, an FM alone, Dense only on 2-D input,
     * TimeDistributed only on sequences, and a model that ends in a Dense-like layer.
     */
    private static void validateOrder(List<Layer> layers) {
        boolean sequence = true; // input is (timesteps, features); a leading Dense flattens it
        boolean first = true;
        for (Layer layer : layers) {
            if (layer instanceof Layer.Masking) {
                if (!first) {
                    throw new IllegalArgumentException("Masking must be the first layer");
                }
            } else if (layer instanceof Layer.FactorizationMachine) {
                if (layers.size() != 1) {
                    throw new IllegalArgumentException("a factorization machine is a whole model: it must be the only layer");
                }
            } else if (layer instanceof Layer.Lstm lstm) {
                if (!sequence) {
                    throw new IllegalArgumentException("LSTM needs a sequence input; put it before Dense or after RepeatVector");
                }
                sequence = lstm.returnSequences();
            } else if (layer instanceof Layer.Dense) {
                if (sequence && !first && !(layers.get(0) instanceof Layer.Masking && layers.indexOf(layer) == 1)) {
                    throw new IllegalArgumentException("Dense after a sequence-returning layer: use TimeDistributedDense");
                }
                sequence = false;
            } else if (layer instanceof Layer.RepeatVector) {
                if (sequence) {
                    throw new IllegalArgumentException("RepeatVector needs a 2-D input");
                }
                sequence = true;
            } else if (layer instanceof Layer.TimeDistributedDense) {
                if (!sequence || first) {
                    throw new IllegalArgumentException("TimeDistributedDense needs a sequence from a previous layer");
                }
            }
            first = false;
        }
        Layer last = layers.get(layers.size() - 1);
        if (!(last instanceof Layer.Dense || last instanceof Layer.TimeDistributedDense
                || last instanceof Layer.FactorizationMachine)) {
            throw new IllegalArgumentException("the last layer must be Dense, TimeDistributedDense or FM, got " + last.describe());
        }
    }
}
