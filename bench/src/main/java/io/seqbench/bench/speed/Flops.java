package io.seqbench.bench.speed;

import io.seqbench.common.model.Layer;
import io.seqbench.common.model.ModelSpec;

/**
 * Floating-point operations of a spec, counted the usual way: a dense layer 2*in*out per sample (per step when
 * time-distributed), an LSTM 8*H*(I+H) per step and direction (four gates, a multiply and an add each), a
 * factorization machine 4*F*k; training about 3x the forward pass (forward, and two products in the backward).
 * Activations, losses and optimiser updates are not counted.
 */
public final class Flops {
    private Flops() {
    }

    /** Forward FLOPs for one sample of (timesteps, features). */
    public static double forwardPerSample(ModelSpec spec, int timesteps, int features) {
        boolean flat = spec.flatInput();
        long width = flat ? (long) timesteps * features : features;
        long steps = flat ? 1 : timesteps;
        double total = 0;
        for (Layer l : spec.layers()) {
            if (l instanceof Layer.Dense d) {
                total += 2.0 * width * d.units();
                width = d.units();
                steps = 1;
            } else if (l instanceof Layer.TimeDistributedDense t) {
                total += 2.0 * width * t.units() * steps;
                width = t.units();
            } else if (l instanceof Layer.Lstm lstm) {
                total += 8.0 * lstm.units() * (width + lstm.units()) * steps * (lstm.bidirectional() ? 2 : 1);
                width = lstm.outputWidth();
                steps = lstm.returnSequences() ? steps : 1;
            } else if (l instanceof Layer.RepeatVector r) {
                steps = r.times();
            } else if (l instanceof Layer.FactorizationMachine fm) {
                total += 4.0 * width * fm.factors() + 2.0 * width;
            }
        }
        return total;
    }

    /** Training FLOPs of one epoch: 3x forward over every training sample. */
    public static double trainEpoch(ModelSpec spec, int samples, int timesteps, int features) {
        return 3 * forwardPerSample(spec, timesteps, features) * samples;
    }
}
