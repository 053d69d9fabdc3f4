package radlab.bounds;

/**
 * One additive term of a bound.
 *
 * @param id      stable column name, e.g. "confidence"
 * @param formula the term as written in docs/theory.md, e.g. "3M√(ln(2/δ)/(2n))"
 * @param value   its value
 */
public record Term(String id, String formula, double value) {}
