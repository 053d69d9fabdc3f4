package radlab.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * One random change to one of the four IDX files of a data directory: the kinds of damage seen in practice
 * (truncation, flipped bytes, a wrong header field, trailing junk, gzip, swapped or missing files).
 *
 * @param file     index into {@link radlab.data.IdxFixtures#FILES}
 * @param position where in the file, as a fraction of its length
 * @param value    the new byte, header integer, length or seed, depending on the kind
 */
record Corruption(Kind kind, int file, double position, int value) {
    enum Kind { TRUNCATE, FLIP_BYTE, HEADER_INT, HEADER_ALL_DIMS, RANK, APPEND, REPLACE_RANDOM, GZIP, SWAP, DELETE }

    /** One to three changes. */
    static List<Corruption> list(SplittableRandom r) {
        List<Corruption> changes = new ArrayList<>();
        for (int n = 1 + r.nextInt(3); changes.size() < n; ) changes.add(new Corruption(Fuzz.oneOf(r, Kind.values()), r.nextInt(4), Fuzz.fraction(r), value(r)));
        return changes;
    }

    /** Header values that matter: zero, negative, the real sizes, powers of two and the extremes, besides random ones. */
    private static int value(SplittableRandom r) {
        return Fuzz.intWithSpecials(r, 0, -1, 1, 3, 28, 60, 255, 1 << 16, 1 << 20, 1 << 30, Integer.MAX_VALUE, Integer.MIN_VALUE);
    }

    /** Applies this change to {@code files} (null = the file is missing). */
    void apply(byte[][] files) {
        byte[] f = files[file];
        if (f == null && kind != Kind.SWAP) return;
        int at = f == null ? 0 : (int) Math.min(f.length - 1L, (long) (position * f.length));
        switch (kind) {
            case TRUNCATE -> files[file] = Arrays.copyOf(f, Math.max(0, at));
            case FLIP_BYTE -> {
                int i = position < 0.5 ? (int) (position * 32) : at; // half of the flips hit the 16-byte header
                if (f.length > 0) f[Math.min(i, f.length - 1)] = (byte) value;
            }
            case HEADER_INT -> {
                int offset = 4 * (int) (position * 4); // the magic or one of the first three dimensions
                if (f.length >= offset + 4) ByteBuffer.wrap(f).putInt(offset, value);
            }
            case HEADER_ALL_DIMS -> { // every dimension after the count: a garbage header over a plausible count
                int rank = f.length >= 4 ? f[3] & 0xff : 0;
                for (int d = 1; d < Math.min(rank, 4) && f.length >= 8 + 4 * d; d++) ByteBuffer.wrap(f).putInt(4 + 4 * d, value);
            }
            case RANK -> { // e.g. a label file with an image file's magic number
                if (f.length >= 4) f[3] = (byte) Math.floorMod(value, 6);
            }
            case APPEND -> {
                byte[] junk = new byte[1 + (value & 0xff)];
                new Random(value).nextBytes(junk);
                byte[] g = Arrays.copyOf(f, f.length + junk.length);
                System.arraycopy(junk, 0, g, f.length, junk.length);
                files[file] = g;
            }
            case REPLACE_RANDOM -> {
                byte[] r = new byte[value & 63];
                new Random(value).nextBytes(r);
                files[file] = r;
            }
            case GZIP -> files[file] = gzip(f);
            case SWAP -> {
                int other = Math.floorMod(value, 4);
                byte[] t = files[other];
                files[other] = files[file];
                files[file] = t;
            }
            case DELETE -> files[file] = null;
        }
    }

    private static byte[] gzip(byte[] b) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(b);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
