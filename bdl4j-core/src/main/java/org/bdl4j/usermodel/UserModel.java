package org.bdl4j.usermodel;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bdl4j.data.Dataset;
import org.bdl4j.nn.FlatParameters;
import org.bdl4j.nn.Inputs;
import org.bdl4j.nn.PredictiveMoments;

/**
 * A network trained elsewhere, frozen: a TorchScript file loaded through DJL's PyTorch engine, an
 * ONNX file through its ONNX Runtime engine, or a DJL {@link Block} handed over in Java. It is run in
 * inference mode, without gradients, in batches of {@value #BATCH_ROWS} rows each in its own native
 * sub-manager, and returns the two outputs the {@link OutputSelection} names: the predictions (logits or
 * mean) and the penultimate features φ(x). Several posteriors may hold one model ({@link #retain}); the
 * last to close it frees it. Training-mode passes (its own dropout) and, for a TorchScript file loaded
 * trainable, gradients through it serve the whole-network methods.
 *
 * <p>The rows are passed as the data set gives them (shape {@code [B, featureShape...]}, float32, no
 * standardisation): a user's network carries its own preprocessing.
 */
public final class UserModel implements AutoCloseable {
    /** Rows a forward pass takes at once. */
    public static final int BATCH_ROWS = 256;
    /** Rows (copies included) of one forward pass in {@link #trainingModePasses}. */
    public static final int MAX_ROWS_PER_PASS = 8192;

    private final Model model;
    private final Block block;
    private final NDManager manager;
    private final Path file;
    private final Format format;
    private final OutputSelection outputs;
    private final LinearLayer lastLayer; // a feature extractor's last layer, given separately; else null
    private int holders = 1;

    private UserModel(Model model, Block block, NDManager manager, Path file, Format format, OutputSelection outputs,
            LinearLayer lastLayer) {
        this.model = model;
        this.block = block;
        this.manager = manager;
        this.file = file;
        this.format = format;
        this.outputs = Objects.requireNonNull(outputs, "outputs");
        this.lastLayer = lastLayer;
    }

    /** The file formats a user model is read from, with the DJL engine that runs each. */
    public enum Format {
        /** {@code torch.jit.save}: a zip archive, run by libtorch; its parameters are readable. */
        TORCHSCRIPT("PyTorch", ".pt"),
        /** An ONNX graph ({@code .onnx}), run by ONNX Runtime; its parameters are not exposed. */
        ONNX("OnnxRuntime", ".onnx");

        private final String engine;
        private final String extension;

        Format(String engine, String extension) {
            this.engine = engine;
            this.extension = extension;
        }

        /** The extension of the copy kept in a saved model, e.g. {@code .pt}. */
        public String extension() {
            return extension;
        }
    }

    /**
     * Loads a TorchScript file ({@code torch.jit.save}, a zip archive) or an ONNX file (named
     * {@code *.onnx}; needs {@code ai.djl.onnxruntime:onnxruntime-engine} on the class path), frozen.
     *
     * @throws IllegalArgumentException (one line) if the file is missing or is not such a model
     */
    public static UserModel load(Path file, OutputSelection outputs) {
        return load(file, outputs, false, null);
    }

    /**
     * A feature extractor φ (TorchScript or ONNX, frozen) whose last layer f = W φ + b is given
     * separately, e.g. read by {@link LastLayerFile}: the model's predictions are that layer applied to
     * the extractor's output {@code featuresOutput}. The last-layer methods fit it as they fit a network
     * returning (logits, features); the methods over the whole network need the network in one file.
     *
     * @throws IllegalArgumentException (one line) as {@link #load}
     */
    public static UserModel loadFeatureExtractor(Path file, int featuresOutput, LinearLayer lastLayer) {
        return load(file, OutputSelection.featuresOnly(featuresOutput), false,
                Objects.requireNonNull(lastLayer, "lastLayer"));
    }

    /**
     * A TorchScript file loaded with its parameters as ordinary tensors that record gradients and may be
     * set in place, for the methods over all of its weights ({@link UserModelDiagLaplace}).
     *
     * @throws IllegalArgumentException (one line) if the file is not TorchScript
     */
    public static UserModel loadTrainable(Path file, OutputSelection outputs) {
        return load(file, outputs, true, null);
    }

