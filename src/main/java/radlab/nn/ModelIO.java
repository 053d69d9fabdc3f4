package radlab.nn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import radlab.report.AtomicFiles;
import radlab.report.Json;
import radlab.report.StagedDirectory;

/**
 * Saves and loads trained models. A model is a directory with two files:
 * <ul>
 *   <li>{@code model.json}: {@code format} ("radlab-model/2"), {@code architecture} (the grammar of
 *       {@link Architecture}, e.g. "cnn:c32k5-p2-d128"), {@code inputShape} [C, H, W], {@code classes},
 *       {@code activation}, {@code dataType}, {@code parameters} (name and shape of each array, in
 *       {@link Model#parameters()} order: per layer weight then bias; a dense W is stored in × out, a convolution
 *       kernel C_out × C_in × k × k), {@code training} (the training configuration) and {@code provenance};</li>
 *   <li>{@code weights.bin}: the arrays in that order as big-endian IEEE-754 float64, row-major
 *       (numpy: {@code np.fromfile("weights.bin", ">f8")}).</li>
 * </ul>
 * Weights are stored in double precision whatever the training precision, so a FLOAT model round-trips exactly.
 * Files of the first format ("radlab-mlp/1": {@code layerSizes} instead of architecture/inputShape/classes) still
 * load. Loading validates the whole description and the weight file's length before allocating anything
 * ({@link ModelDescription}).
 */
public final class ModelIO {
    public static final String FORMAT = "radlab-model/2";
    public static final String FORMAT_V1 = "radlab-mlp/1";
    public static final String MODEL_JSON = "model.json";
    public static final String WEIGHTS_BIN = "weights.bin";

    /** A loaded model with the metadata saved beside it. */
    public record SavedModel(Model model, Map<String, Object> training, Map<String, Object> provenance) {
        /** The model as an {@link Mlp}, for MLP-only code; one clear line if it is another architecture. */
        public Mlp mlp() {
            if (model instanceof Mlp m) return m;
            throw new IllegalArgumentException("model " + model.describe() + " is not a fully connected network");
        }
    }

    private ModelIO() {}

    /** Writes {@code model} to directory {@code dir}, atomically (the directory appears complete or not at all). */
    public static void save(Model model, Map<String, Object> training, Object provenance, Path dir) {
        try (StagedDirectory staged = StagedDirectory.create(dir)) {
            List<Map<String, Object>> params = new ArrayList<>();
            List<INDArray> arrays = model.parameters();
            for (int i = 0; i < arrays.size(); i++) {
                params.add(Map.of("name", (i % 2 == 0 ? "W" : "b") + (i / 2), "shape", arrays.get(i).shape()));
            }
            Architecture a = model.architecture();
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("format", FORMAT);
            meta.put("architecture", a.spec());
            meta.put("inputShape", new int[] {a.input().channels(), a.input().height(), a.input().width()});
            meta.put("classes", a.classes());
            meta.put("activation", a.activation().toString());
            meta.put("dataType", model.dataType().toString());
            meta.put("parameters", params);
            meta.put("training", training == null ? Map.of() : training);
            meta.put("provenance", provenance == null ? Map.of() : provenance);
            Json.write(staged.path().resolve(MODEL_JSON), meta);
            AtomicFiles.write(staged.path().resolve(WEIGHTS_BIN), out -> {
                DataOutputStream d = new DataOutputStream(new BufferedOutputStream(out));
                for (INDArray p : arrays) {
                    for (double v : p.castTo(DataType.DOUBLE).dup('c').data().asDouble()) d.writeDouble(v);
                }
                d.flush();
            });
            staged.commit();
        }
    }

    /**
     * Loads a model directory written by {@link #save} (or by radlab's first, MLP-only format).
     *
     * @throws IllegalArgumentException with one line naming the file and the problem if it is missing or corrupt
     */
    @SuppressWarnings("unchecked")
    public static SavedModel load(Path dir) {
        Path json = dir.resolve(MODEL_JSON), bin = dir.resolve(WEIGHTS_BIN);
        JsonNode meta;
        try {
            meta = Json.MAPPER.readTree(json.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json + ": not valid JSON (" + firstLine(e.getOriginalMessage()) + " at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(json + (Files.exists(json) ? ": cannot read (" + firstLine(e.getMessage()) + ")"
                    : ": missing; expected a model directory written by 'radlab train' (reports/RUN/model)"));
        }
        ModelDescription desc = ModelDescription.parse(meta, json);
        List<INDArray> params = readWeights(bin, Network.parameterShapes(desc.architecture()), desc);
        Map<String, Object> training, provenance;
        try {
            training = meta.path("training").isObject() ? Json.MAPPER.convertValue(meta.get("training"), Map.class) : Map.of();
            provenance = meta.path("provenance").isObject() ? Json.MAPPER.convertValue(meta.get("provenance"), Map.class) : Map.of();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(json + ": unreadable training or provenance section (" + firstLine(e.getMessage()) + ")");
        }
        return new SavedModel(Network.of(desc.architecture(), params), training, provenance);
    }

    /** Checks the file length against the architecture first, then reads and checks every value. */
    private static List<INDArray> readWeights(Path bin, List<long[]> shapes, ModelDescription desc) {
        long count = desc.architecture().parameterCount();
        long size;
        try {
            size = Files.size(bin);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(bin + ": missing");
        } catch (IOException e) {
            throw new IllegalArgumentException(bin + ": cannot read (" + firstLine(e.getMessage()) + ")");
        }
        if (size != 8 * count) {
            throw new IllegalArgumentException(String.format("%s: %s; %s needs %d float64 values (%d bytes), the file has %d bytes",
                    bin, size < 8 * count ? "truncated" : "longer than the architecture needs", desc.architecture().describe(), count, 8 * count, size));
        }
        DoubleBuffer all;
        try {
            all = ByteBuffer.wrap(Files.readAllBytes(bin)).order(ByteOrder.BIG_ENDIAN).asDoubleBuffer();
        } catch (IOException e) {
            throw new IllegalArgumentException(bin + ": cannot read (" + firstLine(e.getMessage()) + ")");
        }
        List<INDArray> out = new ArrayList<>();
        for (long[] shape : shapes) {
            double[] v = new double[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
            all.get(v);
            INDArray a = Nd4j.create(v, shape, DataType.DOUBLE);
            if (!Double.isFinite(a.sumNumber().doubleValue()) && !allFinite(v)) {
                throw new IllegalArgumentException(bin + ": weights contain NaN or infinity");
            }
            out.add(a.castTo(desc.dataType()));
        }
        return out;
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) if (!Double.isFinite(x)) return false;
        return true;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
