package radlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import radlab.experiment.BoundsVsN;
import radlab.experiment.Reproduction;
import radlab.experiment.ReproductionProfile;
import radlab.experiment.ReproductionRun;
import radlab.experiment.sweep.Engine;
import radlab.experiment.sweep.Grid;
import radlab.plot.BoundsVsNChart;
import radlab.plot.Figure;
import radlab.plot.ReproductionFigure;
import radlab.plot.ReproductionFigures;
import radlab.plot.ReproductionTables;
import radlab.report.Json;
import radlab.report.Provenance;
import radlab.report.StagedDirectory;

@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reproduce the experiments of arXiv 2412.12449 in radlab's setup: run the profile's grid (λ = 0, the ℓ2- and "
                + "ℓ1-Jacobian λ sweeps and PGD-ℓ∞ adversarial training, in the baselines profile also TRADES, input-gradient and spectral "
                + "regularization and adversarial training at several step counts, each configuration with several seeds) through the sweep engine, "
                + "and write each figure to reports/FIGURE/{FIGURE.png, FIGURE.svg, FIGURE.csv, README.md} and reports/reproduction-PROFILE.csv "
                + "(one row per configuration). Every aggregated number is the mean over seeds with a 95%% Student-t interval (CSV "
                + "columns X and X±, error bars in the figures).",
                "The sweep directory OUT/.sweeps/PROFILE is the cache: every point is stored under the hash of its spec, data and code "
                + "version as a checksummed row with its kept model, so a re-run trains nothing, a killed run resumes with the missing "
                + "points, and a rebuilt radlab recomputes them (OUT/.sweeps/PROFILE-ARCH-DATASET for another --arch or --dataset)."})
