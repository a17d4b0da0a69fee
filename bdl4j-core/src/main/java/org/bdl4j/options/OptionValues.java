package org.bdl4j.options;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Option values by option name: the values a user gave (each checked against its descriptor's rule
 * when set), read back with the descriptor's default for the ones not given. Immutable;
 * {@link #with} returns a changed copy.
 */
public final class OptionValues {
    private static final OptionValues EMPTY = new OptionValues(Map.of(), Map.of());

    private final Map<String, Object> values;
    private final Map<String, OptionDescriptor<?>> descriptors;

    private OptionValues(Map<String, Object> values, Map<String, OptionDescriptor<?>> descriptors) {
        this.values = Collections.unmodifiableMap(values);
        this.descriptors = Collections.unmodifiableMap(descriptors);
    }

    public static OptionValues empty() {
        return EMPTY;
    }

    /** These values and {@code option} = {@code value} (checked; replaces an earlier value). */
    public <T> OptionValues with(OptionDescriptor<T> option, T value) {
        option.check(value);
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(option.name(), value);
        Map<String, OptionDescriptor<?>> d = new LinkedHashMap<>(descriptors);
        d.put(option.name(), option);
        return new OptionValues(copy, d);
    }

    /** These values without {@code option}. */
    public OptionValues without(OptionDescriptor<?> option) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.remove(option.name());
        Map<String, OptionDescriptor<?>> d = new LinkedHashMap<>(descriptors);
        d.remove(option.name());
        return new OptionValues(copy, d);
    }

    /** These values and all of {@code other}'s (the other's win where both have one). */
    public OptionValues withAll(OptionValues other) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.putAll(other.values);
        Map<String, OptionDescriptor<?>> d = new LinkedHashMap<>(descriptors);
        d.putAll(other.descriptors);
        return new OptionValues(copy, d);
    }

    /** The value given for {@code option}, else its default (null if it has none). */
    public <T> T get(OptionDescriptor<T> option) {
        Object v = values.get(option.name());
        return v == null ? option.defaultValue() : option.type().javaType().cast(v);
    }

    /** Whether a value was given for {@code option}. */
    public boolean isSet(OptionDescriptor<?> option) {
        return values.containsKey(option.name());
    }

    /** The names of the options given. */
    public Set<String> names() {
        return values.keySet();
    }

    /**
     * Every option of {@code options} as text, defaults included (an option with neither a value nor
     * a default is written with its derived default's words, or left out): for model files.
     */
    public Map<String, String> describe(Collection<? extends OptionDescriptor<?>> options) {
        Map<String, String> out = new LinkedHashMap<>();
        for (OptionDescriptor<?> o : options) {
            Object v = values.containsKey(o.name()) ? values.get(o.name()) : o.defaultValue();
            if (v != null) {
                out.put(o.name(), o.type().formatObject(v));
            } else if (o.defaultDescription() != null) {
                out.put(o.name(), "(" + o.defaultDescription() + ")");
            }
        }
        return out;
    }

    /** Every value given, as text in the order given (for model files). */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((name, v) -> out.put(name, descriptors.get(name).type().formatObject(v)));
        return out;
    }

    /** How an error shows a value found: texts and paths quoted, numbers as Java prints them. */
    static String display(Object value) {
        if (value instanceof String || value instanceof Path || value instanceof Enum<?>) {
            return "'" + (value instanceof Enum<?> e ? EnumNames.of(e) : value) + "'";
        }
        if (value instanceof double[] d) {
            StringBuilder s = new StringBuilder("'");
            for (int i = 0; i < d.length; i++) {
                s.append(i == 0 ? "" : ",").append(Words.number(d[i]));
            }
            return s.append("'").toString();
        }
        if (value instanceof int[] d) {
            return Arrays.toString(d);
        }
        return String.valueOf(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionValues v && values.equals(v.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
