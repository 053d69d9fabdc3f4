package radlab.attack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.data.Dataset;
import radlab.nn.Model;

/**
 * radlab's default robust evaluation: the white-box part of AutoAttack (Croce &amp; Hein 2020, ICML; protocol as in
 * fra31/auto-attack, autoattack/autoattack.py) — APGD-CE, then APGD-DLR, then targeted APGD-DLR over the top-k classes,
 * all with the same ε, steps and restarts. A sample counts as robust only if it survives every attack; each attack runs
 * only on the survivors of the previous ones, and the suite records which attack broke each sample. An attack whose loss
 * is undefined for the model's number of classes K is skipped and named as such in {@link #describe(int)}: APGD-DLR
 * needs K ≥ 3 (its denominator uses the third-largest logit), APGD-T needs K ≥ 4 (the fourth).
 *
 * <p>Optionally the suite ends with the {@link Square} attack (AutoAttack's black-box stage), or runs any ordered
 * subset of {@link #STAGES} ({@link #parseStages}, e.g. "apgd,square"). Square uses only the logits, so its stage
 * count — samples it broke that every gradient attack before it left robust — is the suite's gradient-masking check.
 *
 * <p>As an {@link Attack} it returns, per sample, the point that broke it (the clean point if it was misclassified
 * already), else the highest-cross-entropy point any attack found.
 */
public final class AttackSuite implements Attack {
    /** AutoAttack's defaults: 100 steps, 9 target classes; radlab uses one restart per attack. */
    public static final int DEFAULT_STEPS = 100;
    public static final int DEFAULT_RESTARTS = 1;
    public static final int DEFAULT_TARGETS = 9;
    /** {@link Outcome#brokenBy()} value of a sample that is misclassified without any attack. */
    public static final String CLEAN = "clean";

    /** Every stage a suite can run, in AutoAttack's order; "apgd" in a stage list stands for the first three. */
    public static final List<String> STAGES = List.of("apgd-ce", "apgd-dlr", "apgd-t", "square");
    /** The default suite: the white-box stages. */
    public static final List<String> APGD_STAGES = List.of("apgd-ce", "apgd-dlr", "apgd-t");

    private final ThreatModel threat;
    private final List<SuiteStage> attacks;
    private final int steps;
    private final int restarts;
    private final int targets;
    private final int queries;
    private final double pInit;
    private final long seed;

    public AttackSuite(ThreatModel threat, int steps, int restarts, int targets, long seed) {
        this(threat, APGD_STAGES, steps, restarts, targets, Square.DEFAULT_QUERIES, Square.DEFAULT_P_INIT, seed);
    }

    /**
     * @param stages  stage names of {@link #STAGES} in the order they run (distinct, at least one)
     * @param queries Square's queries per restart (used only if the stages include "square")
     * @param pInit   Square's initial window fraction p_init (likewise)
     */
    public AttackSuite(ThreatModel threat, List<String> stages, int steps, int restarts, int targets, int queries, double pInit, long seed) {
        if (stages.isEmpty()) throw new IllegalArgumentException("an attack suite needs at least one stage");
        if (stages.stream().distinct().count() != stages.size()) throw new IllegalArgumentException("attack suite stages repeat: " + stages);
        this.threat = threat;
        this.steps = steps;
        this.restarts = restarts;
        this.targets = targets;
        this.queries = queries;
        this.pInit = pInit;
        this.seed = seed;
        // each stage keeps its own seed whatever the other stages are, so "apgd" alone runs as before Square existed
        this.attacks = stages.stream().map(name -> switch (name) {
            case "apgd-ce" -> (SuiteStage) new Apgd(threat, AttackLoss.CE, steps, restarts, 0, seed);
            case "apgd-dlr" -> new Apgd(threat, AttackLoss.DLR, steps, restarts, 0, seed + 1);
            case "apgd-t" -> new Apgd(threat, AttackLoss.DLR_TARGETED, steps, restarts, targets, seed + 2);
            case "square" -> new Square(threat, queries, pInit, restarts, seed + 3);
            default -> throw new IllegalArgumentException("unknown attack suite stage '" + name + "'; expected one of " + String.join(", ", STAGES));
        }).toList();
    }

