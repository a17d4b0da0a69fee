package org.bdl4j.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bdl4j.method.FitRequest;
import org.bdl4j.method.Methods;
import org.bdl4j.method.PosteriorMethod;
import org.bdl4j.options.InvalidOptionException;
import org.bdl4j.options.OptionDescriptor;
import org.bdl4j.options.OptionValues;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The options of {@code fit} and {@code compare}, generated from core's descriptors: the request's
 * ({@link FitRequest#OPTIONS}) and every registered method's ({@link PosteriorMethod#options()}),
 * one command-line option {@code --NAME} per name (methods may share a name, e.g. {@code samples}).
 * Numbers get picocli's number types (a malformed number is a usage error); every other value is
 * parsed by its descriptor. Values are checked by the descriptors' rules, never here.
 */
final class DescriptorOptions implements CommandLine.IModelTransformer {
    /** Columns of the help text: one option's description and one method's summary per line. */
    private static final int HELP_WIDTH = 100;

    /** One generated option: its descriptor (the first registered under the name) and the methods that read it. */
    record Entry(OptionDescriptor<?> descriptor, List<String> methods, String defaults) {
        String flag() {
            return "--" + descriptor.name();
        }
    }

    /**
     * The transformer of a command that trains networks outside the method registry (e.g.
     * {@code continual}): only the request's options (network, training, seed), no method's.
     */
    static final class RequestOnly implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            for (Entry e : entries(false).values()) {
                spec.addOption(optionSpec(e));
            }
            return spec;
        }
    }

    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (Entry e : entries().values()) {
            spec.addOption(optionSpec(e));
        }
        List<String> lines = new ArrayList<>();
        for (PosteriorMethod m : Methods.all()) {
            lines.add(String.format(java.util.Locale.ROOT, "  %-11s %s", m.name(), m.summary().replace("%", "%%")));
        }
        spec.usageMessage().width(HELP_WIDTH).footerHeading("%nMethods (--method NAME; options marked [NAME] apply to it):%n")
                .footer(lines.toArray(new String[0]));
        return spec;
    }

    /** Every generated option by name: the request's first, then each method's in registry order. */
    static Map<String, Entry> entries() {
        return entries(true);
    }

    /** The request's options, and with {@code withMethods} every method's. */
    private static Map<String, Entry> entries(boolean withMethods) {
        Map<String, OptionDescriptor<?>> first = new LinkedHashMap<>();
        Map<String, Set<String>> users = new LinkedHashMap<>();
        Map<String, Map<String, String>> defaults = new LinkedHashMap<>();
        for (OptionDescriptor<?> d : FitRequest.OPTIONS) {
            register(first, users, defaults, d, null);
        }
        for (PosteriorMethod m : withMethods ? Methods.all() : List.<PosteriorMethod>of()) {
            for (OptionDescriptor<?> d : m.options()) {
                register(first, users, defaults, d, m.name());
            }
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Map.Entry<String, OptionDescriptor<?>> e : first.entrySet()) {
            out.put(e.getKey(), new Entry(e.getValue(), List.copyOf(users.get(e.getKey())),
                    mergedDefaults(defaults.get(e.getKey()))));
        }
        return out;
    }

    private static void register(Map<String, OptionDescriptor<?>> first, Map<String, Set<String>> users,
            Map<String, Map<String, String>> defaults, OptionDescriptor<?> d, String method) {
        OptionDescriptor<?> seen = first.putIfAbsent(d.name(), d);
        if (seen != null && seen.type().javaType() != d.type().javaType()) {
            throw new IllegalStateException("option '" + d.name() + "' of " + (method == null ? "fit" : method)
                    + " is a " + d.type() + ", elsewhere a " + seen.type());
        }
        Set<String> who = users.computeIfAbsent(d.name(), n -> new LinkedHashSet<>());
        Map<String, String> texts = defaults.computeIfAbsent(d.name(), n -> new LinkedHashMap<>());
        if (method != null) {
            who.add(method);
        }
        if (d.defaultDescription() != null) {
            texts.put(method == null ? "" : method, d.defaultDescription());
        }
    }

    /** "100" when every user has the same default, else "laplace: 100; hmc: 50". */
    private static String mergedDefaults(Map<String, String> byUser) {
        if (new LinkedHashSet<>(byUser.values()).size() <= 1) {
            return byUser.isEmpty() ? null : byUser.values().iterator().next();
        }
        List<String> parts = new ArrayList<>();
        byUser.forEach((who, text) -> parts.add(who + ": " + text));
        return String.join("; ", parts);
    }

    private static OptionSpec optionSpec(Entry e) {
        OptionDescriptor<?> d = e.descriptor();
        StringBuilder text = new StringBuilder(d.help());
        if (e.defaults() != null) {
            text.append(text.length() == 0 ? "" : " ").append("(default: ").append(e.defaults()).append(")");
        }
        if (!e.methods().isEmpty()) {
            text.append(" [").append(String.join(", ", e.methods())).append("]");
        }
        OptionSpec.Builder b = OptionSpec.builder(e.flag()).description(text.toString().replace("%", "%%"));
        Class<?> type = d.type().javaType();
        if (type == Boolean.class) {
            return b.arity("0").type(boolean.class).build();
        }
        b.paramLabel(d.label());
        if (type == Integer.class || type == Long.class || type == Double.class) {
            return b.type(type).build();
        }
        return b.type(String.class).build();
    }

    /**
     * The values given on the command line for the generated options, each parsed and checked by its
     * descriptor.
     *
     * @throws InvalidOptionException naming the option and the value found
     */
    static OptionValues given(CommandSpec spec) {
        return given(spec, true);
    }

    /** {@link #given} of a command whose options came from {@link RequestOnly} ({@code withMethods} false). */
    static OptionValues given(CommandSpec spec, boolean withMethods) {
        ParseResult parsed = spec.commandLine().getParseResult();
        OptionValues values = OptionValues.empty();
        for (Entry e : entries(withMethods).values()) {
            if (parsed.hasMatchedOption(e.flag())) {
                values = put(values, e.descriptor(), spec.findOption(e.flag()).getValue());
            }
        }
        return values;
    }

    private static <T> OptionValues put(OptionValues values, OptionDescriptor<T> d, Object raw) {
        Class<T> type = d.type().javaType();
        T value = raw instanceof String text && type != String.class ? d.parse(text) : type.cast(raw);
        return values.with(d, value);
    }

    /**
     * Checks that every method option given is read by at least one of {@code chosen}.
     *
     * @throws InvalidOptionException e.g. {@code --members applies to --method ensemble, not to vi}
     */
    static void checkApplicable(OptionValues given, Collection<PosteriorMethod> chosen) {
        Map<String, Entry> entries = entries();
        for (String name : given.names()) {
            Entry e = entries.get(name);
            if (e == null || e.methods().isEmpty()) {
                continue;
            }
            boolean read = chosen.stream().anyMatch(m -> m.options().stream().anyMatch(d -> d.name().equals(name)));
            if (!read) {
                List<String> names = chosen.stream().map(PosteriorMethod::name).toList();
                throw new InvalidOptionException(name, "{" + name + "} applies to {" + Methods.METHOD_OPTION + "} "
                        + String.join(", ", e.methods()) + ", not to " + String.join(", ", names));
            }
        }
    }
}
