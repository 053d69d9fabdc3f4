package radlab.experiment.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radlab.cli.RadlabCli;
import radlab.spec.ObjectiveSpec;
import radlab.spec.SpecException;

class GridTest {
    @Test
    void pointsAreCrossedWithTheAxesFirstAxisSlowest() {
        Grid g = Grid.parse("{\"name\": \"g\", \"base\": {\"optimizer\": {\"epochs\": 2}},"
                + " \"points\": [{\"objective\": {\"kind\": \"plain\"}}, {\"objective\": {\"kind\": \"l1-jacobian\", \"lambda\": 0.001}}],"
                + " \"axes\": {\"model.arch\": [\"mlp:32\", \"mlp:64,64\"], \"seed\": [1, 2, 3]}}");
        assertEquals(12, g.points().size());
        assertEquals("g", g.name());
        assertEquals(new ObjectiveSpec.Plain(), g.points().get(0).objective());
        assertEquals("mlp:32", g.points().get(0).model().arch());
        assertEquals(List.of(1L, 2L, 3L), g.points().subList(0, 3).stream().map(s -> s.seed()).toList());
        assertEquals("mlp:64,64", g.points().get(3).model().arch());
        assertEquals(new ObjectiveSpec.JacobianL1(0.001), g.points().get(6).objective());
        assertTrue(g.points().stream().allMatch(s -> s.optimizer().epochs() == 2), "base applies to every point");
        Grid lambdas = Grid.parse("{\"base\": {\"objective\": {\"kind\": \"l2-jacobian\"}}, \"axes\": {\"objective.lambda\": [0.001, 0.1]}}");
        assertEquals(List.of(new ObjectiveSpec.JacobianL2(0.001, 0), new ObjectiveSpec.JacobianL2(0.1, 0)),
                lambdas.points().stream().map(s -> s.objective()).toList());
        assertEquals("sweep", lambdas.name());
    }

    @Test
    void theShippedGridsParse() {
        assertEquals(24, Grid.read(Path.of("grids/quick-seeds.json")).points().size());
        assertEquals(4, Grid.read(Path.of("grids/tiny.json")).points().size());
    }

    @Test
    void everyMistakeIsOneLineNamingTheKeyPath() {
        String[][] cases = {
                {"{\"axis\": {}}", "axis: unknown key"},
                {"{\"base\": {\"optimizer\": {\"lr\": 0.1}}}", "base.optimizer.lr: unknown key"},
                {"{\"base\": {\"data\": {\"trainSize\": -5}}}", "base.data.trainSize: must be a positive integer, got -5"},
                {"{\"points\": [{}, {\"model\": {\"activation\": \"gelu\"}}]}", "points[1].model.activation: unknown activation"},
                {"{\"points\": []}", "points: must be a non-empty list"},
                {"{\"axes\": {\"optimizer.lr\": [0.1]}}", "axes.optimizer.lr: not a spec field"},
                {"{\"axes\": {\"optimiser.lr\": [0.1]}}", "axes.optimiser.lr: not a spec field"},
                {"{\"axes\": {\"objective\": [{\"kind\": \"plain\", \"lambda\": 1}]}}", "axes.objective[0]: objective.lambda: unknown key"},
                {"{\"axes\": {\"optimizer.learningRate\": [0.1, -0.1]}}", "axes.optimizer.learningRate[1]: optimizer.learningRate: must be positive"},
                {"{\"axes\": {\"seed\": []}}", "axes.seed: must be a non-empty list"},
                {"{\"axes\": {\"seed\": [1, 1]}}", "points[0] seed[1]: is the same experiment as points[0] seed[0]"},
                {"{\"axes\": {\"data.trainSize\": [100], \"evaluation.evalSize\": [50, 200]}}",
                        "points[0] data.trainSize[0] evaluation.evalSize[1]: evaluation.evalSize: must be ≤ min"},
                {"{\"name\": \"a b\"}", "name: must be 1-64 letters"},
                {"[1, 2]", "grid: expected a JSON object"},
                {"{\"base\": ", "grid: not valid JSON"},
        };
        for (String[] c : cases) {
            SpecException e = assertThrows(SpecException.class, () -> Grid.parse(c[0]), c[0]);
            assertTrue(e.getMessage().startsWith(c[1]), c[0] + " gave: " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void anInvalidGridFailsWithExitCode2BeforeAnyTraining(@TempDir Path dir) throws Exception {
        Path grid = dir.resolve("grid.json");
        Files.writeString(grid, "{\"name\": \"bad\", \"axes\": {\"seed\": [1, 2], \"optimizer.epochs\": [1, 0]}}");
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, "UTF-8"));
        int code;
        try {
            code = RadlabCli.run("sweep", "--grid", grid.toString(), "--out", dir.resolve("out").toString(), "-q");
        } finally {
            System.setErr(err);
        }
        assertEquals(2, code);
        String msg = buf.toString("UTF-8").strip();
        assertEquals("radlab: error: " + grid + ": axes.optimizer.epochs[1]: optimizer.epochs: must be a positive integer, got 0", msg);
        assertTrue(msg.startsWith("radlab: error: ") && msg.lines().count() == 1, msg);
        assertTrue(Files.notExists(dir.resolve("out")), "nothing written, nothing trained");
    }
}
