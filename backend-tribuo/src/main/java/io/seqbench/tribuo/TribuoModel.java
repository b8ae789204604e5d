package io.seqbench.tribuo;

import io.seqbench.common.TrainedModel;
import io.seqbench.common.data.Dataset;
import io.seqbench.common.model.Layer;
import io.seqbench.common.model.Loss;
import io.seqbench.common.model.ModelSpec;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.regression.Regressor;

import java.util.List;
import java.util.Map;

/** A trained Tribuo model. Pure Java: nothing native to release. */
final class TribuoModel implements TrainedModel {
    private final Model<Regressor> model;
    private final TribuoBackend.Codec codec;
    private final ModelSpec spec;
    private final String trainerProvenance;

    TribuoModel(Model<Regressor> model, TribuoBackend.Codec codec, ModelSpec spec, String trainerProvenance) {
        this.model = model;
        this.codec = codec;
        this.spec = spec;
        this.trainerProvenance = trainerProvenance;
    }

    public double[][] predict(double[][][] x) {
        List<Prediction<Regressor>> preds = model.predict(codec.examples(x));
        double[][] out = new double[preds.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = codec.values(preds.get(i));
        }
        return out;
    }

    /** Mean training loss of the spec's kind over a dataset, in preprocessed units. */
    double loss(Dataset d, Loss loss) {
        double[][] p = predict(d.x());
        double sum = 0;
        int n = 0;
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[i].length; j++) {
                double e = p[i][j] - d.y()[i][j];
                sum += loss == Loss.MSE ? e * e : Math.abs(e);
                n++;
            }
        }
        return sum / n;
    }

    public long parameterCount() {
        long in = codec.featureNames.length;
        long out = codec.outputNames.length;
        long linear = (in + 1) * out;
        if (spec.layers().get(0) instanceof Layer.FactorizationMachine fm) {
            return linear + in * fm.factors() * out;
        }
        return linear;
    }

    public Map<String, String> details() {
        return Map.of("trainer", spec.layers().get(0) instanceof Layer.FactorizationMachine
                        ? "FMRegressionTrainer" : "LinearSGDTrainer",
                "curve", "final epoch only (Tribuo has no per-epoch callback)",
                "trainerProvenance", trainerProvenance);
    }

    public void close() {
        // pure Java: the garbage collector owns everything
    }
}
