package radlab.rademacher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.bounds.BoundInputs;
import radlab.bounds.BoundRegistry;
import radlab.bounds.BoundResult;
import radlab.bounds.ConfidenceTerm;
import radlab.bounds.ModelBoundInputs;
import radlab.bounds.PaperReconstruction;
import radlab.data.Dataset;
import radlab.nn.Model;
import radlab.norms.NetworkNorms;
import radlab.rademacher.LossTerm.Kind;

/**
 * The three-level picture of issue #17 for one trained network f̂ (docs/theory.md §4.5): the measured (lower-estimate)
 * R̂_S of each loss class around f̂, the registry's formula for the same class at f̂'s norms, and the measured
 * standard and robust generalization gaps; plus the per-draw decomposition check of the surrogate class.
 */
public final class LossClassStudy {
    private LossClassStudy() {}

    static final String GRAF = new radlab.bounds.GrafSpectralRademacher().id();

    /**
     * @param n           sample size (the first n rows of the training set given)
     * @param checkDraws  draws re-run with twice the steps and restarts for the convergence check (0: none)
     */
    public record Settings(int n, int draws, int restarts, int steps, double stepSize, ThreatModel threat, double gamma,
                           int attackSteps, long seed, int threads, int checkDraws) {
        public Settings {
            if (n < 2 || draws < 2 || restarts < 1 || steps < 0 || !(stepSize > 0) || attackSteps < 1 || threads < 1 || checkDraws < 0) {
                throw new IllegalArgumentException("study settings out of range: " + this);
            }
        }

        public static Settings quick(ThreatModel threat) {
            return new Settings(500, 20, 2, 20, 0.1, threat, 1.0, 10, 1, 1, 0);
        }
    }

    /**
     * One class: the estimate, the search's restart spread and gain over f̂, the registry formula for R̂ of the class at
     * f̂'s norms (NaN when the registry has none), and the convergence check's relative increase (NaN when not run).
     */
    public record ClassResult(Kind kind, String description, RademacherEstimate estimate, double restartSpread, double gainOverReference,
                              double formula, double convergenceIncrease) {
        public double formulaRatio() {
            return formula / estimate.mean();
        }

        public double secondsPerDraw() {
            return estimate.seconds() / estimate.drawCount();
        }
    }

    /** Everything for one model; {@code confidence} is 3M√(ln(2/δ)/(2n)) with M the largest training value of the loss. */
    public record Result(String model, List<ClassResult> classes, double standardGap, double robustGap, double confidenceStandard,
                         double confidenceRobust, double decompositionRespected, String formulaBound) {
        public ClassResult get(Kind k) {
            return classes.stream().filter(c -> c.kind() == k).findFirst().orElse(null);
        }

        /** (2R̂(ℓ∘F) + confidence) / standard gap. */
        public double standardGapRatio() {
            ClassResult c = get(Kind.CE);
            return c == null ? Double.NaN : (2 * c.estimate().mean() + confidenceStandard) / standardGap;
        }

        /** (2R̂(ℓ_rob∘F) + confidence) / robust gap. */
        public double robustGapRatio() {
            ClassResult c = get(Kind.ROBUST);
            return c == null ? Double.NaN : (2 * c.estimate().mean() + confidenceRobust) / robustGap;
        }
    }

