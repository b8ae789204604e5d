package io.seqbench.common.model;

/** Training loss. Every backend reports the loss as this exact quantity (not, say, 0.5 x MSE). */
public enum Loss {
    MSE, MAE
}
