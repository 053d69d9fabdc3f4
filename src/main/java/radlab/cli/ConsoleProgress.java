package radlab.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import radlab.train.EpochStats;
import radlab.train.TrainingListener;

/** Epoch progress bars on stderr (progressbar library) and one summary line per epoch. */
final class ConsoleProgress implements TrainingListener {
    private ProgressBar bar;

    static TrainingListener create(boolean quiet) {
        return quiet ? TrainingListener.SILENT : new ConsoleProgress();
    }

    @Override
    public void epochStarted(int epoch, int epochs, int batches) {
        bar = new ProgressBarBuilder().setTaskName(String.format("epoch %d/%d", epoch, epochs)).setInitialMax(batches)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250).continuousUpdate().build();
    }

    @Override
    public void batchDone(double runningObjective) {
        bar.step();
        bar.setExtraMessage(String.format("objective %.4f", runningObjective));
    }

    @Override
    public void epochDone(EpochStats stats) {
        bar.close();
        System.err.println(stats);
    }
}
