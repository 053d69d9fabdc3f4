package radlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import radlab.bounds.Bound;
import radlab.bounds.BoundRegistry;
import radlab.experiment.ModelMeasurement;
import radlab.experiment.RademacherVsBounds;
import radlab.experiment.Reproduction;
import radlab.experiment.ReproductionProfile;
import radlab.plot.Figure;
import radlab.plot.ReproductionFigures;
import radlab.report.CsvTable;
import radlab.report.Json;
import radlab.report.Provenance;

@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reproduce the experiments of arXiv 2412.12449 in radlab's setup: train the λ sweep for the ℓ2 and ℓ1 Jacobian",
                "regularizers plus λ=0 and PGD-ℓ∞ adversarial-training baselines (cached: a re-run or a resumed run reuses trained models),",
                "measure everything, and write each figure to reports/FIGURE/{FIGURE.png, FIGURE.svg, FIGURE.csv, README.md} and",
                "reports/reproduction-PROFILE.csv (one row per model)."})
final class ReproduceCommand implements Callable<Integer> {
    @Option(names = "--figure", defaultValue = "all", paramLabel = "NAME",
            description = "jacobian-vs-lambda, accuracy-vs-lambda, cost, bound-vs-gap, surrogate, rademacher-vs-bounds or all (default: ${DEFAULT-VALUE}).")
    String figure;

    @Option(names = "--profile", defaultValue = "quick", paramLabel = "quick|paper",
            description = "quick: 4000/1000 images, 784-128-128-10, 5 epochs, 3 λ per regularizer (minutes on 2 cores); paper: 8000/2000, "
                    + "784-256-256-10, 20 epochs, 6 λ per regularizer (default: ${DEFAULT-VALUE}).")
    String profileName;

    @Option(names = "--out", defaultValue = "reports", paramLabel = "DIR", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--cache", paramLabel = "DIR", description = "Trained-model cache (default: OUT/.cache).")
    Path cache;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() {
        ReproductionProfile profile = ReproductionProfile.named(profileName);
        List<String> figures = figure.trim().equalsIgnoreCase("all") ? ReproductionFigures.NAMES : List.of(figure.trim().toLowerCase());
        if (figure.trim().equalsIgnoreCase("all")) figures = java.util.stream.Stream.concat(figures.stream(), java.util.stream.Stream.of(RademacherVsBounds.NAME)).toList();
        for (String f : figures) {
            if (!ReproductionFigures.NAMES.contains(f) && !f.equals(RademacherVsBounds.NAME)) {
                throw new IllegalArgumentException("unknown --figure '" + figure + "'; expected one of " + ReproductionFigures.NAMES + " or all");
            }
        }
        radlab.report.StagedDirectory.create(out.resolve("reproduction-check")).close(); // fails early if OUT is not writable
        Path cacheDir = cache != null ? cache : out.resolve(".cache");
        Reproduction.Result r = new Reproduction(profile, cacheDir, () -> ConsoleProgress.create(quiet),
                quiet ? s -> { } : System.err::println).run();
        Map<String, Object> config = new LinkedHashMap<>(profile.describe());
        Provenance prov = Provenance.of("reproduce --profile " + profile.name(), config, r.data().train(), r.data().test());
        String provenanceText = "## Provenance\n\nRegenerate with `java -jar target/radlab.jar reproduce --figure all --profile " + profile.name()
                + "`. Setup \"in the spirit of\" the paper: its exact architecture, λ grid, ε and attack settings are unknown.\n\n```json\n"
                + Json.toString(prov) + "\n```\n";
        String headline = r.headline();
        for (String f : figures) {
            Figure fig = f.equals(RademacherVsBounds.NAME) ? RademacherVsBounds.forReproduction(cacheDir, profile, r.data(), quiet ? s -> { } : System.err::println)
                    : ReproductionFigures.build(f, r);
            Path dir = fig.write(out.resolve(f), "## Headline numbers\n\n" + headline + "\n" + provenanceText);
            if (!quiet) System.err.println("wrote " + dir);
        }
        summaryTable(r).write(out.resolve("reproduction-" + profile.name() + ".csv"));
        System.out.print(headline);
        return 0;
    }

    /** One row per model with every headline quantity and, per registered bound, its value and whether its assumptions hold. */
    static CsvTable summaryTable(Reproduction.Result r) {
        List<String> header = new ArrayList<>(List.of("model", "seconds_per_epoch", "train_accuracy", "test_accuracy", "pgd_l2_test_accuracy",
                "pgd_linf_test_accuracy", "jacobian_frobenius_mean", "jacobian_l11_mean", "lipschitz_upper_bound", "empirical_lipschitz",
                "standard_gap_loss", "robust_gap_l2_loss", "robust_gap_linf_loss"));
        for (Bound b : BoundRegistry.ALL) header.addAll(List.of("bound_" + b.id(), "bound_" + b.id() + "_assumptions_met"));
        header.add("surrogate_fraction_l2");
        CsvTable t = new CsvTable(header.toArray(String[]::new));
        for (ModelMeasurement m : r.models()) {
            List<Object> row = new ArrayList<>(List.of(m.point().key(), m.secondsPerEpoch(), m.train().accuracy(), m.test().accuracy(),
                    m.testL2().adversarial().accuracy(), m.testLinf().adversarial().accuracy(), m.testJacobian().meanFrobenius(),
                    m.testJacobian().meanL11(), m.norms().lipschitzUpperBound(), m.norms().empiricalLipschitz(), m.standardGapLoss(),
                    m.robustGapLossL2(), m.robustGapLossLinf()));
            for (Bound b : BoundRegistry.ALL) row.addAll(List.of(m.bound(b.id()).value(), m.bound(b.id()).assumptionsMet()));
            row.add(m.surrogateFractionL2());
            t.add(row.toArray());
        }
        return t;
    }
}
