package radlab.notebook.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;

/**
 * A minimal Java Jupyter kernel for radlab's notebooks, built on JJava's protocol library ({@code jjava-jupyter},
 * which Maven Central serves). It exists because the JJava kernel itself ({@code jjava-kernel}) is not served by the
 * registries reachable here; it keeps the IJava/JJava conventions the notebooks rely on — the {@code display(...)}
 * function, {@code %jars} and {@code %classpath} line magics, the last expression of a cell as its result — so the
 * same notebooks run in a stock IJava or JJava kernel.
 *
 * <p>Cells are split into snippets with JShell's source analysis and evaluated in this JVM (JShell's "local"
 * execution engine), so radlab classes, ND4J and the notebook statics are shared with the kernel.
 */
public final class RadlabKernel extends BaseKernel {
    private final JShell shell;
    private final SourceCodeAnalysis analysis;

    private RadlabKernel(Builder b, MagicParser parser, Renderer renderer) {
        super(b.name(), b.version(), new LanguageInfo("Java", Runtime.version().toString(), "text/x-java-source", ".jshell", "java", "java", "java"),
                List.of(), null, new org.dflib.jjava.jupyter.kernel.JupyterIO(java.nio.charset.StandardCharsets.UTF_8),
                new org.dflib.jjava.jupyter.kernel.comm.CommManager(), renderer, parser, b.magics(), false, b.errorStyler());
        this.shell = JShell.builder().executionEngine("local").out(System.out).err(System.err).build();
        this.shell.addToClasspath(System.getProperty("radlab.kernel.classpath", System.getProperty("java.class.path")));
        this.analysis = shell.sourceCodeAnalysis();
        // IJava/JJava notebooks call display(...), render(...) and the transpiled magics lineMagic(...) unqualified.
        evalSnippet("import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*;");
    }

    /** The error's own message first (JShell wraps user exceptions), then the usual stack lines. */
    @Override
    public List<String> formatError(Throwable e) {
        List<String> lines = new ArrayList<>();
        lines.add(errorStyler.secondary(e.getMessage() == null ? e.getClass().getName() : e.getMessage()));
        if (!(e instanceof IllegalArgumentException)) lines.addAll(super.formatError(e));
        return lines;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Adds jars or directories (path-separator separated) to the snippets' classpath. */
    public void addToClasspath(String paths) {
        for (String p : paths.split(java.io.File.pathSeparator)) if (!p.isBlank()) shell.addToClasspath(p);
    }

    /** Evaluates every complete snippet of the cell; returns the value of the last expression (as JShell renders it). */
    @Override
    public Object evalRaw(String source) {
        Object last = null;
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(magicParser.resolveMagics(source));
        while (info.completeness().isComplete()) {
            last = evalSnippet(info.source());
            info = analysis.analyzeCompletion(info.remaining());
        }
        if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
            throw new IllegalStateException("incomplete input: " + info.remaining().trim());
        }
        // ND4J's arrays live in native memory that only a collection frees; a cell's garbage is small on the heap, so
        // without this the kernel's resident memory grew to 2.6 GB over a notebook with a 1 GiB heap
        System.gc();
        return last;
    }

    private Object evalSnippet(String code) {
        List<SnippetEvent> events = shell.eval(code);
        Object value = null;
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) continue;
            JShellException ex = e.exception();
            if (ex != null) {
                if (ex instanceof EvalException ee) throw new RuntimeException(ee.getExceptionClassName() + ": " + ee.getMessage(), ee);
                throw new RuntimeException(ex);
            }
            if (!e.status().isDefined()) {
                String diagnostics = shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).collect(Collectors.joining("\n"));
                throw new IllegalArgumentException("compilation failed:\n" + e.snippet().source().trim() + "\n" + diagnostics);
            }
            Snippet.SubKind kind = e.snippet().subKind();
            boolean expression = kind == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND || kind == Snippet.SubKind.OTHER_EXPRESSION_SUBKIND
                    || kind == Snippet.SubKind.VAR_VALUE_SUBKIND;
            value = expression && e.value() != null && !e.value().isEmpty() ? e.value() : null;
        }
        return value;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return null;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> options = new ArrayList<>();
        for (SourceCodeAnalysis.Suggestion s : analysis.completionSuggestions(code, at, anchor)) options.add(s.continuation());
        return options.isEmpty() ? null : new ReplacementOptions(options, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        SourceCodeAnalysis.Completeness c = analysis.analyzeCompletion(code).completeness();
        return c.isComplete() || c == SourceCodeAnalysis.Completeness.EMPTY ? IS_COMPLETE_YES
                : c == SourceCodeAnalysis.Completeness.UNKNOWN ? IS_COMPLETE_BAD : IS_COMPLETE_MAYBE;
    }

    @Override
    public void onShutdown(boolean restart) {
        shell.close();
        super.onShutdown(restart);
    }

    /** Builder with the IJava-compatible magics registered. */
    public static final class Builder extends BaseKernelBuilder<Builder, RadlabKernel> {
        Builder() {
            lineMagic("jars", (org.dflib.jjava.jupyter.kernel.magic.LineMagic<Object, RadlabKernel>) (k, args) -> {
                k.addToClasspath(String.join(java.io.File.pathSeparator, args));
                return null;
            });
            lineMagic("classpath", (org.dflib.jjava.jupyter.kernel.magic.LineMagic<Object, RadlabKernel>) (k, args) -> {
                k.addToClasspath(String.join(java.io.File.pathSeparator, args));
                return null;
            });
        }

        String name() {
            return buildName();
        }

        String version() {
            return buildVersion();
        }

        org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry magics() {
            return buildMagicsRegistry();
        }

        org.dflib.jjava.jupyter.kernel.util.StringStyler errorStyler() {
            return buildErrorStyler();
        }

        @Override
        public RadlabKernel build() {
            Renderer renderer = buildRenderer();
            Image.registerAll(renderer);
            return new RadlabKernel(this, new MagicParser("(?<=(?:^|=))\\s*%", "%%", buildMagicTranspiler()), renderer);
        }
    }
}
