package radlab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's main job: a small complete experiment on the shipped MNIST subset, a few minutes on 2 cores.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Main job: train a 784-256-256-10 ReLU MLP on the shipped MNIST subset (8000/2000 split) and write",
                "reports/demo/{training-curves.png, history.csv, results.json, model/}."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--epochs", defaultValue = "10", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() {
        String[] args = {"train", "--hidden", "256,256", "--epochs", Integer.toString(epochs), "--augment-shift", "1",
                "--run", "demo", quiet ? "--quiet" : "--seed=1"};
        return RadlabCli.run(args);
    }
}
