package io.seqbench.common.data;

/** A training split and the held-out split after it (possibly empty). */
public record Split(Dataset train, Dataset heldOut) {
}
