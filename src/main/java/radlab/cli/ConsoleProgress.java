package radlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import radlab.train.EpochStats;
import radlab.train.TrainingListener;

/**
 * Progress on stderr: on a terminal, a redrawn bar per epoch (progressbar library) and one summary line per epoch;
 * otherwise (piped or redirected) only the summary lines, because a redrawn bar written to a file is hundreds of
 * kilobytes of carriage returns (issue #13, item 6).
 */
final class ConsoleProgress implements TrainingListener {
    private final PrintStream err;
    private final boolean terminal;
    private ProgressBar bar;

    private ConsoleProgress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    static TrainingListener create(boolean quiet) {
        return create(quiet, stderrIsTerminal(), System.err);
    }

    static TrainingListener create(boolean quiet, boolean terminal, PrintStream err) {
        return quiet ? TrainingListener.SILENT : new ConsoleProgress(err, terminal);
    }

    /**
     * Whether stderr is a terminal. Java 17 has no isatty for stderr ({@code System.console()} looks at stdin and
     * stdout), so on Linux read where file descriptor 2 points; elsewhere fall back to {@code System.console()}.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /**
     * Runs {@code work}, which reports how many of {@code total} steps are done, with a bar on a terminal or a plain line
     * at each quarter otherwise.
     */
    static <T> T counting(boolean quiet, String task, int total, Function<IntConsumer, T> work) {
        if (quiet) return work.apply(i -> { });
        if (stderrIsTerminal()) {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
                return work.apply(bar::stepTo);
            }
        }
        PrintStream err = System.err;
        AtomicInteger printedQuarter = new AtomicInteger();
        return work.apply(done -> {
            int quarter = (int) (4L * done / Math.max(total, 1));
            int prev = printedQuarter.get();
            if (quarter > prev && printedQuarter.compareAndSet(prev, quarter)) err.println(task + ": " + done + "/" + total);
        });
    }

    @Override
    public void epochStarted(int epoch, int epochs, int batches) {
        if (!terminal) return;
        bar = new ProgressBarBuilder().setTaskName(String.format("epoch %d/%d", epoch, epochs)).setInitialMax(batches)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(err))
                .setUpdateIntervalMillis(250).continuousUpdate().build();
    }

    @Override
    public void batchDone(double runningObjective) {
        if (bar == null) return;
        bar.step();
        bar.setExtraMessage(String.format("objective %.4f", runningObjective));
    }

    @Override
    public void epochDone(EpochStats stats) {
        if (bar != null) bar.close();
        bar = null;
        err.println(stats);
    }
}
