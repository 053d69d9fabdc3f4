package radlab.nn;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
 *   <li>{@code model.json}: {@code format} ("radlab-mlp/1"), {@code layerSizes}, {@code activation},
 *       {@code dataType}, {@code parameters} (name and shape of each array, in order W0, b0, W1, b1, …; W_i is
 *       stored in × out), {@code training} (the training configuration) and {@code provenance};</li>
 *   <li>{@code weights.bin}: the arrays in that order as big-endian IEEE-754 float64, row-major
 *       (numpy: {@code np.fromfile("weights.bin", ">f8")}).</li>
 * </ul>
 * Weights are stored in double precision whatever the training precision, so a FLOAT model round-trips exactly.
 */
public final class ModelIO {
    public static final String FORMAT = "radlab-mlp/1";
    public static final String MODEL_JSON = "model.json";
    public static final String WEIGHTS_BIN = "weights.bin";

    /** A loaded model with the metadata saved beside it. */
    public record SavedModel(Mlp model, Map<String, Object> training, Map<String, Object> provenance) {}

    private ModelIO() {}

    /** Writes {@code model} to directory {@code dir}, atomically (the directory appears complete or not at all). */
    public static void save(Mlp model, Map<String, Object> training, Object provenance, Path dir) {
        try (StagedDirectory staged = StagedDirectory.create(dir)) {
            List<Map<String, Object>> params = new ArrayList<>();
            List<INDArray> arrays = model.parameters();
            for (int i = 0; i < arrays.size(); i++) {
                params.add(Map.of("name", (i % 2 == 0 ? "W" : "b") + (i / 2), "shape", arrays.get(i).shape()));
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("format", FORMAT);
            meta.put("layerSizes", model.spec().layerSizes());
            meta.put("activation", model.spec().activation().toString());
            meta.put("dataType", model.dataType().toString());
            meta.put("parameters", params);
            meta.put("training", training == null ? Map.of() : training);
            meta.put("provenance", provenance == null ? Map.of() : provenance);
            Json.write(staged.path().resolve(MODEL_JSON), meta);
            AtomicFiles.write(staged.path().resolve(WEIGHTS_BIN), out -> {
                DataOutputStream d = new DataOutputStream(new BufferedOutputStream(out));
                for (INDArray a : arrays) {
                    for (double v : a.castTo(DataType.DOUBLE).dup('c').data().asDouble()) d.writeDouble(v);
                }
                d.flush();
            });
            staged.commit();
        }
    }

    /**
     * Loads a model directory written by {@link #save}.
     *
     * @throws IllegalArgumentException with one line naming the file and the problem if it is missing or corrupt
     */
    @SuppressWarnings("unchecked")
    public static SavedModel load(Path dir) {
        Path json = dir.resolve(MODEL_JSON), bin = dir.resolve(WEIGHTS_BIN);
        JsonNode meta;
        try {
            meta = Json.MAPPER.readTree(json.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(json + (Files.exists(json) ? ": not valid model JSON (" + e.getMessage().lines().findFirst().orElse("") + ")"
                    : ": missing; expected a model directory written by 'radlab train' (reports/RUN/model)"));
        }
        if (!FORMAT.equals(meta.path("format").asText())) {
            throw new IllegalArgumentException(json + ": format is '" + meta.path("format").asText() + "', expected '" + FORMAT + "'");
        }
        MlpSpec spec;
        DataType type;
        try {
            int[] sizes = Json.MAPPER.convertValue(meta.get("layerSizes"), int[].class);
            spec = new MlpSpec(sizes, Activation.parse(meta.path("activation").asText()));
            type = DataType.valueOf(meta.path("dataType").asText("FLOAT"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(json + ": bad architecture (" + e.getMessage() + ")");
        }
        int[] sizes = spec.layerSizes();
        List<INDArray> ws = new ArrayList<>(), bs = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(bin); DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            for (int i = 0; i < spec.depth(); i++) {
                ws.add(readArray(in, sizes[i], sizes[i + 1], type, bin));
                bs.add(readArray(in, 1, sizes[i + 1], type, bin));
            }
            if (in.read() != -1) throw new IllegalArgumentException(bin + ": longer than the architecture " + spec.describe() + " needs");
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(bin + ": missing");
        } catch (EOFException e) {
            throw new IllegalArgumentException(bin + ": truncated; architecture " + spec.describe() + " needs more weights");
        } catch (IOException e) {
            throw new IllegalArgumentException(bin + ": cannot read (" + e.getMessage() + ")");
        }
        Map<String, Object> training = Json.MAPPER.convertValue(meta.path("training"), Map.class);
        Map<String, Object> provenance = Json.MAPPER.convertValue(meta.path("provenance"), Map.class);
        return new SavedModel(new Mlp(spec, ws, bs), training, provenance);
    }

    private static INDArray readArray(DataInputStream in, int rows, int cols, DataType type, Path file) throws IOException {
        double[] v = new double[rows * cols];
        for (int k = 0; k < v.length; k++) v[k] = in.readDouble();
        for (double x : v) {
            if (!Double.isFinite(x)) throw new IllegalArgumentException(file + ": weights contain NaN or infinity");
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE).castTo(type);
    }
}