    /**
     * Runs the study on f̂: the classes on the sample S (its first n rows), the gaps between f̂'s whole training set
     * {@code train} and {@code test}.
     */
    public static Result run(Model fhat, Dataset sampleData, Dataset train, Dataset test, Settings s, List<Kind> kinds, Consumer<String> log) {
        if (s.n() > sampleData.size()) throw new IllegalArgumentException("n = " + s.n() + " exceeds the " + sampleData.size() + " sample examples");
        int[] rows = java.util.stream.IntStream.range(0, s.n()).toArray();
        Dataset sample = sampleData.rows(rows, sampleData.name() + "[0," + s.n() + ")");
        ModelBall ball = ModelBall.around(fhat, sample.features(), false, true);
        LossTerm base = new LossTerm(Kind.CE, s.threat(), s.gamma(), s.attackSteps());
        BoundInputs in = ModelBoundInputs.of(ball.reference(), NetworkNorms.of(ball.reference(), null, sample.features()), sample, s.gamma(),
                s.threat().epsilon(), s.threat().epsilon()); // only the threat's own norm's ε is read below
        String paperId = s.threat().norm() == AttackNorm.L2 ? "paper-l2" : "paper-linf";
        BoundResult paper = BoundRegistry.byId(paperId).evaluate(in);
        BoundResult graf = BoundRegistry.byId(GRAF).evaluate(in); // bounds R̂_S of the γ-ramp class (§6.3)
        double kappa = s.threat().norm() == AttackNorm.L2 ? 1 : Math.sqrt((double) fhat.outputDim() * fhat.inputDim());
        double lipEps = LossTerm.L * s.threat().epsilon();
        // The paper bound's Jacobian term is 2Lε·κ_paper·(bound on R̂ of ‖J‖_F); this study's ℓ∞ class uses ‖J‖_{1,1} with its own κ.
        double kappaPaper = PaperReconstruction.kappa(s.threat().norm(), fhat.inputDim());
        double std = paper.term("standard_complexity") / 2, jac = paper.term("jacobian_complexity") / (2 * lipEps * kappaPaper);
        RademacherEstimator est = new RademacherEstimator(s.draws(), s.seed(), s.threads(), 0.95);
        List<ClassResult> out = new ArrayList<>();
        for (Kind k : kinds) {
            LossTerm term = base.withKind(k);
            LossClassFitting f = new LossClassFitting(ball, term, sample, s.restarts(), s.steps(), s.stepSize(), s.seed());
            RademacherEstimator.Fitted fitted = est.estimateFits(f);
            RademacherEstimate e = fitted.estimate();
            double formula = switch (k) {
                case CE -> std;
                case RAMP -> graf.value();
                case JACOBIAN -> jac;
                case SURROGATE, ROBUST -> std + lipEps * kappa * jac;
                case JACOBIAN_SQ -> Double.NaN;
            };
            double increase = Double.NaN;
            if (s.checkDraws() > 0) {
                RademacherEstimator small = new RademacherEstimator(Math.max(2, s.checkDraws()), s.seed(), s.threads(), 0.95);
                double a = small.estimate(f).mean();
                double b = small.estimate(new LossClassFitting(ball, term, sample, 2 * s.restarts(), 2 * s.steps(), s.stepSize(), s.seed())).mean();
                increase = (b - a) / Math.abs(a);
            }
            ClassResult c = new ClassResult(k, term.describe(), e, fitted.meanRestartSpread(), fitted.meanGainOverFirst(), formula, increase);
            out.add(c);
            log.accept(String.format("%-10s R̂ %s %.4g [%.4g, %.4g], restart spread %.3g, formula %.4g (×%.3g), %.2fs/draw", k.label(),
                    term.lowerEstimate() ? "≥" : "≈", e.mean(),
                    e.ciLow(), e.ciHigh(), c.restartSpread(), formula, c.formulaRatio(), c.secondsPerDraw()));
        }
        double respected = decomposition(out, lipEps);
        Model m = ball.reference();
        double[] trCe = base.values(m, train, 0), teCe = base.values(m, test, 0);
        double[] trRob = base.withKind(Kind.ROBUST).values(m, train, 0), teRob = base.withKind(Kind.ROBUST).values(m, test, 0);
        double conf = ConfidenceTerm.of(s.n(), BoundInputs.DEFAULT_DELTA, max(base.values(m, sample, 0)));
        double confRob = ConfidenceTerm.of(s.n(), BoundInputs.DEFAULT_DELTA, max(base.withKind(Kind.ROBUST).values(m, sample, 0)));
        return new Result(fhat.describe(), List.copyOf(out), mean(teCe) - mean(trCe), mean(teRob) - mean(trRob), conf, confRob, respected,
                paper.name());
    }

    /** Fraction of draws with sup(ℓ̂) ≤ sup(ℓ) + Lε·sup(‖J‖) (1e-9 relative slack); NaN when a class is missing. */
    static double decomposition(List<ClassResult> cs, double lipEps) {
        double[] sur = null, ce = null, jac = null;
        for (ClassResult c : cs) {
            if (c.kind() == Kind.SURROGATE) sur = c.estimate().draws();
            if (c.kind() == Kind.CE) ce = c.estimate().draws();
            if (c.kind() == Kind.JACOBIAN) jac = c.estimate().draws();
        }
        if (sur == null || ce == null || jac == null) return Double.NaN;
        int ok = 0;
        for (int j = 0; j < sur.length; j++) {
            double rhs = ce[j] + lipEps * jac[j];
            if (sur[j] <= rhs + 1e-9 * Math.abs(rhs)) ok++;
        }
        return ok / (double) sur.length;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
