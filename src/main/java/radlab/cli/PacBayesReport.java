package radlab.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radlab.pacbayes.BoundEvaluation;
import radlab.pacbayes.PacBayesResult;
import radlab.pacbayes.RobustPacBayes;
import radlab.report.CsvTable;
import radlab.report.Json;
import radlab.report.StagedDirectory;

/** Files and printed table of {@code radlab pac-bayes}: formatting only, every number comes from a {@link PacBayesResult}. */
final class PacBayesReport {
    private PacBayesReport() {}

    static Path write(Path dir, PacBayesResult r, RobustPacBayes.Result robust, Map<String, Object> header) {
        try (StagedDirectory staged = StagedDirectory.create(dir)) {
            Path p = staged.path();
            Map<String, Object> json = new LinkedHashMap<>(header);
            json.put("model", r.model());
            json.put("parameters", r.parameters());
            json.put("trainSize", r.trainSize());
            json.put("trainError", r.trainError());
            json.put("testError", r.testError());
            json.put("grid", r.grid());
            json.put("optimizedCandidate", r.optimizedCandidate());
            json.put("optimized", r.optimized());
            json.put("optimizationSteps", r.optimizationSteps());
            json.put("surrogateStart", r.surrogateStart());
            json.put("surrogateEnd", r.surrogateEnd());
            json.put("totalDelta", r.totalDelta());
            if (robust != null) {
                Map<String, Object> rb = new LinkedHashMap<>();
                rb.put("certifies", robust.certifies());
                rb.put("result", robust);
                json.put("robust", rb);
            }
            Json.write(p.resolve("pac-bayes.json"), json);
            table(rows(r)).write(p.resolve("bounds.csv"));
            return staged.commit();
        }
    }

    /** The robust bound's lines: the numbers and, always next to them, what they certify. */
    static String robust(RobustPacBayes.Result r) {
        return String.format("robust bound (%s, σ = %.4g, KL = %.5g): attacked training error ê = %.4f (m = %d, ≤ %.4f), kl⁻¹ bound %.4f, McAllester %.4f;"
                        + " attacked stochastic test error ≈ %.4f (clean %.4f)%n  certifies %s%n", r.attack(), r.priorSigma(), r.kl(), r.robustEmpiricalError(),
                r.draws(), r.robustEmpiricalErrorUpper(), r.klInverse(), r.mcAllester(), r.robustStochasticTestError(), r.stochasticTestError(), r.certifies());
    }

    private static List<BoundEvaluation> rows(PacBayesResult r) {
        return r.optimizedCandidate() == null ? List.of(r.grid()) : List.of(r.grid(), r.optimizedCandidate());
    }

    static CsvTable table(List<BoundEvaluation> rows) {
        CsvTable t = new CsvTable("posterior", "prior_sigma", "grid_index", "grid_size", "posterior_rms_std", "distance_from_init", "kl", "n",
                "delta", "delta_mc", "draws", "train_error_mc", "train_error_mc_upper", "complexity", "mcallester", "kl_inverse",
                "stochastic_test_error", "seconds");
        for (BoundEvaluation b : rows) {
            t.add(b.label(), b.priorSigma(), b.gridIndex(), b.gridSize(), b.posteriorRmsStd(), b.distanceFromInit(), b.kl(), b.n(), b.delta(),
                    b.deltaMc(), b.draws(), b.empiricalError(), b.empiricalErrorUpper(), b.complexity(), b.mcAllester(), b.klInverse(),
                    b.stochasticTestError(), b.seconds());
        }
        return t;
    }

    static String table(PacBayesResult r) {
        StringBuilder sb = new StringBuilder(String.format("%s, %d parameters, n = %d: deterministic train error %.4f, test error %.4f%n",
                r.model(), r.parameters(), r.trainSize(), r.trainError(), r.testError()));
        sb.append(String.format("%-10s %9s %9s %9s %11s %8s %8s %10s %10s %9s %9s %7s%n", "posterior", "σ_prior", "rms s", "‖μ−w₀‖", "KL",
                "ê_MC", "ê_upper", "McAllester", "kl⁻¹", "test ê_Q", "test err", "s"));
        for (BoundEvaluation b : rows(r)) {
            sb.append(String.format("%-10s %9.4g %9.4g %9.4g %11.5g %8.4f %8.4f %10.4f %10.4f %9.4f %9.4f %7.1f%n", b.label(), b.priorSigma(),
                    b.posteriorRmsStd(), b.distanceFromInit(), b.kl(), b.empiricalError(), b.empiricalErrorUpper(), b.mcAllester(), b.klInverse(),
                    b.stochasticTestError(), r.testError(), b.seconds()));
        }
        sb.append(String.format("optimized bound on the stochastic network's test 0–1 error: %.4f (with probability ≥ %.3f)%n", r.optimized().bound(),
                1 - r.totalDelta()));
        return sb.toString();
    }
}
