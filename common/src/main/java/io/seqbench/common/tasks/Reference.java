package io.seqbench.common.tasks;

/**
 * A figure the source article reported with Keras (one run, no seed): the reference row of every table.
 *
 * @param model           the task model it corresponds to
 * @param probePrediction the article's probe prediction, or null
 * @param heldOutRmse     the article's error in original units, or null
 */
public record Reference(String model, double[] probePrediction, Double heldOutRmse, String note) {

    public static Reference probe(String model, double... prediction) {
        return new Reference(model, prediction, null, "");
    }

    public static Reference rmse(String model, double rmse, String note) {
        return new Reference(model, null, rmse, note);
    }

    public static Reference note(String model, String note) {
        return new Reference(model, null, null, note);
    }
}
