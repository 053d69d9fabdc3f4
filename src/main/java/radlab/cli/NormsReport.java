package radlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radlab.bounds.Assumption;
import radlab.bounds.BoundInputs;
import radlab.bounds.BoundResult;
import radlab.experiment.NormsAnalysis;
import radlab.jacobian.JacobianNorms;
import radlab.norms.LayerNorms;
import radlab.norms.NetworkNorms;
import radlab.plot.Charts;
import radlab.plot.NormsCharts;
import radlab.report.CsvTable;
import radlab.report.Json;
import radlab.report.StagedDirectory;

/** Files and printed table of {@code radlab norms}: formatting only, every number comes from a {@link NormsAnalysis}. */
final class NormsReport {
    static final String FIGURE = "jacobian-norms";

    private NormsReport() {}

    /** Writes norms.json, spec.json, layers.csv, jacobians.csv and the histogram (PNG + SVG) into {@code dir} atomically. */
    static Path write(Path dir, NormsAnalysis a, Map<String, Object> header, radlab.spec.NormsSpec spec) {
        try (StagedDirectory staged = StagedDirectory.create(dir)) {
            Path p = staged.path();
            Json.write(p.resolve(SpecFiles.SPEC_JSON), spec.toTree());
            Map<String, Object> json = new LinkedHashMap<>(header);
            json.putAll(results(a));
            Json.write(p.resolve("norms.json"), json);
            layersTable(a).write(p.resolve("layers.csv"));
            jacobiansTable(a).write(p.resolve("jacobians.csv"));
            var chart = NormsCharts.jacobianHistogram(a);
            Charts.savePng(chart, p.resolve(FIGURE + ".png"));
            Charts.saveSvg(chart, p.resolve(FIGURE + ".svg"));
            return staged.commit();
        }
    }

    static Map<String, Object> results(NormsAnalysis a) {
        NetworkNorms n = a.norms();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("initialWeightsKnown", a.initKnown());
        List<Map<String, Object>> layers = new ArrayList<>();
        CsvTable lt = layersTable(a);
        List<String> h = lt.header();
        for (List<Object> row : lt.rows()) {
            Map<String, Object> l = new LinkedHashMap<>();
            for (int c = 0; c < h.size(); c++) l.put(h.get(c), "".equals(row.get(c)) ? null : row.get(c));
            layers.add(l);
        }
        m.put("layers", layers);
        m.put("productSpectral", n.productSpectral());
        m.put("productFrobenius", n.productFrobenius());
        m.put("pathNormL2", n.pathNormL2());
        m.put("lipschitzUpperBound", n.lipschitzUpperBound());
        m.put("empiricalLipschitz", n.empiricalLipschitz());
        m.put("jacobians", Map.of("train", a.trainSummary(), "test", a.testSummary()));
        BoundInputs in = a.boundInputs();
        Map<String, Object> bi = new LinkedHashMap<>();
        bi.put("data", in.data());
        bi.put("margin", in.margin());
        bi.put("lossRange", in.loss());
        bi.put("biases", in.biases());
        bi.put("activation", in.activation());
        bi.put("epsilonL2", in.epsilonL2());
        bi.put("epsilonLinf", in.epsilonLinf());
        bi.put("delta", in.delta());
        m.put("boundInputs", bi);
        List<Map<String, Object>> bounds = new ArrayList<>();
        for (BoundResult b : a.bounds()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", b.id());
            r.put("name", b.name());
            r.put("citation", b.citation());
            r.put("bounds", b.quantity().description());
            r.put("reconstruction", b.reconstruction());
            r.put("value", b.value());
            r.put("terms", b.terms());
            r.put("assumptionsMet", b.assumptionsMet());
            r.put("assumptionsNotMet", b.unmet().stream().map(Assumption::violation).toList());
            bounds.add(r);
        }
        m.put("bounds", bounds);
        return m;
    }

    /** One row per layer; distances from initialisation are empty when the initial weights are unknown. */
    static CsvTable layersTable(NormsAnalysis a) {
        CsvTable t = new CsvTable("layer", "rows", "columns", "spectral", "spectral_iterations", "spectral_converged", "frobenius", "l21_transpose",
                "l1inf_transpose", "spectral_from_init", "frobenius_from_init", "l21_transpose_from_init", "l1inf_transpose_from_init");
        List<LayerNorms> ls = a.norms().layers();
        for (int i = 0; i < ls.size(); i++) {
            LayerNorms l = ls.get(i);
            boolean k = a.initKnown();
            t.add(i + 1, l.rows(), l.columns(), l.spectral(), l.spectralIterations(), l.spectralConverged(), l.frobenius(), l.l21(), l.l1Inf(),
                    k ? l.spectralFromInit() : "", k ? l.frobeniusFromInit() : "", k ? l.l21FromInit() : "", k ? l.l1InfFromInit() : "");
        }
        return t;
    }

