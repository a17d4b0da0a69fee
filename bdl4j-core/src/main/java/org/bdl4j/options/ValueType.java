package org.bdl4j.options;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The type of an option's value: how text becomes a value (and a bad text a one-line error), how a
 * value is written back (help, provenance), and the allowed names of a choice.
 *
 * @param javaType the value's class
 * @param form what a text must look like, for errors: "an integer", "a number", ...
 * @param parser text to value; throws {@link IllegalArgumentException} for a malformed text
 * @param formatter value to text
 * @param choices the allowed names of a choice (empty otherwise)
 */
public record ValueType<T>(Class<T> javaType, String form, Function<String, T> parser, Function<T, String> formatter,
        List<String> choices) {

    public ValueType {
        Objects.requireNonNull(javaType, "javaType");
        choices = List.copyOf(choices);
    }

    public static final ValueType<Integer> INTEGER = new ValueType<>(Integer.class, "an integer",
            t -> Integer.valueOf(t.trim()), String::valueOf, List.of());
    public static final ValueType<Long> LONG = new ValueType<>(Long.class, "an integer",
            t -> Long.valueOf(t.trim()), String::valueOf, List.of());
    public static final ValueType<Double> NUMBER = new ValueType<>(Double.class, "a number",
            ValueType::parseNumber, String::valueOf, List.of());
    public static final ValueType<Boolean> FLAG = new ValueType<>(Boolean.class, "true or false",
            ValueType::parseFlag, String::valueOf, List.of());
    public static final ValueType<String> TEXT = new ValueType<>(String.class, "a text", t -> t, t -> t, List.of());
    public static final ValueType<Path> PATH = new ValueType<>(Path.class, "a file path", ValueType::parsePath,
            Path::toString, List.of());
    /** Comma-separated numbers, e.g. {@code 1e-4,1e4,21}. */
    public static final ValueType<double[]> NUMBERS = new ValueType<>(double[].class,
            "numbers separated by commas", ValueType::parseNumbers, ValueType::formatNumbers, List.of());

    /** The constants of an enum by their {@link EnumNames} names. */
    public static <E extends Enum<E>> ValueType<E> choice(Class<E> type) {
        return new ValueType<>(type, EnumNames.choices(type), t -> EnumNames.parse(type, t, "value"), EnumNames::of,
                EnumNames.all(type));
    }

    /**
     * Parses {@code text} as the value of {@code option}.
     *
     * @throws InvalidOptionException naming the option, the expected form and the text found
     */
    public T parse(String option, String text) {
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw InvalidOptionException.mustBe(option, form, text);
        }
    }

    public String format(T value) {
        return value == null ? "" : formatter.apply(value);
    }

    /** The value formatted, for a value of unknown static type (it must be of {@link #javaType}). */
    public String formatObject(Object value) {
        return format(javaType.cast(value));
    }

    private static Double parseNumber(String t) {
        double v = Double.parseDouble(t.trim());
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("NaN");
        }
        return v;
    }

    private static Boolean parseFlag(String t) {
        String s = t.trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.valueOf(s);
        }
        throw new IllegalArgumentException(t);
    }

    private static Path parsePath(String t) {
        if (t.isBlank()) {
            throw new IllegalArgumentException("empty path");
        }
        try {
            return Path.of(t);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static double[] parseNumbers(String t) {
        String[] parts = t.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parseNumber(parts[i]);
        }
        return out;
    }

    private static String formatNumbers(double[] v) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            s.append(i == 0 ? "" : ",").append(Words.number(v[i]));
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return javaType.getSimpleName() + (choices.isEmpty() ? "" : Arrays.toString(choices.toArray()));
    }
}
