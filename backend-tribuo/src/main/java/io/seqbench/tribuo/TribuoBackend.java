package io.seqbench.tribuo;

import io.seqbench.common.Backend;
import io.seqbench.common.EpochEvent;
import io.seqbench.common.Support;
import io.seqbench.common.TrainSettings;
import io.seqbench.common.TrainedModel;
import io.seqbench.common.TrainingListener;
import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.Activation;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.ModelSpec;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.Tribuo;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.Adam;
import org.tribuo.math.optimisers.SGD;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.RegressionObjective;
import org.tribuo.regression.sgd.fm.FMRegressionTrainer;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.AbsoluteLoss;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tribuo 4.3.2's SGD regression: the "do you even need a neural network?" baseline. Runs a spec that is exactly a
 * linear model (one {@code Dense} layer with no activation, on the flattened window) with
 * {@link LinearSGDTrainer}, and a {@code FactorizationMachine} spec with {@link FMRegressionTrainer}. Anything with
 * hidden or recurrent layers is unsupported, with the reason.
 *
 * <p>Every call builds a fresh trainer, so Tribuo's per-trainer invocation counter (which changes the RNG stream of
 * a second {@code train} call on the same trainer) never makes two cells differ.
 */
public final class TribuoBackend implements Backend {
    /** Held strongly: java.util.logging keeps only weak references to configured loggers. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    /** Tribuo's FM initial factor variance (its documented default in the examples). */
    static final double FM_VARIANCE = 0.1;
    /**
     * Why every spec Tribuo runs is approximate: its trainers take neither initial weights nor a minibatch order, and
     * its objectives are sums where Keras takes means.
     */
    static final String DIFFERS = "Tribuo starts from its own weights (zero for linear, random factors for FM), "
            + "shuffles with its own generator, and minimises 0.5*sum of squared (or sum of absolute) errors over "
            + "the outputs, not their mean";

    static {
        TRIBUO_LOG.setLevel(Level.WARNING);
    }

    public String id() {
        return "tribuo";
    }

    public Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("framework", "Tribuo " + Tribuo.VERSION);
        p.put("engine", "pure Java (no native library)");
        p.put("threads", "1 (Tribuo SGD trains single-threaded)");
        p.put("logging", "training log interval -1, org.tribuo at WARNING");
        return p;
    }

    public Support support(ModelSpec spec) {
        List<Layer> layers = spec.layers();
        if (layers.size() == 1 && layers.get(0) instanceof Layer.FactorizationMachine) {
            return Support.approximate(DIFFERS);
        }
        if (layers.size() == 1 && layers.get(0) instanceof Layer.Dense d) {
            return d.activation() == Activation.LINEAR ? Support.approximate(DIFFERS)
                    : Support.unsupported("Tribuo's linear SGD has no output activation (" + d.activation() + ")");
        }
        if (layers.stream().anyMatch(l -> l instanceof Layer.Lstm)) {
            return Support.unsupported("Tribuo SGD regression has no recurrent layers: linear and FM models only");
        }
        return Support.unsupported("Tribuo SGD regression has no hidden layers: linear and FM models only");
    }

    public TrainedModel train(ModelSpec spec, Dataset train, TrainSettings settings, TrainingListener listener) {
        Support s = support(spec);
        if (!s.runnable()) {
            throw new IllegalArgumentException("tribuo cannot run " + spec.describe() + ": " + s.reason());
        }
        Codec codec = new Codec(train.timesteps() * train.features(), train.outputs());
        MutableDataset<Regressor> data = codec.dataset(train);
        Trainer<Regressor> trainer = trainer(spec, settings.seed(), Math.min(spec.batchSize(), train.size()));
        long start = System.nanoTime();
        Model<Regressor> model = trainer.train(data);
        long elapsed = System.nanoTime() - start;
        TribuoModel trained = new TribuoModel(model, codec, spec, trainer.getProvenance().toString());
        // Tribuo has no per-epoch hook: the curve gets one point, the training loss after the last epoch.
        double loss = trained.loss(train, spec.loss());
        listener.onEpoch(new EpochEvent(spec.epochs(), loss, elapsed), trained);
        return trained;
    }

    static Trainer<Regressor> trainer(ModelSpec spec, long seed, int batch) {
        RegressionObjective objective = spec.loss() == Loss.MSE ? new SquaredLoss() : new AbsoluteLoss();
        StochasticGradientOptimiser opt = optimiser(spec);
        Layer only = spec.layers().get(0);
        if (only instanceof Layer.FactorizationMachine fm) {
            return new FMRegressionTrainer(objective, opt, spec.epochs(), -1, batch, seed, fm.factors(), FM_VARIANCE, false);
        }
        return new LinearSGDTrainer(objective, opt, spec.epochs(), -1, batch, seed);
    }

    /** The spec's optimiser as Tribuo's. Adam is Tribuo's own, bug included (see the module README). */
    static StochasticGradientOptimiser optimiser(ModelSpec spec) {
        double lr = spec.optimizer().learningRate();
        return switch (spec.optimizer().kind()) {
            case ADAM -> new Adam(lr, 0.9, 0.999, spec.optimizer().epsilon());
            case ADAGRAD -> new AdaGrad(lr, spec.optimizer().epsilon(), spec.optimizer().initialAccumulator());
            case SGD -> SGD.getSimpleSGD(lr);
        };
    }

    /** Converts windows to Tribuo examples: features f0000.. (the flattened window), outputs y000... */
    static final class Codec {
        final String[] featureNames;
        final String[] outputNames;
        private final RegressionFactory factory = new RegressionFactory();

        Codec(int features, int outputs) {
            featureNames = new String[features];
            for (int i = 0; i < features; i++) {
                featureNames[i] = String.format("f%04d", i);
            }
            outputNames = new String[outputs];
            for (int i = 0; i < outputs; i++) {
                outputNames[i] = String.format("y%03d", i);
            }
        }

        MutableDataset<Regressor> dataset(Dataset d) {
            var provenance = new SimpleDataSourceProvenance("seqbench", OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0,
                    ZoneOffset.UTC), factory);
            MutableDataset<Regressor> out = new MutableDataset<>(provenance, factory);
            double[][] flat = d.flatX();
            for (int i = 0; i < flat.length; i++) {
                out.add(new ArrayExample<>(new Regressor(outputNames, d.y()[i]), featureNames, flat[i]));
            }
            return out;
        }

        List<Example<Regressor>> examples(double[][][] x) {
            double[][] flat = Dataset.flatten(x);
            List<Example<Regressor>> out = new ArrayList<>(flat.length);
            for (double[] row : flat) {
                out.add(new ArrayExample<>(RegressionFactory.UNKNOWN_MULTIPLE_REGRESSOR, featureNames, row));
            }
            return out;
        }

        /** Prediction values in output order (Tribuo keys dimensions by name). */
        double[] values(Prediction<Regressor> p) {
            Regressor r = p.getOutput();
            double[] out = new double[outputNames.length];
            for (int j = 0; j < outputNames.length; j++) {
                out[j] = r.getDimension(outputNames[j]).orElseThrow().getValue();
            }
            return out;
        }
    }
}
