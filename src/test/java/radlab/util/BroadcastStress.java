package radlab.util;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Run by {@link BroadcastsTest} in its own JVM: two threads of Dense-like forward passes while a third collects garbage. */
public final class BroadcastStress {
    private BroadcastStress() {}

    public static void main(String[] args) throws InterruptedException {
        long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
        INDArray w = Nd4j.rand(DataType.FLOAT, 784, 256), b = Nd4j.rand(DataType.FLOAT, 1, 256);
        Runnable work = () -> {
            INDArray x = Nd4j.rand(DataType.FLOAT, 64, 784);
            while (System.nanoTime() < end) {
                INDArray h = Broadcasts.addiRow(x.mmul(w), b);
                Broadcasts.diviColumn(h, h.sum(true, 1));
            }
        };
        Thread t1 = new Thread(work), t2 = new Thread(work), gc = new Thread(() -> {
            while (System.nanoTime() < end) {
                System.gc();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        gc.setDaemon(true);
        t1.start();
        t2.start();
        gc.start();
        t1.join();
        t2.join();
        System.out.println("survived");
    }
}
