package radlab.experiment.sweep;

/** Seconds-long grids for the sweep tests (tiny data and network, one epoch; their numbers mean nothing). */
final class TinyGrids {
    static final String BASE = "\"base\": {\"data\": {\"trainSize\": 300, \"testSize\": 100},"
            + " \"model\": {\"arch\": \"mlp:16\"}, \"optimizer\": {\"epochs\": 1, \"batchSize\": 50},"
            + " \"evaluation\": {\"attackSteps\": 2, \"evalSize\": 50}}";

    /** 2 objectives × 2 seeds = 4 points. */
    static final String FOUR = "{\"name\": \"tiny\", " + BASE + ", \"axes\": {\"objective\": [{\"kind\": \"plain\"},"
            + " {\"kind\": \"l2-jacobian\", \"lambda\": 0.01}], \"seed\": [1, 2]}}";

    /** 1 objective × 3 seeds. */
    static final String THREE = "{\"name\": \"tiny3\", " + BASE + ", \"axes\": {\"seed\": [1, 2, 3]}}";

    private TinyGrids() {}
}
