package radlab.util;

import java.lang.ref.Reference;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BroadcastOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Row- and column-vector broadcasts (x ∘= v along rows or columns, in place): what ND4J's {@code addiRowVector},
 * {@code muliColumnVector} and friends compute (one IEEE operation per element, so the same bits whichever of ND4J's
 * kernels ran), but safe when several threads use ND4J at once.
 *
 * <p>Why: ND4J 1.0.0-M2.1's {@code NativeOpExecutioner.exec(BroadcastOp)} hands libnd4j the native buffer of the
 * op's dimension array (created with the op) and then no longer needs the op, so the JIT may treat op and array as
 * dead during the native call. A garbage collection started by another thread in that window lets ND4J's deallocator
 * free the buffer while libnd4j reads it: SIGSEGV in {@code TadDescriptor} or {@code DataBuffer::primary()}. This is
 * what killed {@code reproduce} (two sweep workers) in 4 of 7 runs; a two-thread stress test with frequent collections
 * reproduces it within seconds with {@code addiRowVector} and never with these methods, which keep the op reachable
 * until the call returns ({@code BroadcastsTest}).
 */
public final class Broadcasts {
    private Broadcasts() {}

    /** x += row, for every row of x (row: 1 × columns); {@code x.addiRowVector(row)}. */
    public static INDArray addiRow(INDArray x, INDArray row) {
        return apply(x, row, INDArray::addi, (a, v, z, d) -> new BroadcastAddOp(a, v, z, d));
    }

    /** x −= row, for every row of x; {@code x.subiRowVector(row)}. */
    public static INDArray subiRow(INDArray x, INDArray row) {
        return apply(x, row, INDArray::subi, (a, v, z, d) -> new BroadcastSubOp(a, v, z, d));
    }

    /** x += column, for every column of x (column: rows × 1); {@code x.addiColumnVector(column)}. */
    public static INDArray addiColumn(INDArray x, INDArray column) {
        return apply(x, column, INDArray::addi, (a, v, z, d) -> new BroadcastAddOp(a, v, z, d));
    }

    /** x −= column, for every column of x; {@code x.subiColumnVector(column)}. */
    public static INDArray subiColumn(INDArray x, INDArray column) {
        return apply(x, column, INDArray::subi, (a, v, z, d) -> new BroadcastSubOp(a, v, z, d));
    }

    /** x *= column, for every column of x: row i scaled by column[i]; {@code x.muliColumnVector(column)}. */
    public static INDArray muliColumn(INDArray x, INDArray column) {
        return apply(x, column, INDArray::muli, (a, v, z, d) -> new BroadcastMulOp(a, v, z, d));
    }

    /** x /= column, for every column of x: row i divided by column[i]; {@code x.diviColumnVector(column)}. */
    public static INDArray diviColumn(INDArray x, INDArray column) {
        return apply(x, column, INDArray::divi, (a, v, z, d) -> new BroadcastDivOp(a, v, z, d));
    }

    /** The op of one of the methods above: x ∘= v broadcast along dimension d, written to z. */
    private interface OpFactory {
        BroadcastOp create(INDArray x, INDArray v, INDArray z, int d);
    }

    /** As ND4J's doRowWise/doColumnWise: a scalar vector is a scalar op; otherwise the broadcast op, kept reachable. */
    private static INDArray apply(INDArray x, INDArray v, BiFunction<INDArray, Number, INDArray> scalarOp, OpFactory op) {
        if (v.isScalar()) return scalarOp.apply(x, v.getDouble(0));
        return exec(op.create(x, own(x, v), x, dimension(v)));
    }

    private static INDArray exec(BroadcastOp op) {
        Nd4j.getExecutioner().exec(op);
        Reference.reachabilityFence(op); // the op holds its dimension array: alive until libnd4j is done with it
        return op.z();
    }

    /**
     * The broadcast dimension exactly as ND4J's {@code applyBroadcastOp} chooses it (from the vector's shape: 1 for a
     * row vector or rank-1 array, else 0), so that every call does what the ND4J method it replaces did.
     */
    private static int dimension(INDArray v) {
        return Shape.isRowVectorShape(v.shape()) ? 1 : 0;
    }

    /** As ND4J's doRowWise/doColumnWise: a vector that shares x's memory is copied first, since x is overwritten. */
    private static INDArray own(INDArray x, INDArray v) {
        return v.data().sameUnderlyingData(x.data()) ? v.dup() : v;
    }
}
