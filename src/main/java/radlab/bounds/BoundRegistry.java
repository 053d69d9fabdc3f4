package radlab.bounds;

import java.util.List;

/**
 * Every bound radlab computes, in the order tables and figures show them. Adding a bound: one class implementing
 * {@link Bound}, its test, and one line here.
 */
public final class BoundRegistry {
    public static final List<Bound> ALL = List.of(
            new BftMarginBound(),
            new BftRademacher(),
            new GrafSpectralRademacher(),
            new NtsRademacher(),
            new GrsRademacher(),
            PaperReconstruction.L2,
            PaperReconstruction.LINF);

    private BoundRegistry() {}

    /** Every registered bound evaluated on {@code in}, in registry order. */
    public static List<BoundResult> evaluateAll(BoundInputs in) {
        return ALL.stream().map(b -> b.evaluate(in)).toList();
    }

    /** The registered bound with this id. */
    public static Bound byId(String id) {
        return ALL.stream().filter(b -> b.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown bound '" + id + "'; expected one of "
                        + ALL.stream().map(Bound::id).toList()));
    }
}
