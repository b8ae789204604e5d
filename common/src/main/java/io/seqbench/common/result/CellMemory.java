package io.seqbench.common.result;

/**
 * What one training cell took in memory, measured in its worker JVM around training and evaluation. The resident set
 * (Linux {@code VmRSS}, everything the process holds: heap, native libraries' allocations, buffers) is sampled every
 * few milliseconds, and so is the Java heap in use, so a peak shorter than that can be missed. What lies outside the
 * heap is not split out: a resident set counts only the heap pages touched, so it cannot be told from the heap's
 * committed size.
 *
 * @param baselineRssKb          the worker's resident set just before the cell
 * @param peakRssAboveBaselineKb the largest resident set during the cell, less the baseline
 * @param peakHeapKb             the largest Java heap in use during the cell (live and not yet collected objects)
 */
public record CellMemory(long baselineRssKb, long peakRssAboveBaselineKb, long peakHeapKb) {
}
