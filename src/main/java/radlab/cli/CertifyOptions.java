package radlab.cli;

import java.util.List;
import java.util.stream.IntStream;
import picocli.CommandLine.Option;
import radlab.attack.RobustEvaluator;
import radlab.attack.ThreatModel;
import radlab.certify.Certifier;
import radlab.certify.RobustBracket;
import radlab.data.Dataset;
import radlab.nn.Model;

/** How many attacked samples also get certificates (IBP, CROWN, ℓ2 Lipschitz): the lower end of the robust-accuracy bracket. */
public final class CertifyOptions {
    @Option(names = "--certify-size", defaultValue = "500", paramLabel = "N",
            description = "Certify the first N attacked test samples with IBP, CROWN and (ℓ2) the Lipschitz margin; 0 = no certificates (default: ${DEFAULT-VALUE}).")
    int certifySize;

    void validate() {
        if (certifySize < 0) throw new IllegalArgumentException("--certify-size must be ≥ 0, got " + certifySize);
    }

    /** The bracket [certified, attacked] from an attack run on {@code data} and certificates on its first samples. */
    RobustBracket bracket(Model model, Dataset data, RobustEvaluator.Detailed attacked, double attackSeconds, ThreatModel threat) {
        int n = Math.min(certifySize, data.size());
        List<radlab.certify.CertifiedAccuracy> certs = n == 0 ? List.of()
                : Certifier.all(model, data.rows(IntStream.range(0, n).toArray(), data.name() + "-certified"), threat);
        return RobustBracket.of(attacked.evidence(), attackSeconds, null, Double.NaN, Double.NaN, certs);
    }
}
