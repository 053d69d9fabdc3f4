package radlab.util;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Equality and hash codes by content for records that hold arrays: a record's generated {@code equals} compares
 * array and {@link INDArray} components by identity (two runs with the same numbers would differ), so such records
 * delegate here. Components are compared through their accessors: Java arrays element by element (nested ones
 * too), matrices by data type, shape and exact values, lists and nested records element by element.
 *
 * <p>Hash codes use everything except matrix values (shape and data type only), so that a hash costs no pass over
 * n·d numbers; equal records still have equal hash codes.
 */
public final class RecordValues {
    private RecordValues() {}

    /** Whether {@code other} is a record of the same class whose components all have equal content. */
    public static boolean equal(Record self, Object other) {
        if (self == other) return true;
        if (other == null || other.getClass() != self.getClass()) return false;
        for (RecordComponent c : self.getClass().getRecordComponents()) {
            if (!contentEquals(get(c, self), get(c, other))) return false;
        }
        return true;
    }

    /** A hash consistent with {@link #equal}. */
    public static int hash(Record self) {
        int h = self.getClass().hashCode();
        for (RecordComponent c : self.getClass().getRecordComponents()) h = 31 * h + contentHash(get(c, self));
        return h;
    }

    static boolean contentEquals(Object a, Object b) {
        if (a == b) return true;
        if (a == null || b == null) return false;
        if (a instanceof INDArray x && b instanceof INDArray y) {
            return x.dataType() == y.dataType() && Arrays.equals(x.shape(), y.shape()) && (x.length() == 0 || x.equalsWithEps(y, 0.0));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!contentEquals(x.get(i), y.get(i))) return false;
            return true;
        }
        if (a instanceof Record x && b instanceof Record && a.getClass() == b.getClass() && hasArrayLikeComponent(x)) return equal(x, b);
        if (a.getClass().isArray() && b.getClass().isArray()) return Objects.deepEquals(a, b);
        return a.equals(b);
    }

    static int contentHash(Object a) {
        if (a == null) return 0;
        if (a instanceof INDArray x) return 31 * x.dataType().hashCode() + Arrays.hashCode(x.shape());
        if (a instanceof List<?> x) {
            int h = 1;
            for (Object e : x) h = 31 * h + contentHash(e);
            return h;
        }
        if (a instanceof Record r && hasArrayLikeComponent(r)) return hash(r);
        if (a.getClass().isArray()) return Arrays.deepHashCode(new Object[] {a});
        return a.hashCode();
    }

    /** Records whose own equals may be by identity: those with an array, matrix or list component. */
    private static boolean hasArrayLikeComponent(Record r) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Class<?> t = c.getType();
            if (t.isArray() || INDArray.class.isAssignableFrom(t) || List.class.isAssignableFrom(t)) return true;
        }
        return false;
    }

    private static Object get(RecordComponent c, Object record) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass().getSimpleName(), e);
        }
    }
}
