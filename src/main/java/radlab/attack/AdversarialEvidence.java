package radlab.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.train.Metrics;
import radlab.util.RecordValues;

/**
 * What one robust evaluation did to each sample: the adversarial points themselves and, per sample, the size of the
 * perturbation in the threat model's norm, clean and adversarial loss and prediction, and which attack broke it
 * ({@link AttackSuite#CLEAN} if misclassified without attack, null if it survived). Everything robust that radlab
 * reports — robust metrics, suite stages, the surrogate comparison, the saved examples — is read from one evidence
 * object, so the numbers describe the same adversarial examples.
 *
 * <p>Arrays are copied in and out; the adversarial points are kept as given and handed out as copies. Equality is by
 * content.
 */
public record AdversarialEvidence(ThreatModel threat, String attack, List<String> attackNames, INDArray adversarial, int[] labels,
                                  double[] perturbationNorm, double[] cleanLoss, double[] adversarialLoss, int[] cleanPrediction,
                                  int[] adversarialPrediction, List<String> brokenBy, List<double[]> stageLoss) {
    public AdversarialEvidence {
        attackNames = List.copyOf(attackNames);
        labels = labels.clone();
        perturbationNorm = perturbationNorm.clone();
        cleanLoss = cleanLoss.clone();
        adversarialLoss = adversarialLoss.clone();
        cleanPrediction = cleanPrediction.clone();
        adversarialPrediction = adversarialPrediction.clone();
        brokenBy = java.util.Collections.unmodifiableList(new ArrayList<>(brokenBy));
        stageLoss = stageLoss.stream().map(double[]::clone).toList();
    }

    public int size() {
        return labels.length;
    }

    @Override public INDArray adversarial() { return adversarial.dup(); }
    @Override public int[] labels() { return labels.clone(); }
    @Override public double[] perturbationNorm() { return perturbationNorm.clone(); }
    @Override public double[] cleanLoss() { return cleanLoss.clone(); }
    @Override public double[] adversarialLoss() { return adversarialLoss.clone(); }
    @Override public int[] cleanPrediction() { return cleanPrediction.clone(); }
    @Override public int[] adversarialPrediction() { return adversarialPrediction.clone(); }
    @Override public List<double[]> stageLoss() { return stageLoss.stream().map(double[]::clone).toList(); }

    @Override
    public boolean equals(Object o) {
        return RecordValues.equal(this, o);
    }

    @Override
    public int hashCode() {
        return RecordValues.hash(this);
    }

    /** Whether sample i survived every attack (correct at its adversarial point). */
    public boolean robust(int i) {
        return brokenBy.get(i) == null;
    }

    public Metrics cleanMetrics() {
        int right = 0;
        for (int i = 0; i < size(); i++) if (cleanPrediction[i] == labels[i]) right++;
        return new Metrics(mean(cleanLoss), right / (double) size(), size());
    }

    public Metrics adversarialMetrics() {
        int right = 0;
        for (int i = 0; i < size(); i++) if (robust(i)) right++;
        return new Metrics(mean(adversarialLoss), right / (double) size(), size());
    }

    public RobustMetrics metrics() {
        return new RobustMetrics(attack, cleanMetrics(), adversarialMetrics());
    }

    /** Robust accuracy and loss after each attack of the suite (one stage for a single attack). */
    public List<AttackStage> stages() {
        List<AttackStage> out = new ArrayList<>();
        for (int s = 0; s < attackNames.size(); s++) {
            String name = attackNames.get(s);
            int broken = 0, survivors = 0;
            for (int i = 0; i < size(); i++) {
                String b = brokenBy.get(i);
                if (name.equals(b)) broken++;
                if (b == null || !b.equals(AttackSuite.CLEAN) && attackNames.indexOf(b) > s) survivors++;
            }
            out.add(new AttackStage(name, broken, survivors / (double) size(), mean(stageLoss.get(s))));
        }
        return out;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    @Override
    public String toString() {
        return String.format("AdversarialEvidence[%s, n=%d]: %s", attack, size(), stages());
    }
}