    private static UserModel load(Path file, OutputSelection outputs, boolean trainable, LinearLayer lastLayer) {
        Path f = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        Format format = isZip(f) ? Format.TORCHSCRIPT : f.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
                .endsWith(".onnx") ? Format.ONNX : null;
        if (format == null) {
            throw new IllegalArgumentException(file + ": not a TorchScript model (torch.jit.save writes a zip"
                    + " archive; this file is not one) nor an ONNX file (named *.onnx)");
        }
        Model model;
        try {
            model = Model.newInstance(f.getFileName().toString(), Device.cpu(), format.engine);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": reading it needs DJL's " + format.engine + " engine on the"
                    + " class path" + (format == Format.ONNX ? " (ai.djl.onnxruntime:onnxruntime-engine)" : "")
                    + " (" + firstLine(e) + ")", e);
        }
        if (trainable && format != Format.TORCHSCRIPT) {
            model.close();
            throw new IllegalArgumentException(file + ": the methods over all of a network's weights need its"
                    + " parameters, which only TorchScript exposes (an ONNX graph hides them)");
        }
        try {
            model.load(f, null, trainable ? Map.of("trainParam", "true") : null);
            return new UserModel(model, model.getBlock(), model.getNDManager(), f, format, outputs, lastLayer);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new IllegalArgumentException(file + ": not a" + (format == Format.ONNX ? "n ONNX model that ONNX"
                    + " Runtime" : " TorchScript model that libtorch") + " can load (" + firstLine(e) + ")", e);
        }
    }

    /**
     * A DJL block (initialised, with its parameters in {@code manager}) as a user model. The caller
     * keeps ownership of the block and its manager.
     */
    public static UserModel of(Block block, NDManager manager, OutputSelection outputs) {
        return new UserModel(null, Objects.requireNonNull(block, "block"), Objects.requireNonNull(manager, "manager"),
                null, null, outputs, null);
    }

    /**
     * A DJL block returning features (in output {@code featuresOutput}) with its last layer given
     * separately, as {@link #loadFeatureExtractor}. The caller keeps ownership of the block and its
     * manager.
     */
    public static UserModel ofFeatureExtractor(Block block, NDManager manager, int featuresOutput,
            LinearLayer lastLayer) {
        return new UserModel(null, Objects.requireNonNull(block, "block"), Objects.requireNonNull(manager, "manager"),
                null, null, OutputSelection.featuresOnly(featuresOutput), Objects.requireNonNull(lastLayer, "lastLayer"));
    }

    /** The manager of the model's arrays. */
    NDManager manager() {
        return manager;
    }

    /** The file's format, if the model came from a file. */
    public Optional<Format> format() {
        return Optional.ofNullable(format);
    }

    /** The TorchScript file, if the model came from one. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    public OutputSelection outputs() {
        return outputs;
    }

    /**
     * The model's predictions and features at every row of {@code data} (its targets, if any, are
     * ignored), computed once in batches.
     *
     * @throws IllegalArgumentException (one line) if the model does not run on the rows, the outputs
     *     named do not exist, or they are not one row of values per input row
     */
    public Outputs run(Dataset data) {
        return run(data, true, true);
    }

    /**
     * {@link #run} without the features: the predictions alone ({@link Outputs#features()} empty), for
     * a model that returns nothing else.
     */
    public Outputs predictions(Dataset data) {
        return run(data, true, false);
    }

    /**
     * {@link #run} without the predictions: the features alone ({@link Outputs#predictions()} empty), all
     * that a posterior over the last layer needs at prediction time.
     */
    public Outputs features(Dataset data) {
        return run(data, false, true);
    }

    private Outputs run(Dataset data, boolean withPredictions, boolean withFeatures) {
        checkOpen();
        int n = data.rows();
        if (n == 0) {
            throw new IllegalArgumentException("no rows to run the model on");
        }
        float[] predictions = withPredictions ? null : new float[0];
        float[] features = withFeatures ? null : new float[0];
        int p = 0;
        int d = 0;
        for (int from = 0; from < n; from += BATCH_ROWS) {
            int to = Math.min(n, from + BATCH_ROWS);
            try (NDManager batch = manager.newSubManager()) {
                NDList out = forward(batch, data, from, to);
                NDArray feat = withFeatures || outputs.isFeaturesOnly()
                        ? output(out, outputs.featuresIndex(out.size()), "features", to - from) : null;
                NDArray pred = !withPredictions ? null : outputs.isFeaturesOnly() ? lastLayerOf(feat)
                        : output(out, outputs.predictions(), "predictions", to - from);
                if (withPredictions && predictions == null) {
                    p = (int) (pred.size() / (to - from));
                    predictions = allocate(n, p, "predictions");
                }
                if (withFeatures && features == null) {
                    d = (int) (feat.size() / (to - from));
                    features = allocate(n, d, "features");
                }
                if (withPredictions) {
                    copyRows(pred, predictions, from, p);
                }
                if (withFeatures) {
                    copyRows(feat, features, from, d);
                }
            }
        }
        return new Outputs(predictions, p, features, d, n);
    }

    /** W φ + b on a batch of a feature extractor's features [B, D], in the batch's manager. */
    private NDArray lastLayerOf(NDArray features) {
        if (lastLayer == null) {
            throw new IllegalArgumentException("this feature extractor was loaded without its last layer: only its"
                    + " features can be computed");
        }
        NDManager m = features.getManager();
        long rows = features.getShape().get(0);
        if (features.size() / Math.max(1, rows) != lastLayer.inputs()) {
            throw new IllegalArgumentException("the features output has " + features.size() / Math.max(1, rows)
                    + " values a row, the last layer given reads " + lastLayer.inputs());
        }
        NDArray w = m.create(lastLayer.weight(), new Shape(lastLayer.outputs(), lastLayer.inputs()));
        NDArray b = m.create(lastLayer.bias());
        return features.reshape(rows, lastLayer.inputs()).matMul(w.transpose()).add(b);
    }

    /**
     * S passes of the network in training mode (its dropout on, for MC dropout) over the rows of
     * {@code data}, streaming the predictions output into {@code sink} in chunks of shape [t, b, outputs]:
     * each chunk of b rows is tiled t times and run in one forward pass of at most
     * {@value #MAX_ROWS_PER_PASS} rows, so every copy of a row draws its own dropout masks. The caller
     * seeds the engine. Training mode also switches batch normalisation to batch statistics: use it on
     * networks without.
     */
    public void trainingModePasses(Dataset data, int samples, PredictiveMoments sink) {
        checkOpen();
        int n = data.rows();
        int rowsPerChunk = Math.max(1, Math.min(n, MAX_ROWS_PER_PASS / samples));
        int passesPerChunk = Math.min(samples, Math.max(1, MAX_ROWS_PER_PASS / rowsPerChunk));
        for (int from = 0; from < n; from += rowsPerChunk) {
            int to = Math.min(n, from + rowsPerChunk);
            for (int s0 = 0; s0 < samples; s0 += passesPerChunk) {
                int t = Math.min(passesPerChunk, samples - s0);
                try (NDManager batch = manager.newSubManager()) {
                    NDArray x = Inputs.rows(batch, data.features(), data.featureShape(), from, to);
                    long[] reps = new long[x.getShape().dimension()];
                    Arrays.fill(reps, 1L);
                    reps[0] = t;
                    NDList out = forward(x.tile(reps), true, data.featureShape());
                    NDArray pred = output(out, outputs.predictions(), "predictions", t * (to - from));
                    sink.add(pred.reshape(t, to - from, -1), from, s0);
                }
            }
        }
    }

    /**
     * Whether two passes in training mode over the first rows of {@code data} give different
     * predictions, as a network with dropout does (a traced or exported network often has none left).
     */
    public boolean variesInTrainingMode(Dataset data) {
        checkOpen();
        if (format == Format.ONNX) {
            return false; // an ONNX graph is exported for inference: no training mode, no dropout
        }
        int to = Math.min(data.rows(), 64);
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = Inputs.rows(batch, data.features(), data.featureShape(), 0, to);
            float[] a = output(forward(x, true, data.featureShape()), outputs.predictions(), "predictions", to)
                    .toFloatArray();
            float[] b = output(forward(x, true, data.featureShape()), outputs.predictions(), "predictions", to)
                    .toFloatArray();
            return !Arrays.equals(a, b);
        }
    }

    /**
     * The model's linear layers as (weight, bias) pairs: parameters named {@code ...weight} of shape
     * [out, in] next to a {@code ...bias} of shape [out], in the model's order; empty when the format
     * does not expose its parameters (ONNX). A feature extractor's is the last layer given with it.
     */
    public Optional<List<LinearLayer>> linearLayers() {
        checkOpen();
        if (lastLayer != null) {
            return Optional.of(List.of(lastLayer));
        }
        List<Pair<String, Parameter>> params;
        try {
            params = block.getParameters().stream().toList();
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        }
        List<LinearLayer> out = new ArrayList<>();
        for (Pair<String, Parameter> w : params) {
            String name = w.getKey();
            if (!name.endsWith("weight") || !w.getValue().isInitialized()) {
                continue;
            }
            String prefix = name.substring(0, name.length() - "weight".length());
            NDArray weight = w.getValue().getArray();
            if (weight.getShape().dimension() != 2) {
                continue;
            }
            for (Pair<String, Parameter> b : params) {
                NDArray bias = b.getValue().isInitialized() ? b.getValue().getArray() : null;
                if (b.getKey().equals(prefix + "bias") && bias != null && bias.getShape().dimension() == 1
                        && bias.getShape().get(0) == weight.getShape().get(0)) {
                    out.add(new LinearLayer(prefix.endsWith(".") || prefix.endsWith("_")
                            ? prefix.substring(0, prefix.length() - 1) : prefix,
                            toFloats(weight), toFloats(bias), (int) weight.getShape().get(0),
                            (int) weight.getShape().get(1)));
                }
            }
        }
        return Optional.of(out);
    }

    private NDList forward(NDManager batch, Dataset data, int from, int to) {
        return forward(Inputs.rows(batch, data.features(), data.featureShape(), from, to), false, data.featureShape());
    }

    /**
     * One forward pass in inference mode that records gradients (inside a gradient collector), and its
     * predictions output.
     */
    NDArray predictionsWithGradients(NDArray x) {
        if (!(block instanceof PtSymbolBlock module)) {
            throw new IllegalStateException("gradients through a user network need a TorchScript module");
        }
        // DJL's forward in inference runs under a no-grad guard, and its training flag also switches
        // dropout on: the module is put in eval mode and run with recording on directly
        JniUtils.enableInferenceMode(module);
        NDList out = IValueUtils.forward(module, new NDList(x), true);
        return output(out, outputs.predictions(), "predictions", (int) x.getShape().get(0));
    }

    /** The parameter arrays, in the block's order (the flat order of the methods over all weights). */
    List<NDArray> parameterArrays() {
        List<NDArray> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.add(p.getValue().getArray());
        }
        return out;
    }

    private static final String FEATURES_ONLY = "this network returns its features only, its last layer given"
            + " separately: the methods over the whole network need the network with its last layer in one file";

    /**
     * Refuses, in one line, a feature extractor whose last layer was given separately: the methods over the
     * whole network need the network with its last layer in one file.
     */
    void requireWholeNetwork() {
        if (outputs.isFeaturesOnly()) {
            throw new IllegalArgumentException(FEATURES_ONLY);
        }
    }

    /** The parameters as one flat vector θ, in {@link #parameterArrays}' order. */
    float[] flatWeights() {
        List<NDArray> params = parameterArrays();
        int n = 0;
        for (NDArray p : params) {
            n += (int) p.size();
        }
        float[] out = new float[n];
        int at = 0;
        for (NDArray p : params) {
            float[] v = p.toFloatArray();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    /** Writes the flat vector θ ({@link #flatWeights}' order) into the parameters, in place. */
    void setFlatWeights(float[] values) {
        List<NDArray> params = parameterArrays();
        long total = params.stream().mapToLong(NDArray::size).sum();
        if (total != values.length) {
            throw new IllegalArgumentException("the network has " + total + " weights, found " + values.length);
        }
        Inputs.withoutGradients(() -> {
            int at = 0;
            for (NDArray p : params) {
                int size = (int) p.size();
                FlatParameters.write(p, values, at, size);
                at += size;
            }
            return null;
        });
    }

    /**
     * Checks that the network has weights to vary, all float32 (the flat vectors of the methods over all
     * weights are float32), and returns how many.
     *
     * @throws IllegalArgumentException (one line) for a network without parameters or with others
     */
    int checkedWeightCount() {
        List<Pair<String, Parameter>> params = block.getParameters().stream().toList();
        long total = 0;
        for (Pair<String, Parameter> p : params) {
            NDArray a = p.getValue().getArray();
            if (a.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("the methods over all of a network's weights take float32"
                        + " parameters, and " + p.getKey() + " is " + a.getDataType().toString().toLowerCase(Locale.ROOT)
                        + " (export the network after .float())");
            }
            total += a.size();
        }
        if (total == 0) {
            throw new IllegalArgumentException("the network has no parameters, so there are no weights to be"
                    + " uncertain about (the methods over its last layer or all of its weights need some)");
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the network has %,d weights, more than one"
                    + " Java array holds", total));
        }
        return (int) total;
    }

    private void setMode(boolean training) {
        if (block instanceof PtSymbolBlock module) {
            // DJL assumes a loaded module is in training mode and switches only when its own flag differs;
            // a module saved after eval() would then run a "training" pass in inference mode: set it here
            if (training) {
                JniUtils.enableTrainingMode(module);
            } else {
                JniUtils.enableInferenceMode(module);
            }
        }
    }

    private NDList forward(NDArray x, boolean training, int[] rowShape) {
        setMode(training);
        try {
            // a TorchScript module is run directly, its mode set above and gradients off: DJL's own
            // inference guard is deprecated in libtorch 2 and warns on stderr for trainable parameters
            return Inputs.withoutGradients(() -> block instanceof PtSymbolBlock module
                    ? IValueUtils.forward(module, new NDList(x), true)
                    : block.forward(new ParameterStore(x.getManager(), false), new NDList(x), training));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the model does not run on rows of shape " + Arrays.toString(rowShape)
                    + " (" + firstLine(e) + ")", e);
        }
    }

    private static NDArray output(NDList out, int index, String what, int rows) {
        if (index == OutputSelection.FROM_LAST_LAYER) {
            throw new IllegalArgumentException(FEATURES_ONLY);
        }
        if (index >= out.size()) {
            throw new IllegalArgumentException("the " + what + " output is number " + index + " (from 0), but the"
                    + " model returns " + out.size() + " output" + (out.size() == 1 ? "" : "s") + " " + shapes(out));
        }
        NDArray a = out.get(index);
        if (a.getShape().dimension() == 0 || a.getShape().get(0) != rows || a.getDataType() == DataType.STRING) {
            throw new IllegalArgumentException("the " + what + " output (number " + index + ") has shape "
                    + a.getShape() + " for a batch of " + rows + " rows; expected one row of values per input row");
        }
        return a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
    }

    /** The outputs' shapes with the batch dimension written B: "of shapes (B, 3), (B, 8)". */
    private static String shapes(NDList out) {
        List<String> s = new ArrayList<>();
        for (NDArray a : out) {
            long[] dims = a.getShape().getShape();
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < dims.length; i++) {
                b.append(i == 0 ? "B" : ", " + dims[i]);
            }
            s.add(b.append(dims.length == 1 ? ",)" : ")").toString());
        }
        return "of shapes " + String.join(", ", s);
    }

    /**
     * The array of a run's {@code what}, refused in one line when it cannot be one Java array or would
     * take more than half of the JVM's heap (the method fitted next needs room too).
     */
    private static float[] allocate(long rows, long width, String what) {
        return allocate(rows, width, what, Runtime.getRuntime().maxMemory());
    }

    /** {@link #allocate(long, long, String)} under a heap of {@code heap} bytes. */
    static float[] allocate(long rows, long width, String what, long heap) {
        long values = rows * width;
        if (values > Integer.MAX_VALUE - 8 || 4 * values > heap / 2) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the %s of %,d rows x %,d values need"
                    + " %.2f GB, more than %s: use fewer rows%s", what, rows, width, values * 4 / 1e9,
                    values > Integer.MAX_VALUE - 8 ? "one Java array holds" : String.format(Locale.ROOT,
                            "half of the JVM's heap (%.2f GB)", heap / 1e9),
                    values > Integer.MAX_VALUE - 8 ? "" : " or a larger -Xmx"));
        }
        return new float[(int) values];
    }

    private static void copyRows(NDArray a, float[] into, int fromRow, int width) {
        float[] v = a.toFloatArray();
        System.arraycopy(v, 0, into, fromRow * width, v.length);
    }

    private static float[] toFloats(NDArray a) {
        return a.toType(DataType.FLOAT32, true).toFloatArray();
    }

    static boolean isZip(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        } catch (IOException e) {
            throw new IllegalArgumentException(f + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The telling line of an engine's error: the last line naming an error (TorchScript puts the
     * Python-side {@code RuntimeError: ...} after a traceback), else the first.
     */
    static String firstLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        List<String> lines = m.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String line = lines.stream().filter(l -> l.matches("^[A-Za-z.]*(Error|Exception): .*"))
                .reduce((a, b) -> b).orElse(lines.get(0));
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private synchronized void checkOpen() {
        if (holders == 0) {
            throw new IllegalStateException("the user model has been closed");
        }
    }

    /**
     * Another holder of this model (e.g. each posterior fitted on it): the model is freed when every
     * holder has closed it.
     */
    public synchronized UserModel retain() {
        checkOpen();
        holders++;
        return this;
    }

    /**
     * Releases this holder; the last one frees the loaded TorchScript module (a block handed over
     * stays the caller's).
     */
    @Override
    public synchronized void close() {
        if (holders > 0 && --holders == 0 && model != null) {
            model.close();
        }
    }

    /**
     * The predictions ([rows, predictionWidth], row-major) and features ([rows, featureWidth]) of a run.
     */
    public record Outputs(float[] predictions, int predictionWidth, float[] features, int featureWidth, int rows) {}
}
