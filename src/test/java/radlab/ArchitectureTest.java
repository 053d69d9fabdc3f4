package radlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * The layering of docs/architecture.md, checked on the compiled classes: every reference a class file holds (imports,
 * fully-qualified names, same-package-less uses in signatures, descriptors and generics) must point to its own layer
 * or one below, and no two packages may depend on each other, directly or round a cycle. Bytecode, not source text, so
 * a fully-qualified {@code radlab.plot.Figure} in a method body counts like an import. (Compile-time constants are
 * inlined by javac and leave no reference; a rule that matters must not rest on one.)
 */
class ArchitectureTest {
    /**
     * Top to bottom. A package may use its own layer and any layer below; within a layer the packages must not form a
     * cycle. Sub-packages belong to their parent's layer (radlab.nn.layer is in nn's).
     */
    static final List<List<String>> LAYERS = List.of(
            List.of("cli", "notebook"),
            List.of("plot"),
            List.of("experiment"),
            List.of("verify"),
            List.of("rademacher", "bounds", "pacbayes", "measures", "certify"),
            List.of("spec"),
            List.of("attack", "norms"),
            List.of("jacobian"),
            List.of("train"),
            List.of("nn"),
            List.of("report"),
            List.of("data"),
            List.of("util"));

    @Test
    void everyReferencePointsToItsOwnLayerOrBelow() {
        Graph g = Graph.of(mainClasses());
        List<String> upward = new ArrayList<>();
        for (var e : g.edges.entrySet()) {
            String from = e.getKey().get(0), to = e.getKey().get(1);
            if (layer(from) > layer(to)) upward.add(from + " (layer " + layer(from) + ") -> " + to + " (layer " + layer(to) + "): " + e.getValue());
        }
        assertEquals(List.of(), upward, "upward references (a lower layer must not know a higher one; see docs/architecture.md)");
    }

    @Test
    void topLevelPackagesFormNoCycle() {
        Graph g = Graph.of(mainClasses()).collapsed();
        assertEquals(List.of(), g.cycles(), "cycles between top-level packages, with the class references behind them");
    }

    /** No package, sub-packages included, may take part in a cycle (nn.layer, for one, must not use nn). */
    @Test
    void subPackagesFormNoCycle() {
        Graph g = Graph.of(mainClasses());
        List<String> cycles = new ArrayList<>();
        for (Set<String> c : g.components()) cycles.add(c + ": " + g.edgesWithin(c));
        assertEquals(List.of(), cycles, "package cycles, with the class references behind them");
    }

    @Test
    void everyPackageHasALayer() {
        for (String p : Graph.of(mainClasses()).packages) layer(p); // throws for a package missing from LAYERS
    }

