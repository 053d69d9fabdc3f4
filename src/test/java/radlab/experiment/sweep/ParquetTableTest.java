package radlab.experiment.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetTableTest {
    @Test
    void writesTypedColumnsWithMissingCellsAsNulls(@TempDir Path dir) throws Exception {
        ResultRow a = new ResultRow.Builder().put("config", "c1").put("spec.seed", 7L).put("x", 0.1 + 0.2).put("nan", Double.NaN).build();
        ResultRow b = new ResultRow.Builder().put("config", "c2").put("spec.seed", 8L).put("extra", "only here").build();
        ResultTable t = ResultTable.of(List.of(a, b));
        assertEquals(List.of("config", "spec.seed", "x", "nan", "extra"), t.columns());
        Path f = dir.resolve("t.parquet");
        ParquetTable.write(t, f);
        try (ParquetReader<Group> r = new ParquetReader.Builder<Group>(new LocalInputFile(f), new PlainParquetConfiguration()) {
            @Override
            protected ReadSupport<Group> getReadSupport() {
                return new GroupReadSupport();
            }
        }.build()) {
            Group g1 = r.read();
            assertEquals(PrimitiveTypeName.INT64, g1.getType().getType("spec.seed").asPrimitiveType().getPrimitiveTypeName());
            assertEquals("c1", g1.getString("config", 0));
            assertEquals(7L, g1.getLong("spec.seed", 0));
            assertEquals(0.1 + 0.2, g1.getDouble("x", 0), 0.0);
            assertEquals(Double.NaN, g1.getDouble("nan", 0));
            assertEquals(0, g1.getFieldRepetitionCount("extra"), "missing cell is null");
            Group g2 = r.read();
            assertEquals("only here", g2.getString("extra", 0));
            assertEquals(0, g2.getFieldRepetitionCount("x"));
            assertNull(r.read());
        }
        assertFalse(java.nio.file.Files.exists(dir.resolve(".t.parquet.tmp")));
    }
}
