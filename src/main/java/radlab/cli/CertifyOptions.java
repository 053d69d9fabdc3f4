package radlab.cli;

import picocli.CommandLine.Option;
import radlab.attack.RobustEvaluator;
import radlab.attack.ThreatModel;
import radlab.certify.RobustBracket;
import radlab.data.Dataset;
import radlab.nn.Model;

/** How many attacked samples also get certificates (IBP, CROWN, ℓ2 Lipschitz): the lower end of the robust-accuracy bracket. */
public final class CertifyOptions {
    @Option(names = "--certify-size", defaultValue = "" + radlab.spec.Defaults.Cli.CERTIFY_SIZE, paramLabel = "N",
            description = "Certify the first N attacked test samples with IBP, CROWN and (ℓ2) the Lipschitz margin; 0 = no certificates (default: ${DEFAULT-VALUE}).")
    int certifySize;

    void validate() {
        if (certifySize < 0) throw new IllegalArgumentException("--certify-size must be ≥ 0, got " + certifySize);
    }

    /** The bracket [certified, attacked] from an attack run on {@code data} and certificates on its first samples. */
    RobustBracket bracket(Model model, Dataset data, RobustEvaluator.Detailed attacked, double attackSeconds, ThreatModel threat) {
        return radlab.experiment.TrainRun.bracket(model, data, attacked, attackSeconds, threat, certifySize);
    }
}
