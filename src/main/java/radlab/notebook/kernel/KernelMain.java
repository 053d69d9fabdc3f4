package radlab.notebook.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/** Kernel entry point: {@code java -cp radlab.jar radlab.notebook.kernel.KernelMain CONNECTION_FILE} (see notebooks/install-kernel.sh). */
public final class KernelMain {
    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !Files.isRegularFile(Path.of(args[0]))) {
            System.err.println("usage: KernelMain CONNECTION_FILE (a Jupyter connection file)");
            System.exit(2);
        }
        // cells train networks in-process: collect when the resident size passes 70 % of heap + 512 MB, which is what
        // frees ND4J's off-heap buffers (a 1 GB heap alone let a sweep's cell reach 2.1 GB)
        radlab.util.MemoryGovernor.start(Runtime.getRuntime().maxMemory() + (512L << 20));
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JupyterConnection connection = new JupyterConnection(props);
        RadlabKernel kernel = RadlabKernel.builder().name("radlab-java").version(radlab.report.Provenance.currentRadlabVersion()).build();
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
    }
}
