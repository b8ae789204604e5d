package io.seqbench.bench.run;

import io.seqbench.bench.speed.Flops;
import io.seqbench.common.Experiment;
import io.seqbench.common.model.Layer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Shard K of N of a run's cells, for running one grid on several machines (a Slurm job array, a Kubernetes Indexed
 * Job): a deterministic partition balanced by each cell's estimated cost, epochs x training samples x the spec's
 * training FLOPs per sample (cells that cannot run cost nothing). Every shard of the same grid computes the same
 * partition, so N shards cover the grid exactly once.
 *
 * @param k this shard, 1..n
 */
public record Shard(int k, int n) {

    public Shard {
        if (n < 1 || k < 1 || k > n) {
            throw new IllegalArgumentException("--shard " + k + "/" + n + " is impossible: it must be K/N with 1 <= K <= N");
        }
    }

    /**
     * {@code K/N}, or just {@code N} with K from the scheduler's environment: {@code SLURM_ARRAY_TASK_ID} (relative to
     * {@code SLURM_ARRAY_TASK_MIN}, so {@code --array=0-2} and {@code --array=1-3} both work) or Kubernetes'
     * 0-based {@code JOB_COMPLETION_INDEX}.
     */
    public static Shard parse(String text, Map<String, String> env) {
        String t = text.strip();
        try {
            int slash = t.indexOf('/');
            if (slash >= 0) {
                return new Shard(Integer.parseInt(t.substring(0, slash)), Integer.parseInt(t.substring(slash + 1)));
            }
            int n = Integer.parseInt(t);
            if (env.containsKey("SLURM_ARRAY_TASK_ID")) {
                int id = Integer.parseInt(env.get("SLURM_ARRAY_TASK_ID"));
                int min = Integer.parseInt(env.getOrDefault("SLURM_ARRAY_TASK_MIN", "1"));
                return new Shard(id - min + 1, n);
            }
            if (env.containsKey("JOB_COMPLETION_INDEX")) {
                return new Shard(Integer.parseInt(env.get("JOB_COMPLETION_INDEX")) + 1, n);
            }
            throw new IllegalArgumentException("--shard " + t + " gives no K, and neither SLURM_ARRAY_TASK_ID nor "
                    + "JOB_COMPLETION_INDEX is set: use --shard K/N");
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard '" + t + "' must be K/N (e.g. 2/3), or N inside a Slurm array or "
                    + "a Kubernetes Indexed Job");
        }
    }

    /** The cells of this shard, in the plan's order. */
    public List<CellPlan> select(List<CellPlan> plan) {
        List<Integer> order = new ArrayList<>();
        double[] cost = new double[plan.size()];
        for (int i = 0; i < plan.size(); i++) {
            order.add(i);
            cost[i] = cost(plan.get(i));
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -cost[i]).thenComparing(i -> plan.get(i).key()));
        double[] load = new double[n];
        int[] owner = new int[plan.size()];
        for (int i : order) {
            int least = 0;
            for (int s = 1; s < n; s++) {
                if (load[s] < load[least]) {
                    least = s;
                }
            }
            owner[i] = least;
            load[least] += cost[i];
        }
        List<CellPlan> mine = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            if (owner[i] == k - 1) {
                mine.add(plan.get(i));
            }
        }
        return mine;
    }

    /** Estimated training cost of a cell: epochs x samples x FLOPs; 0 when the backend cannot run it. */
    public static double cost(CellPlan p) {
        Experiment e = Experiment.prepare(p.task(), p.model(), p.userParams(), p.seed(), p.epochs());
        if (!p.backend().support(e.spec()).runnable()) {
            return 0;
        }
        boolean fm = e.spec().layers().get(0) instanceof Layer.FactorizationMachine;
        double perEpoch = fm ? 1 : Flops.trainEpoch(e.spec(), e.train().size(), e.train().timesteps(), e.train().features());
        return Math.max(1, perEpoch) * p.epochs();
    }

    @Override
    public String toString() {
        return k + "/" + n;
    }
}
