package radlab.experiment.sweep;

import java.io.Serializable;

/**
 * Everything an engine ships to a worker for one grid point: the canonical spec JSON, the point's content hash, the
 * data hash and code version the driver computed (the worker checks its own data against it), and where to keep the
 * trained model (null: do not keep). Small and serialisable, so a Spark task is a pure function of it.
 */
public record PointTask(String specJson, String hash, String dataHash, String codeVersion, String modelDir) implements Serializable {}
