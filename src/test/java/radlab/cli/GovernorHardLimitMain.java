package radlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import radlab.report.StagedDirectory;

/**
 * Run by {@link MemoryLimitsTest} in its own JVM: a report being written (a staging directory with a file in it) while
 * the governor, with a target of one byte and a hard limit below what any JVM with ND4J takes, collects once and must
 * then end the run. Exits 0 only if the governor did not.
 */
public final class GovernorHardLimitMain {
    private GovernorHardLimitMain() {}

    public static void main(String[] args) throws Exception {
        org.nd4j.linalg.factory.Nd4j.create(10); // ND4J and JavaCPP loaded, as in any command
        StagedDirectory report = StagedDirectory.create(Path.of(args[0]));
        Files.writeString(report.path().resolve("half-written.csv"), "a,b\n");
        long hardLimit = Long.parseLong(args[1]);
        Thread governor = new Thread(new radlab.util.MemoryGovernor(1, hardLimit, MemoryLimits.exitOnHardLimit(hardLimit)), "radlab-memory-governor");
        governor.setDaemon(true);
        governor.start();
        Thread.sleep(30_000);
        System.out.println("the governor did not stop the run");
    }
}
