package radlab.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import radlab.data.Batches;
import radlab.data.Dataset;
import radlab.nn.Model;
import radlab.nn.WorkingMemory;

/**
 * Robust loss and accuracy: the attack is run batch by batch, once, and everything is read from its per-sample
 * {@link AdversarialEvidence}. For an {@link AttackSuite} a sample is robust only if it survives every attack.
 */
public final class RobustEvaluator {
    public static final int DEFAULT_BATCH = 500;

    private RobustEvaluator() {}

    public static RobustMetrics evaluate(Model model, Dataset data, Attack attack) {
        return evaluate(model, data, attack, DEFAULT_BATCH);
    }

    public static RobustMetrics evaluate(Model model, Dataset data, Attack attack, int batch) {
        return evaluateDetailed(model, data, attack, batch).metrics();
    }

    /**
     * Robust metrics together with the per-sample attack losses and the full evidence they were computed from. Both are
     * read from the evidence, so they cannot disagree with it (the evidence copies its arrays and compares by content).
     */
    public record Detailed(AdversarialEvidence evidence) {
        public RobustMetrics metrics() {
            return evidence.metrics();
        }

        /** Per-sample loss at the adversarial point (a copy). */
        public double[] attackLosses() {
            return evidence.adversarialLoss();
        }
    }

    public static Detailed evaluateDetailed(Model model, Dataset data, Attack attack) {
        return evaluateDetailed(model, data, attack, DEFAULT_BATCH);
    }

    public static Detailed evaluateDetailed(Model model, Dataset data, Attack attack, int batch) {
        return new Detailed(evidence(model, data, attack, batch));
    }

    /** Runs the attack once over {@code data} in batches and records what it did to each sample. */
    public static AdversarialEvidence evidence(Model model, Dataset data, Attack attack, int batch) {
        int n = data.size();
        List<String> names = attack instanceof AttackSuite s ? s.attackNames(model.outputDim())
                : attack instanceof SuiteStage st ? List.of(st.name()) : List.of(attack.settings().get("attack").toString().toUpperCase());
        int rows = WorkingMemory.attackBatch(model, batch);
        INDArray[] advBatches = new INDArray[(n + rows - 1) / rows];
        double[] norm = new double[n], cleanLoss = new double[n], advLoss = new double[n];
        int[] cleanPred = new int[n], advPred = new int[n];
        String[] broken = new String[n];
        List<double[]> stage = new ArrayList<>();
        for (int s = 0; s < names.size(); s++) stage.add(new double[n]);
        // batches are independent (the attacks are seeded per call), so they may run on several threads
        Batches.forEachParallel(n, rows, radlab.util.EvaluationThreads.get(), (start, end) -> {
            INDArray x = model.prepareInput(Batches.rows(data.features(), start, end));
            int[] y = Batches.labels(data, start, end);
            INDArray adv;
            List<String> brokenBy = null;
            if (attack instanceof AttackSuite suite) {
                AttackSuite.Outcome o = suite.run(model, x, y);
                adv = o.adversarial();
                brokenBy = o.brokenBy();
                for (int s = 0; s < names.size(); s++) System.arraycopy(o.stageLoss().get(s), 0, stage.get(s), start, end - start);
            } else {
                adv = attack.perturb(model, x, y);
            }
            INDArray delta = adv.castTo(DataType.DOUBLE).sub(x.castTo(DataType.DOUBLE));
            INDArray dn = attack.threat().norm() == AttackNorm.L2 ? delta.norm2(1) : Transforms.abs(delta, true).max(1);
            Batches.copyInto(dn, norm, start);
            Batches.copyInto(LossGradient.losses(model, x, y), cleanLoss, start);
            Batches.copyInto(LossGradient.losses(model, adv, y), advLoss, start);
            System.arraycopy(Nd4j.argMax(model.logits(x), 1).toIntVector(), 0, cleanPred, start, end - start);
            System.arraycopy(Nd4j.argMax(model.logits(adv), 1).toIntVector(), 0, advPred, start, end - start);
            for (int i = start; i < end; i++) {
                if (brokenBy != null) {
                    broken[i] = brokenBy.get(i - start);
                } else {
                    broken[i] = cleanPred[i] != y[i - start] ? AttackSuite.CLEAN : advPred[i] != y[i - start] ? names.get(0) : null;
                    stage.get(0)[i] = advLoss[i];
                }
            }
            advBatches[start / rows] = adv;
            System.gc(); // release the attack's off-heap garbage now (see ApgdRun.free): ND4J frees buffers only at GC time
        });
        INDArray all = advBatches.length == 0 ? Nd4j.zeros(model.dataType(), 0, data.inputDim()) : Nd4j.vstack(advBatches);
        String description = attack instanceof AttackSuite s ? s.describe(model.outputDim()) : attack.describe();
        return new AdversarialEvidence(attack.threat(), description, names, all, data.labels(), norm, cleanLoss, advLoss, cleanPred,
                advPred, Arrays.asList(broken), stage);
    }

    /**
     * Per-sample attack losses; if {@code correct} is non-null it receives whether each attacked input is still
     * classified correctly.
     */
    public static double[] adversarialLosses(Model model, Dataset data, Attack attack, int batch, boolean[] correct) {
        AdversarialEvidence e = evidence(model, data, attack, batch);
        if (correct != null) for (int i = 0; i < e.size(); i++) correct[i] = e.robust(i);
        return e.adversarialLoss();
    }
}
