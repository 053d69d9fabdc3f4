package radlab.bounds;

/** What a bound's value bounds, so that tables and figures compare it with the right measurement. */
public enum Quantity {
    TEST_ERROR("test error (0–1 loss)"),
    RADEMACHER("empirical Rademacher complexity of the class"),
    ROBUST_LOSS("test robust loss (cross-entropy under the attack)");

    private final String description;

    Quantity(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
