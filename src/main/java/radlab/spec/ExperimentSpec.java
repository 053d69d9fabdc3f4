package radlab.spec;

import static radlab.spec.SpecException.require;

/**
 * One complete, reproducible experiment: data, model, objective, optimizer, evaluation and the seed of weight
 * initialisation, shuffling and attacks. Its canonical JSON ({@link SpecJson#canonical}) is the single description
 * of a run; {@link SpecHash} turns it into a content address.
 */
public record ExperimentSpec(DataSpec data, ModelSpec model, ObjectiveSpec objective, OptimizerSpec optimizer,
                             EvaluationSpec evaluation, long seed) {
    public ExperimentSpec {
        require(data != null, "data", "is required");
        require(model != null, "model", "is required");
        require(objective != null, "objective", "is required");
        require(optimizer != null, "optimizer", "is required");
        require(evaluation != null, "evaluation", "is required");
        int limit = Math.min(data.trainSize(), data.testSize());
        require(evaluation.evalSize() <= limit, "evaluation.evalSize",
                "must be ≤ min(data.trainSize, data.testSize) = " + limit + ", got " + evaluation.evalSize());
    }
}
