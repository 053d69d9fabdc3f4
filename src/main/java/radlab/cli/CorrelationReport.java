package radlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import radlab.measures.MeasureCorrelation;
import radlab.plot.Charts;
import radlab.plot.CorrelationCharts;
import radlab.report.AtomicFiles;
import radlab.report.CsvTable;
import radlab.report.Json;
import radlab.report.StagedDirectory;

/** Files and printed table of {@code radlab correlate}: formatting only. */
final class CorrelationReport {
    private CorrelationReport() {}

    static Path write(Path dir, List<MeasureCorrelation> rows, List<String> gaps, Map<String, Object> config) {
        try (StagedDirectory staged = StagedDirectory.create(dir)) {
            Path p = staged.path();
            csv(rows).write(p.resolve("correlation.csv"));
            Json.write(p.resolve("config.json"), config);
            AtomicFiles.writeString(p.resolve("correlation.md"), markdown(rows, rows.isEmpty() ? 0 : rows.get(0).models(), List.of()));
            for (String g : gaps) {
                var chart = CorrelationCharts.forGap(g, rows.stream().filter(r -> r.gap().equals(g)).toList());
                String name = "correlation-" + g.replaceAll("[^A-Za-z0-9._-]", "_");
                Charts.savePng(chart, p.resolve(name + ".png"));
                Charts.saveSvg(chart, p.resolve(name + ".svg"));
            }
            return staged.commit();
        }
    }

    static CsvTable csv(List<MeasureCorrelation> rows) {
        CsvTable t = new CsvTable("gap", "measure", "models", "tau", "tau_low", "tau_high", "psi", "psi_low", "psi_high", "psi_per_axis", "resamples");
        for (MeasureCorrelation r : rows) {
            t.add(r.gap(), r.measure(), r.models(), r.tau(), r.tauLow(), r.tauHigh(), r.psi(), r.psiLow(), r.psiHigh(),
                    String.join(";", r.psiPerAxis().stream().map(String::valueOf).toList()), r.resamples());
        }
        return t;
    }

    static String markdown(List<MeasureCorrelation> rows, int models, List<String> axes) {
        return CorrelationCharts.markdown(rows, models, axes);
    }
}
