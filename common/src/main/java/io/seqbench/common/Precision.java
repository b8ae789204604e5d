package io.seqbench.common;

/**
 * The floating-point type a backend trains and predicts in. Every published run is {@link #FLOAT32}, as Keras
 * trains. {@link #FLOAT64} exists for the equivalence check: two backends that run the same arithmetic agree in float64
 * to many digits over a whole training run, whereas in float32 a model with relu units can amplify the frameworks'
 * different roundings (of the same operations) into a visibly different loss curve.
 */
public enum Precision {
    FLOAT32,
    FLOAT64;

    /** Says {@code precision=float64} in a model's details when it computes in float64; float32, the published one, goes unsaid. */
    public static void describe(java.util.Map<String, String> details, boolean float64) {
        if (float64) {
            details.put("precision", "float64");
        }
    }
}
