package radlab.verify;

import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.nn.Model;

/** Whether complete verification applies to a model and threat model, as a reason sentence (null when it does). */
final class Applicability {
    private Applicability() {}

    /** Branch and bound: ReLU MLPs under ℓ∞ or ℓ2. */
    static String reason(Model model, ThreatModel threat) {
        if (threat.norm() != AttackNorm.LINF && threat.norm() != AttackNorm.L2) return "complete verification covers ℓ∞ and ℓ2 balls, not " + threat.norm();
        return ReluNetwork.unsupportedReason(model);
    }

    /** The MILP reference: ReLU MLPs under ℓ∞ (a box keeps the encoding linear). */
    static String milpReason(Model model, ThreatModel threat) {
        if (threat.norm() != AttackNorm.LINF) return "the MILP reference encodes ℓ∞ balls only (an ℓ2 ball is a quadratic constraint)";
        return ReluNetwork.unsupportedReason(model);
    }
}
