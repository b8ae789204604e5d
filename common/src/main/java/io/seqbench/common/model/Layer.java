package io.seqbench.common.model;

/**
 * One layer of a model spec, as plain data. Layers follow Keras semantics, because the task recipes come from
 * Keras: a {@link Dense} after a sequence-returning layer is an error (use {@link TimeDistributedDense}); a
 * model whose first layer is {@link Dense} sees its input flattened to (timesteps * features).
 */
public sealed interface Layer {

    /** Short human-readable form used in tables, e.g. {@code LSTM(50,relu)}. */
    String describe();

    /** Fully connected layer on a 2-D input. */
    record Dense(int units, Activation activation) implements Layer {
        public Dense {
            Specs.positive("Dense units", units);
        }

        public String describe() {
            return "Dense(" + units + (activation == Activation.LINEAR ? "" : "," + activation.name().toLowerCase()) + ")";
        }
    }

    /**
     * Long short-term memory layer. {@code returnSequences} keeps every step's output; {@code bidirectional}
     * runs a second LSTM backwards and concatenates the two outputs (Keras' default merge).
     * {@code unitForgetBias} is Keras' trick of starting the forget gate bias at 1.
     */
    record Lstm(int units, Activation activation, boolean returnSequences, boolean bidirectional,
                Init kernelInit, boolean unitForgetBias) implements Layer {
        public Lstm {
            Specs.positive("LSTM units", units);
            if (activation != Activation.TANH && activation != Activation.RELU) {
                throw new IllegalArgumentException("LSTM activation must be tanh or relu, got " + activation);
            }
        }

        public static Lstm of(int units, Activation activation) {
            return new Lstm(units, activation, false, false, Init.DEFAULT, true);
        }

        public Lstm returningSequences() {
            return new Lstm(units, activation, true, bidirectional, kernelInit, unitForgetBias);
        }

        public Lstm bidirectionalLayer() {
            return new Lstm(units, activation, returnSequences, true, kernelInit, unitForgetBias);
        }

        public String describe() {
            String core = "LSTM(" + units + "," + activation.name().toLowerCase() + (returnSequences ? ",seq" : "")
                    + (kernelInit.kind() == Init.Kind.DEFAULT ? "" : "," + kernelInit)
                    + (unitForgetBias ? "" : ",noForgetBias") + ")";
            return bidirectional ? "Bi" + core : core;
        }

        /** Output width: doubled when bidirectional (concatenation). */
        public int outputWidth() {
            return bidirectional ? 2 * units : units;
        }
    }

    /** Repeats a 2-D input n times into a sequence (the bridge of an encoder-decoder). */
    record RepeatVector(int times) implements Layer {
        public RepeatVector {
            Specs.positive("RepeatVector times", times);
        }

        public String describe() {
            return "Repeat(" + times + ")";
        }
    }

    /** The same Dense layer applied to every step of a sequence. */
    record TimeDistributedDense(int units, Activation activation) implements Layer {
        public TimeDistributedDense {
            Specs.positive("TimeDistributed units", units);
        }

        public String describe() {
            return "TD(Dense(" + units + "))";
        }
    }

    /** Skips time steps whose features all equal {@code value} (must be the first layer). */
    record Masking(double value) implements Layer {
        public String describe() {
            return "Mask(" + value + ")";
        }
    }

    /**
     * A factorization machine on the flattened input: a linear model plus pairwise interactions of rank
     * {@code factors}. Not a neural network layer: only backends with a native FM can run it.
     */
    record FactorizationMachine(int factors) implements Layer {
        public FactorizationMachine {
            Specs.positive("FM factors", factors);
        }

        public String describe() {
            return "FM(" + factors + ")";
        }
    }
}
