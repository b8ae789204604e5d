package io.seqbench.djl;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.seqbench.common.Experiment;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.ModelSpec;
import io.seqbench.common.tasks.Tasks;

import java.util.List;
import java.util.Map;

/**
 * Scratch evidence for the training-loop choice (not JMH): DJL's EasyTrain against this backend's manual loop, on
 * the same tiny MLP (Dense 20 relu -> Dense 1, Adam 1e-3, MSE, batch 32) and the same sumpairs data, mean of the
 * second half of the epochs. Run: {@code java -cp <test class path> io.seqbench.djl.EasyTrainTiming}.
 */
public class EasyTrainTiming {
    public static void main(String[] args) throws Exception {
        int epochs = Integer.getInteger("epochs", 1000);
        int batch = 32;
        Experiment e = Experiment.prepare(Tasks.byId("sumpairs"), Tasks.byId("sumpairs").model("linear"), Map.of(), 1, 1);
        ModelSpec spec = ModelSpec.of(List.of(new Layer.Dense(20, io.seqbench.common.model.Activation.RELU),
                        new Layer.Dense(1, io.seqbench.common.model.Activation.LINEAR)), io.seqbench.common.model.Optimizer.adam(),
                io.seqbench.common.model.Loss.MSE, epochs, batch, 0.2);
        DjlBackend backend = new DjlBackend();
        System.out.println(backend.provenance().get("threads"));
        for (int round = 0; round < 3; round++) {
            System.out.printf("manual loop: %.3f ms/epoch%n", Timing.time(backend, spec, e));
            System.out.printf("EasyTrain:   %.3f ms/epoch%n", easyTrain(e, epochs, batch));
        }
    }

    static double easyTrain(Experiment e, int epochs, int batch) throws Exception {
        double[][][] x = e.train().x();
        double[][] y = e.train().y();
        float[] flatX = new float[x.length * x[0].length * x[0][0].length];
        float[] flatY = new float[y.length];
        int k = 0;
        for (double[][] row : x) {
            for (double[] step : row) {
                for (double v : step) {
                    flatX[k++] = (float) v;
                }
            }
        }
        for (int i = 0; i < y.length; i++) {
            flatY[i] = (float) y[i][0];
        }
        int features = x[0].length * x[0][0].length;
        try (NDManager manager = NDManager.newBaseManager(); Model model = Model.newInstance("mlp")) {
            NDArray data = manager.create(flatX, new Shape(x.length, features));
            NDArray labels = manager.create(flatY, new Shape(y.length, 1));
            ArrayDataset ds = new ArrayDataset.Builder().setData(data).optLabels(labels).setSampling(batch, true).build();
            model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(20).build()).add(Activation::relu)
                    .add(Linear.builder().setUnits(1).build()));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).optEpsilon(1e-7f).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batch, features));
                long half = 0;
                long start = 0;
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    if (epoch == epochs / 2 + 1) {
                        start = System.nanoTime();
                    }
                    EasyTrain.fit(trainer, 1, ds, null);
                    half = System.nanoTime();
                }
                return (half - start) / 1e6 / (epochs - epochs / 2);
            }
        }
    }
}
