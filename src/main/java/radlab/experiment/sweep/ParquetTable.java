package radlab.experiment.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * Writes a {@link ResultTable} as one Parquet file (pandas, DuckDB and Spark read it directly): optional DOUBLE,
 * INT64 and UTF-8 columns named as in the CSV, uncompressed (the codecs' native jars are not on radlab's classpath;
 * a sweep table is small). Uses parquet-hadoop's {@link LocalOutputFile}, which needs no Hadoop at run time.
 */
public final class ParquetTable {
    private ParquetTable() {}

    public static void write(ResultTable table, Path file) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (String c : table.columns()) {
            switch (table.types().get(c)) {
                case DOUBLE -> b.optional(PrimitiveTypeName.DOUBLE).named(c);
                case LONG -> b.optional(PrimitiveTypeName.INT64).named(c);
                case STRING -> b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c);
            }
        }
        MessageType schema = b.named("sweep_row");
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(tmp);
            SimpleGroupFactory groups = new SimpleGroupFactory(schema);
            try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(tmp)).withConf(new PlainParquetConfiguration())
                    .withType(schema).withCompressionCodec(CompressionCodecName.UNCOMPRESSED).build()) {
                for (ResultRow r : table.rows()) {
                    Group g = groups.newGroup();
                    for (String c : table.columns()) {
                        Object v = r.get(c);
                        if (v == null) continue;
                        switch (table.types().get(c)) {
                            case DOUBLE -> g.append(c, ((Number) v).doubleValue());
                            case LONG -> g.append(c, ((Number) v).longValue());
                            case STRING -> g.append(c, String.valueOf(v));
                        }
                    }
                    w.write(g);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: a leftover hidden temp file is harmless
            }
        }
    }
}
