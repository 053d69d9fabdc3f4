package radlab.attack;

import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.nn.Model;

/** An attack that can run as one stage of an {@link AttackSuite}: it names itself and reports which samples it broke. */
interface SuiteStage extends Attack {
    /** e.g. "APGD-CE", "Square": the name of its row in the suite's stages. */
    String name();

    /** The fewest classes its loss is defined for. */
    int minClasses();

    /**
     * @param attackMisclassified also work on samples the model already gets wrong (to raise their loss, for the robust
     *                            loss); a stage without a loss to raise may ignore it
     */
    Apgd.Result run(Model model, INDArray x, int[] labels, boolean attackMisclassified);
}
