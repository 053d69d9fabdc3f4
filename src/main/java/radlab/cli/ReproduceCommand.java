package radlab.cli;

import java.nio.file.Files;
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
import radlab.report.StagedDirectory;

@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reproduce the experiments of arXiv 2412.12449 in radlab's setup: train the λ sweep for the ℓ2 and ℓ1 Jacobian",
                "regularizers plus λ=0 and PGD-ℓ∞ adversarial-training baselines (cached: a re-run or a resumed run reuses trained models),",
                "measure everything, and write each figure to reports/FIGURE/{FIGURE.png, FIGURE.svg, FIGURE.csv, README.md} and",
                "reports/reproduction-PROFILE.csv (one row per model)."})
final class ReproduceCommand implements Callable<Integer> {
    @Option(names = "--figure", defaultValue = "all", paramLabel = "NAME",
            description = "jacobian-vs-lambda, accuracy-vs-lambda, cost, bound-vs-gap, surrogate, rademacher-vs-bounds or all (default: ${DEFAULT-VALUE}).")
    String figure;

    @Option(names = "--profile", defaultValue = "quick", paramLabel = "quick|paper|smoke",
            description = "quick: 4000/1000 images, 784-128-128-10, 5 epochs, 3 λ per regularizer (minutes on 2 cores); paper: 8000/2000, "
                    + "784-256-256-10, 20 epochs, 6 λ per regularizer; smoke: 600/200 images, 784-16-10, 1 epoch, 2 λ per regularizer "
                    + "(seconds; checks the pipeline, its numbers mean little) (default: ${DEFAULT-VALUE}).")
    String profileName;

    @Option(names = "--arch", paramLabel = "SPEC",
            description = "Train every model of the profile with this architecture instead of its MLP (grammar of 'train --arch', "
                    + "e.g. cnn:c16k5-p2-c32k5-p2-d64); cached separately.")
    String arch;

    @Option(names = "--out", defaultValue = "reports", paramLabel = "DIR", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--cache", paramLabel = "DIR", description = "Trained-model cache (default: OUT/.cache).")
    Path cache;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Option(names = "--overwrite", description = "Replace figure directories under --out even if they are not radlab reports.")
    boolean overwrite;

    @Override
    public Integer call() {
        ReproductionProfile profile = ReproductionProfile.named(profileName);
        if (arch != null) profile = profile.withArch(arch);
        List<String> figures = figure.trim().equalsIgnoreCase("all") ? ReproductionFigures.NAMES : List.of(figure.trim().toLowerCase());
        if (figure.trim().equalsIgnoreCase("all")) figures = java.util.stream.Stream.concat(figures.stream(), java.util.stream.Stream.of(RademacherVsBounds.NAME)).toList();
        for (String f : figures) {
            if (!ReproductionFigures.NAMES.contains(f) && !f.equals(RademacherVsBounds.NAME)) {
                throw new IllegalArgumentException("unknown --figure '" + figure + "'; expected one of " + ReproductionFigures.NAMES + " or all");
            }
        }
        // Every destination is checked before the (long) work: figure directories, the table, the model cache.
        if (out.toString().isBlank()) throw new IllegalArgumentException("--out must name a directory, got ''");
        for (String f : figures) StagedDirectory.preflight(out.resolve(f), overwrite);
        Path table = out.resolve("reproduction-" + profile.name() + ".csv");
        if (Files.isDirectory(table)) throw new IllegalArgumentException(table + " is a directory; radlab writes its summary table there");
        Path cacheDir = cache != null ? cache : out.resolve(".cache");
        if (cacheDir.toString().isBlank()) throw new IllegalArgumentException("--cache must name a directory, got ''");
        try {
            StagedDirectory.checkWritable(cacheDir.resolve(profile.name()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cache: " + e.getMessage());
        }
        // Off a terminal, one line per model ("[i/N] …", from Reproduction) instead of per-epoch bars.
        boolean bars = !quiet && ConsoleProgress.stderrIsTerminal();
        Reproduction.Result r = new Reproduction(profile, cacheDir, () -> ConsoleProgress.create(!bars),
                quiet ? s -> { } : System.err::println).run();
        Map<String, Object> config = new LinkedHashMap<>(profile.describe());
        Provenance prov = Provenance.of("reproduce --profile " + profile.name(), config, r.data().train(), r.data().test());
        String provenanceText = "## Provenance\n\nRegenerate with `java -jar target/radlab.jar reproduce --figure all --profile " + profile.name()
                + (profile.defaultArch() ? "" : " --arch " + profile.arch())
                + "`. Setup \"in the spirit of\" the paper: its exact architecture, λ grid, ε and attack settings are unknown.\n\n```json\n"
                + Json.toString(prov) + "\n```\n";
        String headline = r.headline();
        for (String f : figures) {
            Figure fig = f.equals(RademacherVsBounds.NAME) ? RademacherVsBounds.forReproduction(cacheDir, profile, r.data(), quiet ? s -> { } : System.err::println)
                    : ReproductionFigures.build(f, r);
            Path dir = fig.write(out.resolve(f), "## Headline numbers\n\n" + headline + "\n" + provenanceText, overwrite);
            if (!quiet) System.err.println("wrote " + dir);
        }
        summaryTable(r).write(table);
        System.out.print(headline);
        return 0;
    }

    /** One row per model with every headline quantity and, per registered bound, its value and whether its assumptions hold. */
    static CsvTable summaryTable(Reproduction.Result r) {
        List<String> header = new ArrayList<>(List.of("model", "seconds_per_epoch", "train_accuracy", "test_accuracy", "apgd_l2_test_accuracy",
                "apgd_linf_test_accuracy", "jacobian_frobenius_mean", "jacobian_l11_mean", "lipschitz_upper_bound", "empirical_lipschitz",
                "standard_gap_loss", "robust_gap_l2_loss", "robust_gap_linf_loss"));
        for (Bound b : BoundRegistry.ALL) header.addAll(List.of("bound_" + b.id(), "bound_" + b.id() + "_assumptions_met"));
        header.addAll(List.of("surrogate_fraction_l2", "pgd10_l2_test_accuracy", "pgd10_linf_test_accuracy", "certified_ibp_l2",
                "certified_crown_l2", "certified_lipschitz_l2", "certified_ibp_linf", "certified_crown_linf"));
        CsvTable t = new CsvTable(header.toArray(String[]::new));
        for (ModelMeasurement m : r.models()) {
            List<Object> row = new ArrayList<>(List.of(m.point().key(), m.secondsPerEpoch(), m.train().accuracy(), m.test().accuracy(),
                    m.testL2().adversarial().accuracy(), m.testLinf().adversarial().accuracy(), m.testJacobian().meanFrobenius(),
                    m.testJacobian().meanL11(), m.norms().lipschitzUpperBound(), m.norms().empiricalLipschitz(), m.standardGapLoss(),
                    m.robustGapLossL2(), m.robustGapLossLinf()));
            for (Bound b : BoundRegistry.ALL) row.addAll(List.of(m.bound(b.id()).value(), m.bound(b.id()).assumptionsMet()));
            row.addAll(List.of(m.surrogateFractionL2(), m.bracketL2().baseline(), m.bracketLinf().baseline(), m.bracketL2().certified("IBP"),
                    m.bracketL2().certified("CROWN"), m.bracketL2().certified("Lipschitz"), m.bracketLinf().certified("IBP"),
                    m.bracketLinf().certified("CROWN")));
            t.add(row.toArray());
        }
        return t;
    }
}