    /** One row per measured sample: split, index in the sample, ‖J‖_F, ‖J‖_{1,1}, ‖J‖₂. */
    static CsvTable jacobiansTable(NormsAnalysis a) {
        CsvTable t = new CsvTable("split", "index", "frobenius", "l11", "operator");
        for (String split : List.of("train", "test")) {
            JacobianNorms j = split.equals("train") ? a.trainJacobians() : a.testJacobians();
            for (int i = 0; i < j.size(); i++) t.add(split, i, j.frobenius(i), j.l11(i), j.operator(i));
        }
        return t;
    }

    /** The readable table printed by the command. */
    static String table(NormsAnalysis a, String modelLine) {
        NetworkNorms n = a.norms();
        StringBuilder sb = new StringBuilder(modelLine).append('\n');
        sb.append(String.format("%nLayer norms (A_i is out × in; (2,1) and (1,∞) of Aᵀ: Σ and max over output units of the incoming ℓ2 / ℓ1 norms)%n"));
        sb.append(String.format("%-5s %9s %11s %11s %11s %11s %11s %11s %11s %11s%n", "layer", "shape", "‖A‖_σ", "iters/conv",
                "‖A‖_F", "‖Aᵀ‖_2,1", "‖Aᵀ‖_1,∞", "‖A−A₀‖_σ", "‖A−A₀‖_F", "‖(A−A₀)ᵀ‖_2,1"));
        for (int i = 0; i < n.layers().size(); i++) {
            LayerNorms l = n.layers().get(i);
            sb.append(String.format("%-5d %9s %11.4g %11s %11.4g %11.4g %11.4g %11s %11s %11s%n", i + 1, l.rows() + "×" + l.columns(), l.spectral(),
                    l.spectralIterations() + (l.spectralConverged() ? " yes" : " NO"), l.frobenius(), l.l21(), l.l1Inf(),
                    fromInit(a, l.spectralFromInit()), fromInit(a, l.frobeniusFromInit()), fromInit(a, l.l21FromInit())));
        }
        if (!a.initKnown()) sb.append("(initial weights unknown: no seed recorded with the model, so no distances from initialisation)\n");
        sb.append(String.format("%n∏‖A‖_σ = %.4g   ∏‖A‖_F = %.4g   ℓ2 path norm = %.4g%n", n.productSpectral(), n.productFrobenius(), n.pathNormL2()));
        sb.append(String.format("Lipschitz upper bound ρ^{L−1}∏‖A‖_σ = %.4g   empirical max ‖J(x)‖₂ = %.4g   (ratio %.3g)%n",
                n.lipschitzUpperBound(), n.empiricalLipschitz(), n.lipschitzUpperBound() / n.empiricalLipschitz()));
        NormsAnalysis.JacobianSummary tr = a.trainSummary(), te = a.testSummary();
        sb.append(String.format("%nInput-Jacobian norms of the logits (train n = %d, test n = %d)%n", tr.n(), te.n()));
        sb.append(String.format("%-10s %10s %10s %10s   %10s %10s %10s%n", "norm", "train mean", "median", "max", "test mean", "median", "max"));
        String[] names = {"‖J‖_F", "‖J‖_{1,1}", "‖J‖₂"};
        NormsAnalysis.Stats[][] s = {{tr.frobenius(), te.frobenius()}, {tr.l11(), te.l11()}, {tr.operator(), te.operator()}};
        for (int k = 0; k < names.length; k++) {
            sb.append(String.format("%-10s %10.4g %10.4g %10.4g   %10.4g %10.4g %10.4g%n", names[k], s[k][0].mean(), s[k][0].median(), s[k][0].max(),
                    s[k][1].mean(), s[k][1].median(), s[k][1].max()));
        }
        BoundInputs in = a.boundInputs();
        sb.append(String.format("%nBounds (n = %d, ‖X‖_F = %.4g, γ = %.4g %s, R̂_γ = %.3g, max training loss = %.3g%s, δ = %s; formulas in docs/theory.md §6)%n",
                in.data().n(), in.data().xFrobenius(), in.margin().gamma(), in.margin().chosenOnData() ? "chosen on data" : "fixed",
                in.margin().trainMarginLoss(), in.loss().value(), in.loss().measured() ? " measured" : "", in.delta()));
        sb.append(String.format("%-48s %12s  %-46s %s%n", "bound", "value", "bounds the", "assumptions"));
        for (BoundResult b : a.bounds()) {
            sb.append(String.format("%-48s %12.4g  %-46s %s%n", b.name(), b.value(), b.quantity().description(),
                    b.assumptionsMet() ? "met" : "NOT MET: " + b.unmetText()));
        }
        return sb.toString();
    }

    private static String fromInit(NormsAnalysis a, double v) {
        return a.initKnown() ? String.format("%.4g", v) : "—";
    }
}
