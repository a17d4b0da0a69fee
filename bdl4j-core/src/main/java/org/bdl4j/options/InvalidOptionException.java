package org.bdl4j.options;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An option value that breaks its rule, reported in one line that names the option and the value
 * found: {@code samples must be >= 1, found 0}.
 *
 * <p>The message is a template in which option names stand in braces, e.g.
 * {@code "applies to {init} moped, found {init} map"}. {@link #getMessage()} writes them as bare
 * names (the Java API's spelling); a front end renders them its own way with {@link #render} (the
 * command line writes {@code --init}), so that an error always names the option exactly as the user
 * typed it, and never an option that does not exist.
 */
public final class InvalidOptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("\\{([a-z0-9][a-z0-9-]*)}");

    private final String option;
    private final String template;

    /**
     * @param option the option at fault (its descriptor name, e.g. {@code fisher-samples})
     * @param template the whole message, option names in braces
     */
    public InvalidOptionException(String option, String template) {
        super(render(template, UnaryOperator.identity()));
        this.option = option;
        this.template = template;
    }

    /** {@code "{option} must be <requirement>, found <value>"}. */
    public static InvalidOptionException mustBe(String option, String requirement, Object found) {
        return new InvalidOptionException(option, "{" + option + "} must be " + requirement + ", found "
                + OptionValues.display(found));
    }

    /** The option at fault. */
    public String option() {
        return option;
    }

    /** The message with every option name written by {@code spelling} (e.g. {@code n -> "--" + n}). */
    public String render(UnaryOperator<String> spelling) {
        return render(template, spelling);
    }

    private static String render(String template, UnaryOperator<String> spelling) {
        Matcher m = NAME.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(spelling.apply(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
