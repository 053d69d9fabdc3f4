package radlab.attack;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import radlab.data.Idx;

/**
 * Writes an evaluation's adversarial examples as gzipped IDX files plus the per-sample CSV:
 * {@code PREFIX-images.idx3-float.gz} (n × 28 × 28 for 784-pixel inputs, else n × d; IDX type 0x0D float32, or 0x0E
 * float64 for double-precision models, so the points are exactly the ones attacked — quantising to unsigned bytes
 * would move them), {@code PREFIX-labels.idx1-ubyte.gz} and {@code PREFIX.csv}. The IDX float types are part of
 * the IDX format (LeCun's MNIST page) and read by e.g. {@code idx2numpy}.
 */
public final class AdversarialExport {
    private AdversarialExport() {}

    public static void write(AdversarialEvidence e, Path dir, String prefix) {
        try {
            INDArray x = e.adversarial();
            boolean dbl = x.dataType() == DataType.DOUBLE;
            int n = (int) x.rows(), d = (int) x.columns();
            int[] dims = d == 784 ? new int[] {n, 28, 28} : new int[] {n, d};
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(
                    Files.newOutputStream(dir.resolve(prefix + "-images.idx3-float.gz")))))) {
                out.writeByte(0);
                out.writeByte(0);
                out.writeByte(dbl ? 0x0E : 0x0D);
                out.writeByte(dims.length);
                for (int v : dims) out.writeInt(v);
                if (dbl) {
                    for (double v : x.dup().data().asDouble()) out.writeDouble(v);
                } else {
                    for (float v : x.castTo(DataType.FLOAT).dup().data().asFloat()) out.writeFloat(v);
                }
            }
            int[] labels = e.labels();
            byte[] lb = new byte[labels.length];
            for (int i = 0; i < lb.length; i++) lb[i] = (byte) labels[i];
            try (OutputStream out = Files.newOutputStream(dir.resolve(prefix + "-labels.idx1-ubyte.gz"))) {
                Idx.write(new Idx.UByteArray(new int[] {labels.length}, lb), out, true);
            }
            AttackTables.evidence(e).write(dir.resolve(prefix + ".csv"));
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write adversarial examples to " + dir + ": " + ex.getMessage(), ex);
        }
    }
}
