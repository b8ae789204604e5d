package io.seqbench.bench.speed;

import io.seqbench.common.Predictor;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingRun;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The guard of every timed epoch: a diverged loss or a run stepped past its bound ends the benchmark. */
public class GuardedEpochsTest {
    /** A run whose losses are given in advance. */
    private static TrainingRun losses(double... values) {
        return new TrainingRun() {
            private int i;

            public double epoch() {
                return values[Math.min(i++, values.length - 1)];
            }

            public Predictor current() {
                throw new UnsupportedOperationException();
            }

            public TrainedModel finish() {
                throw new UnsupportedOperationException();
            }

            public void close() {
            }
        };
    }

    @Test
    void aNaNLossEndsTheBenchmarkAtThatEpoch() {
        GuardedEpochs g = new GuardedEpochs(losses(1.0, 0.5, Double.NaN), "sum3/lstm/x", 1000);
        assertEquals(1.0, g.next());
        assertEquals(0.5, g.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, g::next);
        assertTrue(e.getMessage().contains("sum3/lstm/x: the training loss is NaN at epoch 3"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new GuardedEpochs(losses(Double.POSITIVE_INFINITY), "c", 10).next());
    }

    @Test
    void aRunPastFiftyBudgetsEndsTheBenchmark() {
        GuardedEpochs g = new GuardedEpochs(losses(0.1), "c", 2);
        for (int i = 0; i < 2 * GuardedEpochs.BUDGETS; i++) {
            g.next();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, g::next);
        assertTrue(e.getMessage().contains("101 epochs in one run, past the bound of 100"), e.getMessage());
    }
}
