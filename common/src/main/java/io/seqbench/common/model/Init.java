package io.seqbench.common.model;

/**
 * How a layer's input kernel is initialised. {@code DEFAULT} is the Keras default (Glorot uniform kernels,
 * orthogonal recurrent weights, zero bias); {@code ORTHOGONAL} draws an orthogonal matrix scaled by {@code gain}.
 */
public record Init(Kind kind, double gain) {
    /** The initialisation schemes a spec can name. */
    public enum Kind { DEFAULT, ORTHOGONAL }

    public static final Init DEFAULT = new Init(Kind.DEFAULT, 1.0);

    public static Init orthogonal(double gain) {
        return new Init(Kind.ORTHOGONAL, gain);
    }

    @Override
    public String toString() {
        return kind == Kind.DEFAULT ? "default" : "orthogonal(gain=" + gain + ")";
    }
}