final class ReproduceCommand implements Callable<Integer> {
    // The list comes from ReproductionFigures.ALL: a hand-written one had fallen three figures behind.
    @Option(names = "--figure", defaultValue = "all", paramLabel = "NAME", completionCandidates = FigureNames.class,
            description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). surrogate, radius-bracket, rademacher-vs-bounds and "
                    + "pac-bayes study the kept model of the first seed of each configuration: asked for alone, they train only those points "
                    + "(e.g. 14 of the paper profile's 70) unless the whole sweep is there already.")
    String figure;

    /** The figure names of {@code --figure}, then "all". */
    static final class FigureNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            java.util.List<String> names = new java.util.ArrayList<>(radlab.plot.ReproductionFigures.ALL.stream().map(ReproductionFigure::name).toList());
            names.add("all");
            return names.iterator();
        }
    }

    @Option(names = "--profile", defaultValue = "quick", paramLabel = "quick|paper|baselines|smoke",
            description = "quick: 6 configurations × 3 seeds, 4000/1000 images, 784-64-64-10, 3 epochs, 2 λ per regularizer (minutes on 2 cores); "
                    + "paper: 14 configurations × 5 seeds, 8000/2000, 784-256-256-10, 20 epochs, 6 λ per regularizer; baselines: quick's setup "
                    + "with 14 configurations × 3 seeds (plain, ℓ2/ℓ1-Jacobian at 2 λ, PGD-ℓ∞ adversarial training at 1, 3 and 7 steps, TRADES "
                    + "at 2 β, input-gradient and spectral regularization at 2 λ), for the robustness-vs-cost figure; smoke: 6 configurations "
                    + "× 2 seeds, 600/200 images, 784-16-10, 1 epoch (seconds; checks the pipeline, its numbers mean little) (default: ${DEFAULT-VALUE}).")
    String profileName;

    @Option(names = "--arch", paramLabel = "SPEC",
            description = "Train every model of the profile with this architecture instead of its MLP (grammar of 'train --arch', "
                    + "e.g. cnn:c16k5-p2-c32k5-p2-d64); its sweep directory is OUT/.sweeps/PROFILE-ARCH.")
    String arch;

    @Option(names = "--out", defaultValue = "reports", paramLabel = "DIR", description = "Report directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--verify-budget", paramLabel = "SECONDS",
            description = "Also verify the certificates' samples (--certify-size of the profile) completely (branch and bound, ReLU networks), for SECONDS each on average (samples whose time ran out get the time the others left unused): rows and "
                    + "accuracy-vs-lambda then give certified, counterexample and undecided counts. The outcomes depend on the machine's speed "
                    + "when a budget runs out. Its sweep directory is OUT/.sweeps/PROFILE-verifySECONDS (default: none).")
    Double verifyBudget;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "Train and evaluate every model of the profile on mnist (the shipped digits; the default) or fashion-mnist (Debian's "
                    + "dataset-fashion-mnist in /usr/share/datasets/fashion-mnist, 60,000/10,000 images; the profile's sizes are drawn "
                    + "from it); its sweep directory is OUT/.sweeps/PROFILE-fashion-mnist. bounds-vs-n on fashion-mnist runs n up to all "
                    + "60,000 training images.")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR",
            description = "--figure bounds-vs-n only: a directory of the four standard IDX files (train-images-idx3-ubyte[.gz], …, "
                    + "e.g. a full MNIST download); n runs up to all of its training images, tested on its own test images.")
    Path dataDir;

    @Mixin EngineOptions engineOptions;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Option(names = "--overwrite", description = "Replace figure directories under --out even if they are not radlab reports.")
    boolean overwrite;

    @Option(names = "--estimate",
            description = "Validate the profile's grids, time a short calibration of each point kind on this machine and print points, core-hours "
                    + "and wall time of their sweeps for the chosen engine and workers (the figures' own computations, e.g. PAC-Bayes, are not "
                    + "included); trains nothing and writes nothing.")
    boolean estimate;

    @Override
    public Integer call() {
        ReproductionProfile profile = ReproductionProfile.named(profileName);
        if (arch != null) profile = profile.withArch(arch);
        if (dataset != null) profile = profile.withDataset(dataset);
        if (verifyBudget != null) profile = profile.withVerifyBudget(verifyBudget);
        List<ReproductionFigure> figures = figure.trim().equalsIgnoreCase("all") ? ReproductionFigures.ALL
                : List.of(ReproductionFigures.named(figure.trim().toLowerCase()));
        engineOptions.validate();
        BoundsVsN.Settings large = largeData(profile, figures);
        if (estimate) return estimate(profile, figures, large);
        // Every destination is checked before the (long) work: figure directories, the table, the sweep directory.
        if (out.toString().isBlank()) throw new IllegalArgumentException("--out must name a directory, got ''");
        for (ReproductionFigure f : figures) StagedDirectory.preflight(out.resolve(f.name()), overwrite);
        Path table = out.resolve("reproduction-" + profile.name() + ".csv");
        if (Files.isDirectory(table)) throw new IllegalArgumentException(table + " is a directory; radlab writes its summary table there");
        Path sweepDir = Reproduction.sweepDir(out, profile);
        StagedDirectory.checkWritable(sweepDir);
        if (figures.size() == 1 && figures.get(0).name().equals(BoundsVsN.NAME)) return boundsVsN(profile, large);
        try (Engine e = engineOptions.open("radlab reproduce " + profile.name())) {
            // One line per point ("[i/N] …", from the sweep) on stderr.
            // Figures that study kept models read the first seed of each configuration: alone, they train only those;
            // with any of them, a first seed whose model is missing is trained again (the others need only rows).
            ReproductionRun r = Reproduction.run(profile, sweepDir, e, quiet ? s -> { } : System.err::println, firstSeedsOnly(figures),
                    figures.stream().anyMatch(ReproductionFigure::firstSeedsOnly));
            Map<String, Object> config = new LinkedHashMap<>(profile.describe());
            config.put("sweepDir", sweepDir.toString());
            config.put("engine", e.describe());
            Provenance prov = Provenance.of("reproduce --profile " + profile.name(), config, r.data().train(), r.data().test());
            String provenanceText = "## Provenance\n\nRegenerate with `java -jar target/radlab.jar reproduce --figure all --profile " + profile.name()
                    + profile.commandOptions()
                    + "`. Setup \"in the spirit of\" the paper: its exact architecture, λ grid, ε and attack settings are unknown. Every point's "
                    + "row (spec, data hash, code version) is in " + (r.complete() ? sweepDir.resolve("results.csv") : sweepDir.resolve("points"))
                    + ".\n\n```json\n" + Json.toString(prov) + "\n```\n";
            String headline = r.complete() ? ReproductionTables.headline(r) : String.format("Not drawn: this run trained only the first seed "
                    + "of each configuration (%d of the profile's %d networks), all that this figure reads; intervals over seeds need every "
                    + "seed (`reproduce --profile %s%s` trains the rest).%n", r.plan().size(), profile.grid().points().size(), profile.name(),
                    profile.commandOptions());
            for (ReproductionFigure f : figures) {
                Figure fig = f.build(r);
                Path dir = fig.write(out.resolve(f.name()), "## Headline numbers\n\n" + headline + "\n" + provenanceText, overwrite);
                if (!quiet) System.err.println("wrote " + dir);
            }
            if (r.complete()) ReproductionTables.summary(r).write(table);
            System.out.print(headline);
        }
        return 0;
    }

    /**
     * The bounds-vs-n settings of {@code --data} (null when it is not given), checked before any work: the option
     * belongs to that figure alone, and the directory must hold the four IDX files (reading it here gives its sizes,
     * which the sweep then reuses).
     */
    private BoundsVsN.Settings largeData(ReproductionProfile profile, List<ReproductionFigure> figures) {
        if (dataDir == null) return null;
        if (figures.size() != 1 || !figures.get(0).name().equals(BoundsVsN.NAME)) {
            throw new IllegalArgumentException("--data applies to --figure " + BoundsVsN.NAME + " only");
        }
        if (dataDir.toString().isBlank()) throw new IllegalArgumentException("--data must name a directory, got ''");
        return BoundsVsN.Settings.of(profile, dataDir.toAbsolutePath().normalize().toString());
    }

    /** The bounds-vs-n sweep directory: the profile's, then -data for a --data directory, then -bounds-vs-n. */
    private static Path boundsVsNDir(Path base, BoundsVsN.Settings s) {
        return base.resolveSibling(base.getFileName() + (s.dataDir() != null ? "-data" : "") + "-" + BoundsVsN.NAME);
    }

    /** Whether every figure asked for reads only the first seed of each configuration (then only those points are trained). */
    private static boolean firstSeedsOnly(List<ReproductionFigure> figures) {
        return figures.stream().allMatch(ReproductionFigure::firstSeedsOnly);
    }

    /** --estimate: the sweeps these figures would run (the profile's grid, and the bounds-vs-n grid if that figure is among them). */
    private int estimate(ReproductionProfile profile, List<ReproductionFigure> figures, BoundsVsN.Settings large) {
        boolean bvn = figures.stream().anyMatch(f -> f.name().equals(BoundsVsN.NAME));
        boolean onlyBvn = bvn && figures.size() == 1;
        Path base = Reproduction.sweepDir(out, profile);
        List<Grid> grids = new java.util.ArrayList<>();
        List<Path> dirs = new java.util.ArrayList<>();
        if (!onlyBvn) {
            grids.add(firstSeedsOnly(figures) ? Reproduction.firstSeedGrid(profile.grid()) : profile.grid());
            dirs.add(base);
        }
        if (bvn) {
            BoundsVsN.Settings s = large != null ? large : BoundsVsN.Settings.of(profile, null);
            grids.add(BoundsVsN.grid(s));
            dirs.add(boundsVsNDir(base, s));
        }
        return SweepEstimateReport.print(grids, dirs, null, engineOptions, quiet);
    }

    /**
     * {@code --figure bounds-vs-n} alone runs only its own grid (not the profile's main grid), into
     * {@code OUT/.sweeps/PROFILE[-DATA]-bounds-vs-n}, and prints the verdict and slopes.
     */
    private int boundsVsN(ReproductionProfile profile, BoundsVsN.Settings given) {
        BoundsVsN.Settings s = given != null ? given : BoundsVsN.Settings.of(profile, null);
        Path sweepDir = boundsVsNDir(Reproduction.sweepDir(out, profile), s);
        StagedDirectory.checkWritable(sweepDir);
        try (Engine e = engineOptions.open("radlab reproduce " + BoundsVsN.NAME)) {
            BoundsVsN.Run run = BoundsVsN.run(s, e, sweepDir, quiet ? x -> { } : System.err::println);
            String command = "java -jar target/radlab.jar reproduce --figure " + BoundsVsN.NAME + " --profile " + profile.name()
                    + profile.commandOptions()
                    + (s.dataDir() == null ? "" : " --data " + s.dataDir());
            Path dir = BoundsVsNChart.build(run.result(), run.table()).write(out.resolve(BoundsVsN.NAME), "## Provenance\n\nRegenerate with `" + command + "`. Every point's row (spec, "
                    + "data hash, code version) is in " + sweepDir.resolve("results.csv") + ".\n", overwrite);
            if (!quiet) System.err.println("wrote " + dir);
            System.out.println(run.result().verdict());
            System.out.print(BoundsVsNChart.slopeTable(run.result()));
        }
        return 0;
    }
}