    /** The scanner sees a fully-qualified name without an import, and a reference only in a generic signature. */
    @Test
    void scannerSeesFullyQualifiedAndGenericReferences() throws Exception {
        Path root = Path.of(ArchitectureTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> refs = referencedClasses(Files.readAllBytes(root.resolve("radlab/ArchitectureTest$Probe.class")));
        assertTrue(refs.contains("radlab.plot.Figure"), refs.toString());
        assertTrue(refs.contains("radlab.measures.MeasureCorrelation"), refs.toString());
        assertTrue(refs.stream().noneMatch(r -> r.startsWith("radlab.cli")), "a string literal is not a reference: " + refs);
    }

    /** The rules catch an upward edge and a cycle in a made-up graph. */
    @Test
    void rulesCatchAnUpwardEdgeAndACycle() {
        Graph g = new Graph();
        g.add("radlab.experiment.A", "radlab.experiment", "radlab.plot");
        g.add("radlab.plot.B", "radlab.plot", "radlab.experiment");
        assertTrue(layer("radlab.experiment") > layer("radlab.plot"));
        assertEquals(List.of(Set.of("radlab.experiment", "radlab.plot")), g.components());
        assertEquals(1, g.collapsed().cycles().size());
    }

    @SuppressWarnings("unused")
    private static final class Probe {
        radlab.plot.Figure figure; // fully qualified, no import
        List<radlab.measures.MeasureCorrelation> rows; // only in the Signature attribute
        String literal = "radlab/cli/RadlabCli";
    }

    /** Index of a package's layer in {@link #LAYERS} (0 is the top). */
    static int layer(String pkg) {
        String top = pkg.split("\\.")[1];
        for (int i = 0; i < LAYERS.size(); i++) if (LAYERS.get(i).contains(top)) return i;
        throw new AssertionError("package " + pkg + " has no layer: add it to ArchitectureTest.LAYERS and docs/architecture.md");
    }

    static Path mainClasses() {
        try {
            return Path.of(radlab.util.Gaussian.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Package dependencies between radlab packages, each edge with the class references behind it. */
    static final class Graph {
        final Set<String> packages = new TreeSet<>();
        final Map<List<String>, Set<String>> edges = new TreeMap<>(Comparator.LIST);

        static Graph of(Path classes) {
            Graph g = new Graph();
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String cls = classes.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".").replaceAll("\\.class$", "");
                    if (!cls.startsWith("radlab.")) continue;
                    String from = cls.substring(0, cls.lastIndexOf('.'));
                    g.packages.add(from);
                    for (String ref : referencedClasses(Files.readAllBytes(f))) g.add(cls, from, ref.substring(0, ref.lastIndexOf('.')));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return g;
        }

        void add(String cls, String from, String to) {
            packages.add(from);
            packages.add(to);
            if (from.equals(to)) return;
            edges.computeIfAbsent(List.of(from, to), k -> new TreeSet<>()).add(cls.substring(cls.lastIndexOf('.') + 1).replaceAll("\\$.*", ""));
        }

        /** The graph of top-level packages (radlab.nn.layer counted as radlab.nn). */
        Graph collapsed() {
            Graph g = new Graph();
            for (var e : edges.entrySet()) for (String c : e.getValue()) g.add("x." + c, top(e.getKey().get(0)), top(e.getKey().get(1)));
            return g;
        }

        private static String top(String pkg) {
            String[] p = pkg.split("\\.");
            return p[0] + "." + p[1];
        }

        /** Strongly connected components of more than one package (Tarjan). */
        List<Set<String>> components() {
            Map<String, Integer> index = new HashMap<>(), low = new HashMap<>();
            Deque<String> stack = new ArrayDeque<>();
            List<Set<String>> out = new ArrayList<>();
            for (String p : packages) if (!index.containsKey(p)) connect(p, index, low, stack, out);
            return out;
        }

        private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack, List<Set<String>> out) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            for (List<String> e : edges.keySet()) {
                if (!e.get(0).equals(v)) continue;
                String w = e.get(1);
                if (!index.containsKey(w)) {
                    connect(w, index, low, stack, out);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (stack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                Set<String> c = new TreeSet<>();
                String w;
                do {
                    w = stack.pop();
                    c.add(w);
                } while (!w.equals(v));
                if (c.size() > 1) out.add(c);
            }
        }

        List<String> cycles() {
            return components().stream().map(c -> c + ": " + edgesWithin(c)).toList();
        }

        Map<String, Set<String>> edgesWithin(Set<String> c) {
            Map<String, Set<String>> m = new TreeMap<>();
            for (var e : edges.entrySet()) if (c.contains(e.getKey().get(0)) && c.contains(e.getKey().get(1))) m.put(e.getKey().get(0) + " -> " + e.getKey().get(1), e.getValue());
            return m;
        }
    }

    private enum Comparator implements java.util.Comparator<List<String>> {
        LIST;

        @Override
        public int compare(List<String> a, List<String> b) {
            int c = a.get(0).compareTo(b.get(0));
            return c != 0 ? c : a.get(1).compareTo(b.get(1));
        }
    }

    private static final Pattern CLASS_NAME = Pattern.compile("radlab/((?:[a-z0-9_]+/)*)([A-Za-z_][A-Za-z0-9_$]*)");

    /**
     * The radlab classes a class file refers to: every name in its constant pool (class entries, field and method
     * descriptors, generic signatures) except the text of string literals.
     */
    static Set<String> referencedClasses(byte[] classFile) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
            if (in.readInt() != 0xCAFEBABE) throw new IllegalArgumentException("not a class file");
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            boolean[] literal = new boolean[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 8 -> literal[in.readUnsignedShort()] = true;
                    case 7, 16, 19, 20 -> in.skipBytes(2);
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++; // a long or double takes two entries
                    }
                    default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
                }
            }
            Set<String> refs = new TreeSet<>();
            for (int i = 1; i < count; i++) {
                if (utf8[i] == null || literal[i]) continue;
                Matcher m = CLASS_NAME.matcher(utf8[i]);
                while (m.find()) {
                    if (m.group(1).isEmpty()) continue; // radlab/X: no such package
                    refs.add(("radlab/" + m.group(1) + m.group(2)).replace('/', '.'));
                }
            }
            return refs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
