package io.seqbench.bench.speed;

import io.seqbench.common.Experiment;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;

/**
 * What a server does between its JVM's start and its first answer, as its own process: prepare the case's data, load
 * the backend, build the model from the shared initial weights and train it for one epoch (the least every backend can
 * make: Tribuo has no untrained model), then predict one sample. Prints {@link #PREFIX} and the prediction, which
 * {@link ColdStartBenchmark} waits for.
 */
public final class ColdStartProbe {
    public static final String PREFIX = "seqbench-first-prediction=";

    private ColdStartProbe() {
    }

    public static void main(String[] args) {
        SpeedCase c = SpeedCase.parse(args[0]);
        Experiment e = c.experiment(1);
        TrainedModel model = c.backend().train(e.spec(), e.train(), new TrainSettings(1), TrainingListener.NONE);
        double first = model.predict(new double[][][]{e.train().x()[0]})[0][0];
        System.out.println(PREFIX + first);
        System.out.flush();
        System.exit(0); // the answer is out: nothing after it is part of a cold start
    }
}
