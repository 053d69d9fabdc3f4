package radlab.experiment.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharded sweeps as a job-array scheduler runs them: shards as concurrent child JVMs into one directory, one of them
 * killed and re-run, then {@code --collect}, compared with an unsharded local sweep of the same grid.
 */
class ShardedSweepTest {
    /** 2 objectives × 3 seeds = 6 points, smaller still than {@link TinyGrids} (the test starts four JVMs). */
    static final String SIX = "{\"name\": \"six\", \"base\": {\"data\": {\"trainSize\": 120, \"testSize\": 40}, \"model\": {\"arch\": \"mlp:8\"},"
            + " \"optimizer\": {\"epochs\": 1, \"batchSize\": 40}, \"evaluation\": {\"attackSteps\": 1, \"evalSize\": 20, \"attackTargets\": 1}},"
            + " \"axes\": {\"objective\": [{\"kind\": \"plain\"}, {\"kind\": \"l2-jacobian\", \"lambda\": 0.01}], \"seed\": [1, 2, 3]}}";

    static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /**
     * The CLI as a process of its own. With a heap set, as a cluster job script would, it runs in that one JVM (no
     * relaunch): shards at once are then one JVM each instead of two, next to the suite's other processes; a small heap
     * and the serial collector (the CLI's own choice) keep each near 200 MB.
     */
    static List<String> java() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath(),
                "radlab.cli.RadlabCli");
    }

    static Process start(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(java());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void concurrentShardsAKilledShardResumedAndCollectEqualALocalSweep(@TempDir Path tmp) throws Exception {
        Path grid = tmp.resolve("six.json");
        Files.writeString(grid, SIX);
        Path out = tmp.resolve("shared");
        Grid g = Grid.parse(SIX);
        List<Sweep.Planned> plan = Sweep.plan(g, new Sweep.Options(out, false, 0, null));  // same classes, so the children's hashes
        // Shards 0 and 2 at once; shard 2 (points 2 and 5) is killed as soon as its first row is stored, and shard 1 then
        // starts next to shard 0 (two shard processes at a time: a third met the notebook kernel and both test JVMs at
        // the suite's memory peak)
        Process[] shards = new Process[3];
        for (int i : new int[] {0, 2}) {
            shards[i] = start(tmp.resolve("shard" + i + ".log"), "sweep", "--grid", grid.toString(), "--out", out.toString(), "--shard", i + "/3", "--workers", "1");
        }
        PointStore store = new PointStore(out);
        Path first = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (first == null && System.nanoTime() < deadline && shards[2].isAlive()) {
            for (int p : new int[] {2, 5}) if (Files.isRegularFile(store.file(plan.get(p).task().hash()))) first = store.file(plan.get(p).task().hash());
            Thread.sleep(5);
        }
        shards[2].destroyForcibly().waitFor();
        shards[1] = start(tmp.resolve("shard1.log"), "sweep", "--grid", grid.toString(), "--out", out.toString(), "--shard", "1/3", "--workers", "1");
        assertTrue(first != null, "shard 2 stored a row before it was killed: " + Files.readString(tmp.resolve("shard2.log")));
        // On a loaded machine this poll can be starved until shard 2 has stored both rows before the kill: drop the
        // other one, the state a kill during its second point leaves
        for (int p : new int[] {2, 5}) if (!store.file(plan.get(p).task().hash()).equals(first)) Files.deleteIfExists(store.file(plan.get(p).task().hash()));
        for (int i = 0; i < 2; i++) assertEquals(0, shards[i].waitFor(), Files.readString(tmp.resolve("shard" + i + ".log")));
        assertTrue(Files.readString(tmp.resolve("shard0.log")).contains("shard 0/3: 2 points: 0 already done, 2 computed"));
        assertTrue(Files.notExists(out.resolve("results.csv")), "shards write no tables");

        // Collect now: the killed shard's other point is missing (listed, exit 1, nothing written).
        String[] partial = SweepCommandTest.run("sweep", "--grid", grid.toString(), "--out", out.toString(), "--collect");
        assertEquals("1", partial[0], partial[1]);
        int killedPoint = first.equals(store.file(plan.get(2).task().hash())) ? 5 : 2;
        List<String> lines = partial[2].lines().toList();
        assertEquals(2, lines.size(), partial[2]);
        assertTrue(lines.get(0).startsWith("missing: point " + killedPoint + " (mlp:8 ") && lines.get(0).contains(plan.get(killedPoint).task().hash()), lines.get(0));
        assertTrue(lines.get(1).startsWith("1 of 6 points missing; no tables written"), lines.get(1));
        assertTrue(Files.notExists(out.resolve("results.csv")));

        // Re-running the killed shard trains only its missing point and leaves the stored row alone.
        byte[] before = Files.readAllBytes(first);
        long mtime = Files.getLastModifiedTime(first).toMillis();
        String[] again = SweepCommandTest.run("sweep", "--grid", grid.toString(), "--out", out.toString(), "--shard", "2/3", "--workers", "1");
        assertEquals("0", again[0], again[1]);
        assertEquals("shard 2/3: 2 points: 1 already done, 1 computed (0 corrupt rows recomputed), 0 remaining", again[2]);
        assertArrayEquals(before, Files.readAllBytes(first));
        assertEquals(mtime, Files.getLastModifiedTime(first).toMillis());

        String[] collected = SweepCommandTest.run("sweep", "--grid", grid.toString(), "--out", out.toString(), "--collect");
        assertEquals("0", collected[0], collected[1]);
        assertTrue(collected[2].startsWith("6 points: all present; wrote "), collected[2]);
        Map<String, byte[]> tables = tables(out);

        // An unsharded sweep over the same directory finds every point done and writes the same tables, byte for byte.
        String[] rewrite = SweepCommandTest.run("sweep", "--grid", grid.toString(), "--out", out.toString(), "-q");
        assertEquals("0", rewrite[0], rewrite[1]);
        assertTrue(rewrite[2].startsWith("6 points: 6 already done, 0 computed"), rewrite[2]);
        Map<String, byte[]> again2 = tables(out);
        for (String f : tables.keySet()) assertArrayEquals(tables.get(f), again2.get(f), f);

        // A local single-process sweep of the grid elsewhere: the same rows in the same order. Exact equality of every
        // column but the timings: each point is a pure function of its task, run with one ND4J thread (tested for
        // engines and worker counts in SweepTest), and both JVMs run the same classes on this machine.
        Path local = tmp.resolve("local");
        String[] single = SweepCommandTest.run("sweep", "--grid", grid.toString(), "--out", local.toString(), "-q", "--workers", "2");
        assertEquals("0", single[0], single[1]);
        List<Map<String, String>> a = csv(out.resolve("results.csv")), b = csv(local.resolve("results.csv"));
        assertEquals(6, a.size());
        assertEquals(b.get(0).keySet(), a.get(0).keySet());
        for (int i = 0; i < a.size(); i++) {
            for (String k : a.get(i).keySet()) if (!k.startsWith("time.")) assertEquals(b.get(i).get(k), a.get(i).get(k), "row " + i + " " + k);
        }
    }

    @Test
    void theSlurmScriptRunsEachArrayTaskThenCollects(@TempDir Path tmp) throws Exception {
        Path grid = tmp.resolve("two.json");
        Files.writeString(grid, SIX.replace("\"seed\": [1, 2, 3]", "\"seed\": [1]"));
        Path out = tmp.resolve("shared");
        Path script = Path.of("scripts", "slurm-sweep.sbatch");
        assertTrue(Files.readString(script).contains("#SBATCH --array=0-"), "array IDs start at 0, like --shard");
        String javaCmd = String.join(" ", java());
        assertTrue(!javaCmd.contains("'") && !classPath().contains(" "), "RADLAB_JAVA_CMD is split on spaces");
        Process[] tasks = new Process[2];
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("task" + i + ".log").toFile());
            pb.environment().putAll(Map.of("SLURM_ARRAY_TASK_ID", String.valueOf(i), "SLURM_ARRAY_TASK_COUNT", "2", "RADLAB_JAVA_CMD", javaCmd,
                    "RADLAB_GRID", grid.toString(), "RADLAB_OUT", out.toString()));
            tasks[i] = pb.start();
        }
        for (int i = 0; i < 2; i++) {
            String log = "task " + i + ": " + Files.readString(tmp.resolve("task" + i + ".log"));
            assertEquals(0, tasks[i].waitFor(), log);
        }
        assertTrue(Files.readString(tmp.resolve("task1.log")).contains("shard 1/2: 1 points: 0 already done, 1 computed"));
        ProcessBuilder collect = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        collect.environment().putAll(Map.of("RADLAB_COLLECT", "1", "RADLAB_JAVA_CMD", javaCmd, "RADLAB_GRID", grid.toString(), "RADLAB_OUT", out.toString()));
        Process c = collect.start();
        String output = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, c.waitFor(), output);
        assertTrue(output.contains("2 points: all present; wrote "), output);
        assertEquals(2, csv(out.resolve("results.csv")).size());
        assertTrue(Files.isRegularFile(out.resolve("aggregated.csv")) && Files.isRegularFile(out.resolve("results.parquet")));
    }

    @Test
    void badShardOrCollectIsOneLineAndExit2BeforeAnyWork(@TempDir Path tmp) throws Exception {
        Path grid = tmp.resolve("g.json");
        Files.writeString(grid, TinyGrids.FOUR);
        Path out = tmp.resolve("out");
        String[][] cases = {
                {"--shard", "2/2"}, {"--shard", "-1/3"}, {"--shard", "0/0"}, {"--shard", "1"}, {"--shard", "a/b"}, {"--shard", "1/2/3"},
                {"--collect", "--shard", "0/2"}, {"--collect", "--max-points", "1"}, {"--collect"},
        };
        String[] expected = {"--shard I/N needs 0 ≤ I < N", "--shard I/N needs 0 ≤ I < N", "--shard I/N needs N ≥ 1", "--shard must be I/N",
                "--shard must be I/N", "--shard must be I/N", "--collect only writes the tables", "--collect only writes the tables",
                "--collect: " + out + " is not a directory"};
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("sweep", "--grid", grid.toString(), "--out", out.toString()));
            args.addAll(List.of(cases[i]));
            String[] r = SweepCommandTest.run(args.toArray(String[]::new));
            assertEquals("2", r[0], String.join(" ", cases[i]) + ": " + r[1]);
            assertTrue(r[1].startsWith("radlab: error: " + expected[i]) && r[1].lines().count() == 1, String.join(" ", cases[i]) + ": " + r[1]);
            assertTrue(Files.notExists(out), "nothing written");
        }
        // A directory without a manifest, and one that another grid ran in: refused before reading any row.
        Files.createDirectories(out.resolve("points"));
        String[] bare = SweepCommandTest.run("sweep", "--grid", grid.toString(), "--out", out.toString(), "--collect");
        assertEquals("2", bare[0], bare[1]);
        assertTrue(bare[1].startsWith("radlab: error: --collect: " + out + " is not a sweep directory (no sweep.json)"), bare[1]);
        SweepManifest.of(Grid.parse(TinyGrids.THREE)).write(out);
        String[] other = SweepCommandTest.run("sweep", "--grid", grid.toString(), "--out", out.toString(), "--collect");
        assertEquals("2", other[0], other[1]);
        assertEquals("radlab: error: --collect: " + out + " belongs to grid 'tiny3' (3 points), not to this grid 'tiny' (4 points)", other[1]);
        assertTrue(Files.notExists(out.resolve("results.csv")));
        // a shard of this grid into the other grid's directory: refused too, the manifest untouched, no point run
        String[] shard = SweepCommandTest.run("sweep", "--grid", grid.toString(), "--out", out.toString(), "--shard", "0/2");
        assertEquals("2", shard[0], shard[1]);
        assertEquals("radlab: error: --shard: " + out + " belongs to grid 'tiny3' (3 points), not to this grid 'tiny' (4 points)", shard[1]);
        assertEquals("tiny3", SweepManifest.read(out).name());
        try (var points = Files.list(out.resolve("points"))) {
            assertEquals(0, points.count(), "no point computed");
        }
    }

    @Test
    void shardsPartitionTheGridInCanonicalOrder() {
        for (int n = 1; n <= 5; n++) {
            int[] sizes = new int[n];
            for (int p = 0; p < 13; p++) {
                int owners = 0;
                for (int i = 0; i < n; i++) {
                    if (new Shard(i, n).owns(p)) {
                        owners++;
                        sizes[i]++;
                        assertEquals(p % n, i);
                    }
                }
                assertEquals(1, owners, "point " + p + " of " + n + " shards");
            }
            int max = java.util.Arrays.stream(sizes).max().getAsInt(), min = java.util.Arrays.stream(sizes).min().getAsInt();
            assertTrue(max - min <= 1, "balanced");
        }
        assertEquals(new Shard(3, 4), Shard.parse(" 3/4 "));
        assertEquals("3/4", new Shard(3, 4).toString());
    }

    @Test
    void gridIdentityIgnoresTheNameButNotThePoints() {
        Grid four = Grid.parse(TinyGrids.FOUR);
        assertEquals(four.identity(), Grid.parse(TinyGrids.FOUR.replace("\"tiny\"", "\"renamed\"")).identity());
        assertTrue(!four.identity().equals(Grid.parse(TinyGrids.FOUR.replace("[1, 2]", "[2, 1]")).identity()), "order is part of the identity");
        assertTrue(!four.identity().equals(Grid.parse(TinyGrids.FOUR.replace("\"epochs\": 1", "\"epochs\": 2")).identity()));
    }

    private static Map<String, byte[]> tables(Path dir) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (String f : List.of("results.csv", "results.parquet", "aggregated.csv")) m.put(f, Files.readAllBytes(dir.resolve(f)));
        return m;
    }

    static List<Map<String, String>> csv(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f);
        String[] head = cells(lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] cells = cells(l);
            assertEquals(head.length, cells.length, l);
            Map<String, String> r = new LinkedHashMap<>();
            for (int i = 0; i < head.length; i++) r.put(head[i], cells[i]);
            rows.add(r);
        }
        return rows;
    }

    /** One CSV line's cells (RFC 4180 quoting: "a, b" and "" inside quotes). */
    private static String[] cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted && ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cur.append('"');
                i++;
            } else if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out.toArray(String[]::new);
    }
}
