package radlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class LabTest {
    @Test
    void trainJacobianPrintsOneLinePerEpochAsDocumented() {
        var data = Lab.mnist(200, 50);
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            Lab.trainJacobian(Lab.mlp(4), data, 2, "l2", 0.01);
        } finally {
            System.setOut(old);
        }
        assertEquals(2, buf.toString().lines().filter(l -> l.startsWith("epoch ")).count(), buf.toString());
    }
}
