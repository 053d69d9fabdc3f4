package radlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #13 items 1–3 and the file-mode part of item 5, at the level of the staged report directory. */
class StagedDirectoryTest {
    private static Path write(Path target, boolean overwrite, String file) {
        try (StagedDirectory s = StagedDirectory.create(target, overwrite)) {
            AtomicFiles.writeString(s.path().resolve(file), file);
            return s.commit();
        }
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aDirectoryThatIsNotARadlabReportIsNeverReplacedWithoutOverwrite(@TempDir Path out) throws Exception {
        Path mine = Files.createDirectories(out.resolve("mine"));
        Files.writeString(mine.resolve("thesis.tex"), "years of work");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StagedDirectory.create(mine, false));
        assertTrue(e.getMessage().contains("is not a radlab report") && e.getMessage().contains("--overwrite"), e.getMessage());
        assertEquals("years of work", Files.readString(mine.resolve("thesis.tex")));
        assertEquals(List.of("mine"), names(out), "nothing staged");
        write(mine, true, "report.txt");
        assertEquals(List.of(ReportMarker.FILE, "report.txt"), names(mine), "--overwrite replaces it");
    }

    @Test
    void aRadlabReportIsReplacedAndCarriesItsMarker(@TempDir Path out) throws Exception {
        Path run = out.resolve("run");
        write(run, false, "a.txt");
        assertTrue(ReportMarker.isReport(run));
        write(run, false, "b.txt");
        assertEquals(List.of(ReportMarker.FILE, "b.txt"), names(run));
        assertEquals(List.of("run"), names(out), "no staging or old copies left");
    }

    @Test
    void twoRunsOfTheSameNameStageSeparatelyAndTheLaterCommitLoses(@TempDir Path out) throws Exception {
        Path run = out.resolve("run");
        for (boolean existedBefore : new boolean[] {false, true}) {
            if (existedBefore) write(run, false, "old.txt");
            StagedDirectory a = StagedDirectory.create(run), b = StagedDirectory.create(run);
            assertNotEquals(a.path(), b.path(), "staging is unique per run");
            AtomicFiles.writeString(a.path().resolve("a.txt"), "a");
            AtomicFiles.writeString(b.path().resolve("b.txt"), "b");
            a.commit();
            ConcurrentRunException lost = assertThrows(ConcurrentRunException.class, b::commit);
            b.close();
            assertTrue(lost.getMessage().contains("another radlab run"), lost.getMessage());
            assertEquals(List.of(ReportMarker.FILE, "a.txt"), names(run), "the winner's report is complete and untouched");
            assertEquals(List.of("run"), names(out));
        }
    }

    @Test
    void stagingOfADeadProcessIsRemovedAndThatOfALiveOneKept(@TempDir Path out) throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path dead = Files.createDirectories(out.resolve(StagedDirectory.STAGING_PREFIX + p.pid() + "-0123/run"));
        Files.writeString(dead.resolve("half.csv"), "x");
        Path live = Files.createDirectories(out.resolve(StagedDirectory.STAGING_PREFIX + ProcessHandle.current().pid() + "-4567"));
        Path user = Files.createDirectories(out.resolve(StagedDirectory.STAGING_PREFIX + "notes"));
        write(out.resolve("other"), false, "x.txt");
        assertFalse(Files.exists(dead.getParent()), "a killed run's staging is cleaned at the next start");
        assertTrue(Files.isDirectory(live) && Files.isDirectory(user));
    }

    @Test
    void theNameIsCheckedOnTheFileSystemBeforeAnyWork(@TempDir Path out) throws Exception {
        String longest = "r".repeat(255); // failed before only because of the ".partial" suffix of the staging name
        write(out.resolve(longest), false, "x.txt");
        assertTrue(Files.isRegularFile(out.resolve(longest).resolve("x.txt")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StagedDirectory.create(out.resolve("r".repeat(256))));
        assertTrue(e.getMessage().contains("cannot create report directory") && e.getMessage().contains("too long"), e.getMessage());
        assertEquals(List.of(longest), names(out));
    }

    @Test
    void unwritableOutputSaysWhyAndCreatedDirectoriesAreRemovedOnFailure(@TempDir Path out) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StagedDirectory.create(Path.of("/proc/radlab-test/run")));
        assertTrue(e.getMessage().matches(".*/proc/radlab-test.*\\(.+\\).*"), "names the directory and the reason: " + e.getMessage());
        StagedDirectory.create(out.resolve("new/deeper/run")).close();
        assertEquals(List.of(), names(out), "directories radlab created for a run that failed are removed again");
    }

    @Test
    void reportFilesGetTheUsualModeNotPrivate0600(@TempDir Path out) throws Exception {
        Path reference = Files.createFile(out.resolve("reference"));
        Path run = write(out.resolve("run"), false, "a.txt");
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(reference)),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(run.resolve("a.txt"))), "same mode as any new file under this umask");
    }
}
