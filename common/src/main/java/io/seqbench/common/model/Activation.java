package io.seqbench.common.model;

/** Element-wise activation of a layer. {@code LINEAR} means none (the identity), as in Keras' default Dense. */
public enum Activation {
    LINEAR, RELU, TANH, SIGMOID
}
