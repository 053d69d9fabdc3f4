package radlab.experiment.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radlab.experiment.sweep.engine.Engines;
import radlab.experiment.sweep.engine.LocalEngine;

/** Spark runs embedded (local[2]) with the --add-opens flags of Surefire's argLine. */
class SparkEngineTest {
    @Test
    void sparkLocal2GivesTheSameRowsAsTheLocalEngine(@TempDir Path dir) {
        Grid g = Grid.parse(TinyGrids.FOUR);
        Sweep.Summary local = Sweep.run(g, new LocalEngine(2), new Sweep.Options(dir.resolve("local"), false, 0, SweepTest.CODE), s -> { });
        Sweep.Summary spark;
        try (Engine e = Engines.create("spark", "local[2]", 0, "radlab-test")) {
            assertTrue(e.describe().startsWith("spark (local[2]"), e.describe());
            Sweep.Summary part = Sweep.run(g, e, new Sweep.Options(dir.resolve("spark"), false, 3, SweepTest.CODE), s -> { });
            assertEquals(3, part.computed());
            spark = Sweep.run(g, e, new Sweep.Options(dir.resolve("spark"), false, 0, SweepTest.CODE), s -> { });
            assertEquals(3, spark.alreadyDone(), "resume works on Spark too");
            assertEquals(1, spark.computed());
        }
        SweepTest.assertSameRows(local.rows(), spark.rows());
    }
}
