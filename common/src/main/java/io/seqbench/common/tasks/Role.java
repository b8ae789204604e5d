package io.seqbench.common.tasks;

/** Whether a model is the source's recipe (reproduced as written) or the suite's fix. */
public enum Role { RECIPE, FIX }
