package radlab.attack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.data.Dataset;
import radlab.nn.Model;

/**
 * APGD (Croce &amp; Hein 2020, ICML) with the cross-entropy, DLR or targeted-DLR loss and random restarts; one run
 * is {@link ApgdRun}. As in the reference code (fra31/auto-attack, autopgd_base.py {@code perturb}), restarts and
 * target classes run only on the samples not yet misclassified; the targeted variant tries the classes ranked 2 …
 * targets+1 by the clean logits, each with every restart.
 *
 * <p>Output per sample: a misclassified point if one was found (a run's highest-objective point if it is
 * misclassified, else its last misclassified iterate; the clean point if already misclassified), else the
 * highest-cross-entropy point among the clean point and each run's best point, so that the robust loss computed on it
 * is comparable across attacks. Random starts come from {@code seed} alone, fresh for each call (no hidden state).
 */
public final class Apgd implements SuiteStage {
    private final ThreatModel threat;
    private final AttackLoss loss;
    private final int steps;
    private final int restarts;
    private final int targets;
    private final long seed;

    /** @param targets number of target classes (targeted DLR only; ignored otherwise) */
    public Apgd(ThreatModel threat, AttackLoss loss, int steps, int restarts, int targets, long seed) {
        if (loss == null) throw new IllegalArgumentException("APGD loss is required");
        if (steps < 1) throw new IllegalArgumentException("APGD steps must be ≥ 1, got " + steps);
        if (restarts < 1) throw new IllegalArgumentException("APGD restarts must be ≥ 1, got " + restarts);
        if (loss == AttackLoss.DLR_TARGETED && targets < 1) throw new IllegalArgumentException("APGD target classes must be ≥ 1, got " + targets);
        this.threat = threat;
        this.loss = loss;
        this.steps = steps;
        this.restarts = restarts;
        this.targets = loss == AttackLoss.DLR_TARGETED ? targets : 0;
        this.seed = seed;
    }

    /** Adversarial points (n × d) and whether each one is misclassified (n × 1, 0/1). */
    public record Result(INDArray adversarial, INDArray fooled) {}

    @Override
    public INDArray perturb(Model model, INDArray x, int[] labels) {
        return run(model, x, labels).adversarial();
    }

    public Result run(Model model, INDArray x, int[] labels) {
        return run(model, x, labels, false);
    }

    /**
     * @param attackMisclassified also attack samples the model already gets wrong (to maximise their loss, for the
     *                            robust loss; the reference skips them because it only counts accuracy)
     */
    @Override
    public Result run(Model model, INDArray x, int[] labels, boolean attackMisclassified) {
        INDArray x0 = model.prepareInput(x);
        int n = (int) x0.rows(), classes = model.outputDim();
        INDArray y = Dataset.oneHot(labels, classes, x0.dataType());
        INDArray yIdx = Nd4j.createFromArray(labels).castTo(DataType.LONG);
        INDArray logits = model.logits(x0);
        INDArray adversarial = x0.dup();
        INDArray fooled = attackMisclassified ? Nd4j.zeros(x0.dataType(), n, 1)
                : Nd4j.argMax(logits, 1).neq(yIdx).castTo(x0.dataType()).reshape(n, 1);
        INDArray ce = AttackLoss.CE.evaluate(logits, y, null).perSample().reshape(n, 1);
        if (threat.epsilon() == 0) return new Result(adversarial, fooled);
        int rounds = loss == AttackLoss.DLR_TARGETED ? targets : 1;
        int usableTargets = Math.min(rounds, classes - 1);
        for (int r = 0; r < usableTargets; r++) {
            INDArray target = loss == AttackLoss.DLR_TARGETED ? AttackLoss.oneHotRank(logits, r + 2) : null;
            for (int restart = 0; restart < restarts; restart++) {
                int[] idx = survivors(fooled);
                if (idx.length == 0) return new Result(adversarial, fooled);
                SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + 1000L * r + restart);
                ApgdRun.Outcome o = ApgdRun.run(model, x0.getRows(idx), y.getRows(idx), yIdx.get(Nd4j.createFromArray(idx)),
                        target == null ? null : target.getRows(idx), loss, threat, steps, rnd);
                // prefer the highest-objective point; fall back to the misclassified iterate only where that point is correct
                INDArray cand = o.best().dup();
                INDArray bestLogits = model.logits(cand);
                INDArray bestCorrect = Nd4j.argMax(bestLogits, 1).eq(yIdx.get(Nd4j.createFromArray(idx))).castTo(x0.dataType());
                ApgdRun.blendRows(cand, o.adversarial(), o.fooled().reshape(idx.length).mul(bestCorrect));
                INDArray candCe = AttackLoss.CE.evaluate(model.logits(cand), y.getRows(idx), null).perSample().reshape(idx.length, 1);
                INDArray replace = o.fooled().add(candCe.gt(ce.getRows(idx)).castTo(x0.dataType())).gt(0).castTo(x0.dataType());
                INDArray rows = adversarial.getRows(idx);
                ApgdRun.blendRows(rows, cand, replace);
                INDArray ceRows = ce.getRows(idx);
                ApgdRun.blendRows(ceRows, candCe, replace);
                putRows(adversarial, idx, rows);
                putRows(ce, idx, ceRows);
                putRows(fooled, idx, o.fooled());
            }
        }
        return new Result(adversarial, fooled);
    }

    /** Indices of the rows whose mask entry is 0. */
    static int[] survivors(INDArray fooledColumn) {
        double[] f = fooledColumn.castTo(DataType.DOUBLE).data().asDouble();
        return java.util.stream.IntStream.range(0, f.length).filter(i -> f[i] == 0).toArray();
    }

    static void putRows(INDArray into, int[] idx, INDArray rows) {
        into.put(new org.nd4j.linalg.indexing.INDArrayIndex[] {new org.nd4j.linalg.indexing.SpecifiedIndex(idx),
                org.nd4j.linalg.indexing.NDArrayIndex.all()}, rows);
    }

    @Override
    public ThreatModel threat() {
        return threat;
    }

    public AttackLoss loss() {
        return loss;
    }

    @Override
    public int minClasses() {
        return loss.minClasses();
    }

    /** e.g. "APGD-CE", "APGD-DLR", "APGD-T". */
    @Override
    public String name() {
        return switch (loss) {
            case CE -> "APGD-CE";
            case DLR -> "APGD-DLR";
            case DLR_TARGETED -> "APGD-T";
        };
    }

    @Override
    public String describe() {
        String t = loss == AttackLoss.DLR_TARGETED ? ", " + targets + " targets" : "";
        return String.format("%s-%d %s, %d restart%s%s", name(), steps, threat, restarts, restarts == 1 ? "" : "s", t);
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attack", name().toLowerCase());
        m.put("loss", loss.label());
        m.put("norm", threat.norm().toString());
        m.put("epsilon", threat.epsilon());
        m.put("steps", steps);
        m.put("restarts", restarts);
        if (loss == AttackLoss.DLR_TARGETED) m.put("targetClasses", targets);
        m.put("seed", seed);
        return m;
    }
}
