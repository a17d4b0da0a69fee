package org.bdl4j.options;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One named, typed option of a method or of training: its value type, its default, the rule its
 * values obey, and its help. Descriptors are the single source of an option's facts: the builders of
 * the Java API validate with {@link #check}, the command line generates its options, help text and
 * errors from them, and model files record every option's value (defaults included) by them.
 *
 * <p>Names are lower-case words joined by {@code -} ({@code fisher-samples}); the command line
 * spells the option {@code --fisher-samples}. Descriptors are immutable; the {@code with...}
 * methods return changed copies.
 *
 * @param <T> the value's type
 */
public final class OptionDescriptor<T> {
    private final String name;
    private final ValueType<T> type;
    private final T defaultValue;
    private final String defaultText;
    private final Rule<T> rule;
    private final String help;
    private final String label;

    private OptionDescriptor(String name, ValueType<T> type, T defaultValue, String defaultText, Rule<T> rule,
            String help, String label) {
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("option names are lower-case words joined by '-', found '" + name + "'");
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.rule = Objects.requireNonNull(rule, "rule");
        this.help = help == null ? "" : help;
        this.label = label;
    }

    /** An option of the given type with a default (null: none, or one derived at fit time, see {@link #withDefaultText}). */
    public static <T> OptionDescriptor<T> of(String name, ValueType<T> type, T defaultValue) {
        OptionDescriptor<T> d = new OptionDescriptor<>(name, type, defaultValue, null, Rule.any(), "", null);
        if (defaultValue != null) {
            d.check(defaultValue);
        }
        return d;
    }

    public static OptionDescriptor<Integer> integer(String name, Integer defaultValue) {
        return of(name, ValueType.INTEGER, defaultValue);
    }

    public static OptionDescriptor<Long> longInteger(String name, Long defaultValue) {
        return of(name, ValueType.LONG, defaultValue);
    }

    public static OptionDescriptor<Double> number(String name, Double defaultValue) {
        return of(name, ValueType.NUMBER, defaultValue);
    }

    /** A switch, off unless given. */
    public static OptionDescriptor<Boolean> flag(String name) {
        return of(name, ValueType.FLAG, Boolean.FALSE);
    }

    public static OptionDescriptor<Path> path(String name) {
        return of(name, ValueType.PATH, null);
    }

    public static <E extends Enum<E>> OptionDescriptor<E> choice(String name, Class<E> type, E defaultValue) {
        return of(name, ValueType.choice(type), defaultValue);
    }

    /** The same option obeying {@code newRule} too (its default must obey it). */
    public OptionDescriptor<T> withRule(Rule<T> newRule) {
        OptionDescriptor<T> d = new OptionDescriptor<>(name, type, defaultValue, defaultText, rule.and(newRule), help,
                label);
        if (defaultValue != null) {
            d.check(defaultValue);
        }
        return d;
    }

    /** The same option with its help text (one or two sentences, no default: that is added). */
    public OptionDescriptor<T> withHelp(String text) {
        return new OptionDescriptor<>(name, type, defaultValue, defaultText, rule, text, label);
    }

    /** The same option with a placeholder for its value in help, e.g. {@code S} or {@code X}. */
    public OptionDescriptor<T> withLabel(String text) {
        return new OptionDescriptor<>(name, type, defaultValue, defaultText, rule, help, text);
    }

    /** The same option with the words for a default that is derived when fitting (e.g. "the MAP's λ"). */
    public OptionDescriptor<T> withDefaultText(String text) {
        return new OptionDescriptor<>(name, type, defaultValue, text, rule, help, label);
    }

    /** The same option with another default. */
    public OptionDescriptor<T> withDefault(T value) {
        OptionDescriptor<T> d = new OptionDescriptor<>(name, type, value, defaultText, rule, help, label);
        if (value != null) {
            d.check(value);
        }
        return d;
    }

    public String name() {
        return name;
    }

    public ValueType<T> type() {
        return type;
    }

    /** The default, or null when there is none or it is derived when fitting. */
    public T defaultValue() {
        return defaultValue;
    }

    /** How help shows the default: the value, the derived default's words, or null for none. */
    public String defaultDescription() {
        if (defaultText != null) {
            return defaultText;
        }
        return defaultValue == null ? null : type.format(defaultValue);
    }

    /** The rule's words ("&gt;= 1"), empty when any value of the type is allowed. */
    public String requirement() {
        return rule.requirement();
    }

    public String help() {
        return help;
    }

    /** The value placeholder for help: the label given, else the choices ({@code a|b|c}), else {@code X}. */
    public String label() {
        if (label != null) {
            return label;
        }
        return type.choices().isEmpty() ? "X" : String.join("|", type.choices());
    }

    /**
     * Checks a value against the rule.
     *
     * @return the value
     * @throws InvalidOptionException {@code name must be <rule>, found <value>}
     */
    public T check(T value) {
        if (value == null) {
            throw InvalidOptionException.mustBe(name, "given", "nothing");
        }
        if (!rule.accepts(value)) {
            // a list is shown as the user writes it ('none' for an empty list of layer sizes)
            throw InvalidOptionException.mustBe(name, rule.requirement(),
                    value.getClass().isArray() ? type.format(value) : value);
        }
        return value;
    }

    /** Parses and checks a text value. */
    public T parse(String text) {
        return check(type.parse(name, text));
    }

    /** The value as text (for help and model files). */
    public String format(T value) {
        return type.format(value);
    }

    @Override
    public String toString() {
        return name + ":" + type;
    }
}
