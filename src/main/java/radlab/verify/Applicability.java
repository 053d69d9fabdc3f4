package radlab.verify;

import radlab.attack.AttackNorm;
import radlab.attack.ThreatModel;
import radlab.nn.Model;

/** Whether complete verification applies to a model and threat model, as a reason sentence (null when it does). */
final class Applicability {
    private Applicability() {}

    static String reason(Model model, ThreatModel threat) {
        if (threat.norm() != AttackNorm.LINF) {
            return "complete verification is implemented for ℓ∞ balls (a box, so the encodings stay linear); an ℓ2 ball "
                    + "needs a second-order-cone relaxation";
        }
        return ReluNetwork.unsupportedReason(model);
    }
}
