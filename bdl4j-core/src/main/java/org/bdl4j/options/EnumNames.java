package org.bdl4j.options;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one place where enum constants get their user-facing names and are parsed back: the name is
 * {@link Named#cliName()} where the enum gives one (e.g. {@code local} for
 * {@code Estimator.LOCAL_REPARAM}), else the constant in lower case with {@code _} as {@code -}
 * ({@code LAST_LAYER} is {@code last-layer}). Parsing ignores case and surrounding blanks; a bad
 * value gives {@code link must be probit, mc or bridge, found 'logit'}.
 */
public final class EnumNames {
    private EnumNames() {}

    /** An enum whose constants choose their own user-facing names. */
    public interface Named {
        String cliName();
    }

    /** The user-facing name of {@code value}. */
    public static String of(Enum<?> value) {
        if (value instanceof Named n) {
            return n.cliName();
        }
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The user-facing names of all constants, in declaration order. */
    public static <E extends Enum<E>> List<String> all(Class<E> type) {
        List<String> out = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            out.add(of(e));
        }
        return out;
    }

    /** "a, b or c". */
    public static <E extends Enum<E>> String choices(Class<E> type) {
        return Words.alternatives(all(type));
    }

    /**
     * The constant named {@code text}.
     *
     * @param option the option's name, for the error message
     * @throws InvalidOptionException naming the option, the allowed names and the value found
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String text, String option) {
        if (text != null) {
            String t = text.trim();
            for (E e : type.getEnumConstants()) {
                if (of(e).equalsIgnoreCase(t)) {
                    return e;
                }
            }
        }
        throw InvalidOptionException.mustBe(option, choices(type), text);
    }
}
