package org.bdl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of bdl4j-core depend on each other without cycles, so that the contract depends on
 * nothing above it and every layer can be read (and replaced) from the bottom up. The dependency graph
 * is read from the sources: every {@code org.bdl4j...} name in code (imports and qualified names;
 * comments are dropped). Its strongly connected components (Tarjan 1972) must all be single packages.
 */
class PackageCyclesTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.bdl4j((?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
    private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

    @Test
    void thePackageGraphHasNoCycle() {
        Map<String, Set<String>> graph = dependencies();
        assertThat(graph).containsKeys("org.bdl4j", "org.bdl4j.data", "org.bdl4j.method");
        // edges the reader must see: imports, and a qualified name in code
        assertThat(graph.get("org.bdl4j")).contains("org.bdl4j.data");
        assertThat(graph.get("org.bdl4j.laplace")).contains("org.bdl4j.method", "org.bdl4j.train");
        assertThat(graph.get("org.bdl4j.data")).doesNotContain("org.bdl4j");
        List<Set<String>> cycles = new ArrayList<>();
        for (Set<String> component : new Tarjan(graph).components()) {
            if (component.size() > 1) {
                cycles.add(component);
            }
        }
        assertThat(cycles).as("package cycles in %s", graph).isEmpty();
    }

    /** The test finds what it claims: a two-package cycle is found. */
    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> g = new TreeMap<>();
        g.put("a", new TreeSet<>(Set.of("b")));
        g.put("b", new TreeSet<>(Set.of("c", "a")));
        g.put("c", new TreeSet<>());
        assertThat(new Tarjan(g).components()).contains(new TreeSet<>(Set.of("a", "b")), new TreeSet<>(Set.of("c")));
    }

    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = COMMENTS.matcher(Files.readString(f)).replaceAll(" ");
                Matcher pm = PACKAGE.matcher(text);
                if (!pm.find()) {
                    continue;
                }
                String from = pm.group(1);
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher rm = REFERENCE.matcher(text.substring(pm.end()));
                while (rm.find()) {
                    String target = "org.bdl4j" + rm.group(1);
                    if (!target.equals(from)) {
                        to.add(target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** Tarjan's strongly connected components. */
    private static final class Tarjan {
        private final Map<String, Set<String>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<Set<String>> out = new ArrayList<>();

        Tarjan(Map<String, Set<String>> graph) {
            this.graph = graph;
        }

        List<Set<String>> components() {
            for (String v : graph.keySet()) {
                if (!index.containsKey(v)) {
                    visit(v);
                }
            }
            return out;
        }

        private void visit(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            onStack.add(v);
            for (String w : graph.getOrDefault(v, Set.of())) {
                if (!index.containsKey(w)) {
                    visit(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                Set<String> component = new TreeSet<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    component.add(w);
                } while (!w.equals(v));
                out.add(component);
            }
        }
    }
}
