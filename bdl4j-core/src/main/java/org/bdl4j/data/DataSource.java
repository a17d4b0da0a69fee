package org.bdl4j.data;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A data source named on the command line ({@code --data SRC}, {@code --test SRC}, ...), parsed by
 * {@link #parse(String)}:
 *
 * <ul>
 *   <li>{@code fashion-mnist} or {@code fashion-mnist:DIR}: the IDX files in {@code DIR} (default
 *       {@link FashionMnist#DEFAULT_DIR}). Role {@link Role#TRAIN}: the 60,000 training images;
 *       {@link Role#TEST}: the 10,000 {@code t10k} images.
 *   <li>{@code fashion-mnist-flip}, {@code fashion-mnist-invert} or {@code fashion-mnist-noise}, each with an
 *       optional {@code :DIR}: the out-of-distribution sets of {@link FashionMnist#ood} made from the
 *       first {@value FashionMnist#OOD_ROWS} test images (rotated 180 degrees, inverted, or uniform noise
 *       from seed {@value FashionMnist#OOD_NOISE_SEED}); flip and invert keep the labels, noise has none.
 *       For predicting and scoring only, never for fitting.
 *   <li>{@code toy:NAME} or {@code toy:NAME:N}: {@link ToyData#named} with {@code N} rows (default
 *       {@link ToyData#DEFAULT_ROWS}). Role TRAIN is generated with the given seed; TEST with
 *       {@code seed + }{@link #TEST_SEED_OFFSET}, so evaluating on {@code toy:NAME} never sees the
 *       training rows.
 *   <li>anything else: a CSV file with a header (the same file for both roles). A file literally named
 *       {@code fashion-mnist} or starting with {@code toy:} is written {@code ./fashion-mnist}.
 * </ul>
 *
 * Loading goes through {@link CsvTableReader} for CSV, and through {@link TableSchema#conform} for the
 * built-in sets when a fitted model's schema is given, so all sources give the same errors.
 */
public final class DataSource {
    /** Which part of a built-in data set to load. */
    public enum Role {
        TRAIN,
        TEST
    }

    /** The kind of source. */
    public enum Kind {
        CSV,
        FASHION_MNIST,
        /** An OOD set derived from the Fashion-MNIST test images ({@link #fashionOod()}). */
        FASHION_MNIST_OOD,
        TOY
    }

    /** Added to the seed to generate toy test data: a prime, far from typical small seeds. */
    public static final long TEST_SEED_OFFSET = 1_000_003L;

    private static final String FASHION = "fashion-mnist";
    private static final String TOY = "toy:";

    private final String spec;
    private final Kind kind;
    private final Path path; // CSV file or Fashion-MNIST directory
    private final String toyName;
    private final int toyRows;
    private final FashionMnist.Ood fashionOod;

    private DataSource(String spec, Kind kind, Path path, String toyName, int toyRows) {
        this(spec, kind, path, toyName, toyRows, null);
    }

    private DataSource(String spec, Kind kind, Path path, String toyName, int toyRows, FashionMnist.Ood fashionOod) {
        this.spec = spec;
        this.kind = kind;
        this.path = path;
        this.toyName = toyName;
        this.toyRows = toyRows;
        this.fashionOod = fashionOod;
    }

    /**
     * Parses SRC.
     *
     * @throws DataException for an empty SRC, an unknown toy name (listing the known ones) or a row count
     *     that is not a positive integer; a missing CSV file is reported when loading
     */
    public static DataSource parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.trim();
        if (s.isEmpty()) {
            throw new DataException("empty data source (expected a CSV file, fashion-mnist[:DIR] or toy:NAME[:N])");
        }
        for (FashionMnist.Ood o : FashionMnist.Ood.values()) {
            String name = oodName(o);
            if (s.equals(name) || s.startsWith(name + ":")) {
                Path dir = s.equals(name) ? FashionMnist.DEFAULT_DIR : directory(s, name);
                return new DataSource(s, Kind.FASHION_MNIST_OOD, dir, null, 0, o);
            }
        }
        if (s.equals(FASHION)) {
            return new DataSource(s, Kind.FASHION_MNIST, FashionMnist.DEFAULT_DIR, null, 0);
        }
        if (s.startsWith(FASHION + ":")) {
            return new DataSource(s, Kind.FASHION_MNIST, directory(s, FASHION), null, 0);
        }
        if (s.startsWith(TOY)) {
            return parseToy(s);
        }
        try {
            return new DataSource(s, Kind.CSV, Path.of(s), null, 0);
        } catch (InvalidPathException e) {
            throw new DataException(s + ": not a valid file name (" + e.getReason() + ")", e);
        }
    }

    /** The name of a derived OOD set: {@code fashion-mnist-flip}, {@code -invert}, {@code -noise}. */
    public static String oodName(FashionMnist.Ood kind) {
        return FASHION + "-" + kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Path directory(String s, String prefix) {
        String dir = s.substring(prefix.length() + 1);
        if (dir.isEmpty()) {
            throw new DataException(s + ": no directory after '" + prefix + ":'");
        }
        try {
            return Path.of(dir);
        } catch (InvalidPathException e) {
            throw new DataException(s + ": not a valid directory name (" + e.getReason() + ")", e);
        }
    }

    private static DataSource parseToy(String s) {
        String rest = s.substring(TOY.length());
        int colon = rest.indexOf(':');
        String name = colon < 0 ? rest : rest.substring(0, colon);
        if (!ToyData.names().contains(name)) {
            throw new DataException(s + ": unknown toy data set " + DataException.quote(name) + " (known: "
                    + String.join(", ", ToyData.names()) + ")");
        }
        int rows = ToyData.DEFAULT_ROWS;
        if (colon >= 0) {
            String count = rest.substring(colon + 1);
            try {
                rows = Integer.parseInt(count);
            } catch (NumberFormatException e) {
                rows = -1;
            }
            if (rows <= 0) {
                throw new DataException(s + ": row count must be a positive integer, found "
                        + DataException.quote(count));
            }
        }
        return new DataSource(s, Kind.TOY, null, name, rows);
    }

    public Kind kind() {
        return kind;
    }

    /** SRC as given (trimmed); also the name used in messages for built-in sets. */
    public String spec() {
        return spec;
    }

    /** The CSV file or the Fashion-MNIST directory; {@code null} for toy data. */
    public Path path() {
        return path;
    }

    /** The toy generator's name, or {@code null}. */
    public String toyName() {
        return toyName;
    }

    /** Which derived Fashion-MNIST OOD set, or {@code null}. */
    public FashionMnist.Ood fashionOod() {
        return fashionOod;
    }

    /** The toy row count, or 0. */
    public int toyRows() {
        return toyRows;
    }

    /** For messages: {@code CSV file data.csv}, {@code Fashion-MNIST in DIR}, {@code toy data two-moons (400 rows)}. */
    public String describe() {
        return switch (kind) {
            case CSV -> "CSV file " + path;
            case FASHION_MNIST -> "Fashion-MNIST in " + path;
            case FASHION_MNIST_OOD -> "Fashion-MNIST " + fashionOod.name().toLowerCase(java.util.Locale.ROOT)
                    + " OOD set of the test images in " + path;
            case TOY -> "toy data " + toyName + " (" + toyRows + " rows)";
        };
    }

    @Override
    public String toString() {
        return spec;
    }

    /**
     * Where rows loaded in {@code role} come from: this source as named (toy data with its seed) and the
     * SHA-256 of the file read (for Fashion-MNIST: of the role's images file followed by its labels
     * file; none for generated toy data).
     */
    public Origin origin(Role role, long seed) {
        String sha = switch (kind) {
            case CSV -> Sha256.ofFiles(path);
            case FASHION_MNIST -> Sha256.ofFiles(FashionMnist.files(path, role == Role.TRAIN));
            case FASHION_MNIST_OOD -> Sha256.ofFiles(FashionMnist.files(path, false));
            case TOY -> null;
        };
        return new Origin(kind == Kind.TOY ? spec + " (seed " + seedFor(role, seed) + ")" : spec, sha);
    }

    /** The seed a toy source uses for {@code role}: {@code seed} for TRAIN, {@code seed + 1_000_003} for TEST. */
    public static long seedFor(Role role, long seed) {
        return role == Role.TEST ? seed + TEST_SEED_OFFSET : seed;
    }

    /**
     * Loads a table for fitting.
     *
     * @param targetColumn CSV: the target column ({@code null} = last); built-in sets: {@code null} or
     *     their target name ({@code label}, {@code y})
     * @param task {@code null} to infer (CSV) or take the set's own; a task that contradicts a built-in
     *     set is an error
     * @param seed the toy seed (see {@link #seedFor}); ignored otherwise
     */
    public LoadedTable load(Role role, long seed, String targetColumn, Task task) {
        if (kind == Kind.CSV) {
            LoadedTable t = CsvTableReader.load(path, targetColumn, task);
            return new LoadedTable(t.dataset().withOrigin(origin(role, seed)), t.task());
        }
        Dataset d = loadBuiltIn(role, seed).withOrigin(origin(role, seed));
        if (targetColumn != null && !targetColumn.equals(d.targetName())) {
            throw new DataException(spec + ": no column named " + DataException.quote(targetColumn)
                    + " (the target is " + DataException.quote(d.targetName()) + ")");
        }
        if (task != null && task != d.task()) {
            throw new DataException(spec + ": is a " + d.task().cliName() + " data set, found task "
                    + DataException.quote(task.cliName()));
        }
        return new LoadedTable(d, new TaskChoice(d.task(), false, "fixed by the data source"));
    }

    /**
     * Loads a table for a fitted model with {@code schema}: features selected by name, targets handled as
     * {@code mode} says (see {@link CsvTableReader#readForModel} and {@link TableSchema#conform}).
     */
    public Dataset loadForModel(Role role, long seed, TableSchema schema, TargetMode mode) {
        Dataset d = kind == Kind.CSV ? CsvTableReader.readForModel(path, schema, mode)
                : schema.conform(loadBuiltIn(role, seed), spec, mode);
        return role == Role.TRAIN ? d.withOrigin(origin(role, seed)) : d; // hashed for fitting only
    }

    private Dataset loadBuiltIn(Role role, long seed) {
        Objects.requireNonNull(role, "role");
        if (kind == Kind.FASHION_MNIST_OOD) {
            if (role == Role.TRAIN) {
                throw new DataException(spec + ": is an out-of-distribution set without labels, made from the test"
                        + " images; it can be predicted and scored, not fitted");
            }
            Dataset test = FashionMnist.loadTest(path);
            if (test.rows() < FashionMnist.OOD_ROWS) {
                throw new DataException(spec + ": is made from the first " + FashionMnist.OOD_ROWS
                        + " test images, found " + test.rows() + " in " + path);
            }
            return FashionMnist.ood(test, fashionOod, FashionMnist.OOD_NOISE_SEED);
        }
        if (kind == Kind.FASHION_MNIST) {
            return role == Role.TRAIN ? FashionMnist.loadTrain(path) : FashionMnist.loadTest(path);
        }
        try {
            return ToyData.named(toyName, toyRows, seedFor(role, seed));
        } catch (DataException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new DataException(spec + ": " + e.getMessage(), e);
        }
    }
}
