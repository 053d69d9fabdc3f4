package radlab.train;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import radlab.nn.Workspaces;

/**
 * Updates parameters in place from their gradients, with ND4J's fused native updaters (one op per parameter, no
 * per-step allocations) holding the per-parameter state.
 */
public final class Optimizer {
    private final IUpdater config;
    private List<GradientUpdater<?>> updaters;
    private int iteration;

    private Optimizer(IUpdater config) {
        this.config = config;
    }

    /** A fresh optimizer of the configured kind: Adam, or SGD with Nesterov momentum (plain SGD when momentum is 0). */
    public static Optimizer create(OptimizerConfig cfg) {
        return new Optimizer(switch (cfg.kind()) {
            case ADAM -> new Adam(cfg.learningRate());
            case SGD -> cfg.momentum() == 0 ? new Sgd(cfg.learningRate()) : new Nesterovs(cfg.learningRate(), cfg.momentum());
        });
    }

    /** p ← p − update(g). The gradient arrays are overwritten with the update. */
    public void step(List<INDArray> parameters, List<INDArray> gradients) {
        if (updaters == null) {
            updaters = new ArrayList<>();
            try (MemoryWorkspace outside = Workspaces.outside()) { // the state outlives the (workspace) step that creates it
                for (INDArray p : parameters) {
                    long stateSize = config.stateSize(p.length());
                    INDArray state = stateSize == 0 ? null : Nd4j.zeros(p.dataType(), 1, stateSize);
                    updaters.add(config.clone().instantiate(state, true));
                }
            }
        }
        for (int i = 0; i < parameters.size(); i++) {
            INDArray g = gradients.get(i);
            updaters.get(i).applyUpdater(g, iteration, 0);
            parameters.get(i).subi(g);
        }
        iteration++;
    }
}