    /**
     * A comma-separated stage list, e.g. "apgd-ce,apgd-t,square" or "apgd,square" ("apgd" = APGD-CE, APGD-DLR,
     * APGD-T), as stage names in order; case and spaces are ignored. Unknown, empty or repeated stages are errors.
     */
    public static List<String> parseStages(String text) {
        List<String> out = new ArrayList<>();
        for (String token : text.split(",", -1)) {
            String t = token.trim().toLowerCase(java.util.Locale.ROOT);
            List<String> add = t.equals("apgd") ? APGD_STAGES : List.of(t);
            for (String a : add) {
                if (!STAGES.contains(a)) {
                    throw new IllegalArgumentException("unknown attack suite stage '" + token.trim() + "'; expected apgd, " + String.join(", ", STAGES));
                }
                if (out.contains(a)) throw new IllegalArgumentException("attack suite stage '" + a + "' appears twice in '" + text + "'");
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    /** Whether the suite ends with (or contains) the Square stage. */
    public boolean hasSquare() {
        return attacks.stream().anyMatch(a -> a instanceof Square);
    }

    /** The suite with AutoAttack's step count and targets. */
    public static AttackSuite standard(ThreatModel threat, long seed) {
        return new AttackSuite(threat, DEFAULT_STEPS, DEFAULT_RESTARTS, DEFAULT_TARGETS, seed);
    }

    /** Names of the attacks in order, e.g. [APGD-CE, APGD-DLR, APGD-T]. */
    public List<String> attackNames() {
        return attacks.stream().map(SuiteStage::name).toList();
    }

    /** Names of the attacks that run on a model with {@code classes} classes, in order. */
    public List<String> attackNames(int classes) {
        return defined(classes).stream().map(SuiteStage::name).toList();
    }

    private List<SuiteStage> defined(int classes) {
        return attacks.stream().filter(a -> a.minClasses() <= classes).toList();
    }

    /** As {@link #describe()}, naming the attacks skipped on a model with {@code classes} classes and why. */
    public String describe(int classes) {
        List<String> skipped = attacks.stream().filter(a -> a.minClasses() > classes)
                .map(a -> a.name() + " (needs ≥ " + a.minClasses() + " classes)").toList();
        return skipped.isEmpty() ? describe() : describe() + "; skipped on " + classes + " classes: " + String.join(", ", skipped);
    }

    /**
     * @param adversarial the suite's point per sample (n × d)
     * @param brokenBy    per sample: {@link #CLEAN}, the name of the first attack that broke it, or null if robust
     * @param stageLoss   stageLoss[s][i]: cross-entropy at sample i's point after attack s of {@link #attackNames(int)}
     */
    public record Outcome(INDArray adversarial, List<String> brokenBy, List<double[]> stageLoss) {}

    @Override
    public INDArray perturb(Model model, INDArray x, int[] labels) {
        return run(model, x, labels).adversarial();
    }

    public Outcome run(Model model, INDArray x, int[] labels) {
        INDArray x0 = model.prepareInput(x);
        int n = (int) x0.rows();
        INDArray y = Dataset.oneHot(labels, model.outputDim(), x0.dataType());
        INDArray logits = model.logits(x0);
        INDArray yIdx = Nd4j.createFromArray(labels).castTo(DataType.LONG);
        INDArray wrong = Nd4j.argMax(logits, 1).neq(yIdx).castTo(DataType.DOUBLE);
        String[] broken = new String[n];
        double[] w = wrong.data().asDouble();
        for (int i = 0; i < n; i++) if (w[i] != 0) broken[i] = CLEAN;
        INDArray adversarial = x0.dup();
        INDArray ce = AttackLoss.CE.evaluate(logits, y, null).perSample().reshape(n, 1);
        List<double[]> stageLoss = new ArrayList<>();
        List<SuiteStage> run = defined(model.outputDim());
        for (SuiteStage attack : run) {
            // the first attack also raises the loss of samples misclassified without attack (they count as broken by
            // "clean" whatever it finds), so that the robust loss is a worst-case loss for every sample
            boolean first = attack == run.get(0);
            int[] idx = java.util.stream.IntStream.range(0, n).filter(i -> broken[i] == null || first && CLEAN.equals(broken[i])).toArray();
            if (idx.length > 0 && threat.epsilon() > 0) {
                int[] sub = new int[idx.length];
                for (int j = 0; j < idx.length; j++) sub[j] = labels[idx[j]];
                Apgd.Result r = attack.run(model, x0.getRows(idx), sub, first);
                INDArray candCe = AttackLoss.CE.evaluate(model.logits(r.adversarial()), y.getRows(idx), null).perSample().reshape(idx.length, 1);
                INDArray replace = r.fooled().add(candCe.gt(ce.getRows(idx)).castTo(x0.dataType())).gt(0).castTo(x0.dataType());
                INDArray rows = adversarial.getRows(idx), ceRows = ce.getRows(idx);
                ApgdRun.blendRows(rows, r.adversarial(), replace);
                ApgdRun.blendRows(ceRows, candCe, replace);
                Apgd.putRows(adversarial, idx, rows);
                Apgd.putRows(ce, idx, ceRows);
                double[] f = r.fooled().castTo(DataType.DOUBLE).data().asDouble();
                for (int j = 0; j < idx.length; j++) if (f[j] != 0 && broken[idx[j]] == null) broken[idx[j]] = attack.name();
            }
            stageLoss.add(ce.castTo(DataType.DOUBLE).dup().data().asDouble());
        }
        return new Outcome(adversarial, java.util.Collections.unmodifiableList(java.util.Arrays.asList(broken)), List.copyOf(stageLoss));
    }

    @Override
    public ThreatModel threat() {
        return threat;
    }

    @Override
    public String describe() {
        String square = hasSquare() ? String.format(", Square %d queries p_init %s", queries, pInit) : "";
        return String.format("APGD suite (%s) %s, %d steps, %d restart%s, %d targets%s", String.join(" → ", attackNames()), threat, steps,
                restarts, restarts == 1 ? "" : "s", targets, square);
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attack", "apgd-suite");
        m.put("suite", attackNames());
        m.put("norm", threat.norm().toString());
        m.put("epsilon", threat.epsilon());
        m.put("steps", steps);
        m.put("restarts", restarts);
        m.put("targetClasses", targets);
        if (hasSquare()) {
            m.put("queries", queries);
            m.put("pInit", pInit);
        }
        m.put("seed", seed);
        return m;
    }
}
