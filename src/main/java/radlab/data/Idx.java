package radlab.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import radlab.util.RecordValues;

/**
 * Reader and writer for the IDX format of MNIST and Fashion-MNIST (unsigned-byte payloads only, which is all those
 * datasets use). Gzipped input is detected from the magic bytes, so a file may be {@code .gz} or not.
 *
 * <p>Written by hand because the format is 20 lines of code and no maintained Java library reads it without pulling
 * in a download-at-runtime fetcher.
 */
public final class Idx {
    /**
     * An IDX array of unsigned bytes with its dimensions, e.g. {@code [n, 28, 28]} for images, {@code [n]} for labels.
     * Both arrays are copied in and out (read single values with {@link #unsigned}); equality is by content.
     */
    public record UByteArray(int[] dims, byte[] data) {
        public UByteArray {
            dims = dims.clone();
            data = data.clone();
        }

        @Override
        public int[] dims() {
            return dims.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        /** Value i of the payload as an unsigned number 0…255. */
        public int unsigned(int i) {
            return data[i] & 0xff;
        }

        public int rank() {
            return dims.length;
        }

        @Override
        public boolean equals(Object o) {
            return RecordValues.equal(this, o);
        }

        @Override
        public int hashCode() {
            return RecordValues.hash(this);
        }

        public int count() {
            return dims[0];
        }

        /** Number of values per item (product of the dimensions after the first). */
        public int itemSize() {
            int s = 1;
            for (int i = 1; i < dims.length; i++) s *= dims[i];
            return s;
        }
    }

    private static final int UBYTE = 0x08;

    private Idx() {}

    /**
     * Reads an IDX unsigned-byte array.
     *
     * @param in     the stream (plain or gzipped); closed by this method
     * @param source the file name to put in error messages
     * @throws DataException if the stream is not a complete IDX ubyte file
     */
    public static UByteArray read(InputStream in, String source) {
        return read(in, source, 1, 4);
    }

    /**
     * Reads an IDX unsigned-byte array whose rank must lie in {@code minRank..maxRank}: checked from the header,
     * before the payload is read, so a label file that is really an image file says so.
     */
    public static UByteArray read(InputStream in, String source, int minRank, int maxRank) {
        try (InputStream raw = new BufferedInputStream(in)) {
            InputStream s = raw;
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) s = new GZIPInputStream(raw);
            byte[] header = s.readNBytes(4);
            if (header.length < 4) throw new DataException(source + ": file is empty or truncated; expected an IDX header");
            if (header[0] != 0 || header[1] != 0) {
                throw new DataException(source + ": not an IDX file (magic number must start with two zero bytes)");
            }
            if ((header[2] & 0xff) != UBYTE) {
                throw new DataException(String.format("%s: IDX element type 0x%02x is not supported; expected unsigned byte (0x08)",
                        source, header[2] & 0xff));
            }
            int rank = header[3] & 0xff;
            if (rank < 1 || rank > 4) throw new DataException(source + ": IDX rank " + rank + " is not in 1..4");
            if (rank < minRank || rank > maxRank) {
                throw new DataException(String.format("%s: IDX rank %d, expected %s (%s)", source, rank,
                        minRank == maxRank ? String.valueOf(minRank) : minRank + ".." + maxRank,
                        maxRank == 1 ? "a label file has rank 1; is this an image file?" : "an image file has rank ≥ 2; is this a label file?"));
            }
            byte[] dimBytes = s.readNBytes(4 * rank);
            if (dimBytes.length < 4 * rank) throw new DataException(source + ": IDX header truncated");
            ByteBuffer bb = ByteBuffer.wrap(dimBytes);
            int[] dims = new int[rank];
            long total = 1;
            for (int i = 0; i < rank; i++) {
                dims[i] = bb.getInt();
                if (dims[i] < 0) throw new DataException(source + ": negative IDX dimension " + dims[i]);
                total *= dims[i];
                // checked at every factor: three 31-bit dimensions overflow a long, which gave the message "len < 0"
                if (total > Integer.MAX_VALUE - 16) {
                    throw new DataException(source + ": IDX header promises more than " + (Integer.MAX_VALUE - 16) + " bytes (dimensions "
                            + java.util.Arrays.toString(java.util.Arrays.copyOf(dims, i + 1)) + "…); corrupt header?");
                }
            }
            byte[] data = s.readNBytes((int) total);
            if (data.length < total) {
                throw new DataException(String.format("%s: truncated IDX payload: header promises %d bytes, file has %d",
                        source, total, data.length));
            }
            return new UByteArray(dims, data);
        } catch (EOFException e) {
            throw new DataException(source + ": file ends early (truncated or corrupt gzip)", e);
        } catch (IOException e) {
            throw new DataException(source + ": cannot read IDX file (" + e.getMessage() + ")", e);
        }
    }

    /** Writes an IDX unsigned-byte array, gzipped if {@code gzip}. */
    public static void write(UByteArray array, OutputStream out, boolean gzip) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(buf);
        d.writeByte(0);
        d.writeByte(0);
        d.writeByte(UBYTE);
        d.writeByte(array.dims.length);
        for (int dim : array.dims) d.writeInt(dim);
        d.write(array.data);
        d.flush();
        if (gzip) {
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                buf.writeTo(gz);
            }
        } else {
            buf.writeTo(out);
            out.flush();
        }
    }
}
