package io.seqbench.bench.speed;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.seqbench.common.Backend;
import io.seqbench.common.result.ResultJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What each backend adds to a deployment: the jars its module needs at run time for linux-x86_64, as Maven resolved
 * them at build time ({@code META-INF/seqbench/runtime.classpath}, written by the build into each module's classes),
 * less what {@code common} already brings; and the native libraries it unpacks at run time
 * ({@link Backend#nativeLibraries}). Written to {@code footprint.json}; the report makes the table.
 */
public final class Footprint {
    public static final String FILE = "footprint.json";
    /** Where the build writes a module's resolved run-time class path. */
    public static final String CLASSPATH = "META-INF/seqbench/runtime.classpath";

    private Footprint() {
    }

    /**
     * One backend's footprint.
     *
     * @param jars             the run-time jars beyond common's, by file name
     * @param jarBytes         their total size
     * @param nativeCacheBytes the size of the native libraries it unpacked and loaded; 0 for none
     * @param freshJvmResidentKb a fresh JVM's resident memory after loading the backend, training sum3's linear fix for
     *                           5 epochs and predicting once ({@link FootprintProbe}); 0 where not measured
     */
    @JsonPropertyOrder(alphabetic = false)
    public record Entry(String backend, List<Jar> jars, long jarBytes, long nativeCacheBytes, long freshJvmResidentKb) {
    }

    /** One run-time jar and its size. */
    public record Jar(String name, long bytes) {
    }

    /** The run-time class path the build resolved for the module that holds {@code type}, in order. */
    public static List<Path> classpath(Class<?> type) {
        try {
            Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            String text;
            if (Files.isDirectory(location)) {
                text = Files.readString(location.resolve(CLASSPATH), StandardCharsets.UTF_8);
            } else {
                try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(location.toFile())) {
                    java.util.zip.ZipEntry e = jar.getEntry(CLASSPATH);
                    if (e == null) {
                        throw new IOException(location + " has no " + CLASSPATH);
                    }
                    text = new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Stream.of(text.trim().split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("no resolved class path for " + type.getName() + " (build the project with "
                    + "Maven): " + e.getMessage(), e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The backend's jars beyond common's, and its native cache's size (which loads its natives). */
    public static Entry of(Backend backend) {
        Set<Path> common = new LinkedHashSet<>(classpath(Backend.class));
        List<Path> own = new ArrayList<>();
        for (Path p : classpath(backend.getClass())) {
            if (!common.contains(p) && !suiteModule(p)) {
                own.add(p);
            }
        }
        long bytes = own.stream().mapToLong(Footprint::size).sum();
        long cache = backend.nativeLibraries().stream().mapToLong(Footprint::size).sum();
        return new Entry(backend.id(), own.stream().map(p -> new Jar(p.getFileName().toString(), size(p))).toList(), bytes,
                cache, freshJvmKb(backend.id()));
    }

    /** {@link FootprintProbe} in its own JVM with the forks' options; 0 if it cannot run (a backend only tests know). */
    static long freshJvmKb(String backend) {
        try {
            Process p = ProbeJvm.of(FootprintProbe.class, backend).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return 0;
            }
            return out.lines().filter(l -> l.startsWith(FootprintProbe.PREFIX)).findFirst()
                    .map(l -> Long.parseLong(l.substring(FootprintProbe.PREFIX.length()).split(" ")[0])).orElse(0L);
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Whether a class-path entry is one of the suite's own modules, not the framework's: a module's classes directory
     * (in a reactor build) or its jar (once installed).
     */
    public static boolean suiteModule(Path entry) {
        return Files.isDirectory(entry) || entry.getFileName().toString().startsWith("seqbench-");
    }

    /** A file's size, or a directory tree's total. */
    public static long size(Path p) {
        if (!Files.isDirectory(p)) {
            try {
                return Files.size(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (Stream<Path> all = Files.walk(p)) {
            return all.filter(Files::isRegularFile).mapToLong(Footprint::size).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What footprint.json holds: the commit and machine that measured it, and each backend's entry. */
    @JsonPropertyOrder(alphabetic = false)
    public record Measured(String gitCommit, java.util.Map<String, String> machine, List<Entry> backends) {
    }

    public static void write(Path dir, Measured measured) throws IOException {
        ResultJson.write(dir.resolve(FILE), measured);
    }

    /** The entries of a footprint.json (a bare list in files made before the commit and machine were recorded). */
    static List<Entry> read(Path file) throws IOException {
        com.fasterxml.jackson.databind.JsonNode n = ResultJson.mapper().readTree(file.toFile());
        return n.isArray() ? List.of(ResultJson.mapper().treeToValue(n, Entry[].class))
                : ResultJson.mapper().treeToValue(n, Measured.class).backends();
    }

    /** The report's section, or "" where the directory has no footprint.json. */
    public static String markdown(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return "";
        }
        List<Entry> entries = read(file);
        long best = entries.stream().mapToLong(e -> e.jarBytes() + e.nativeCacheBytes()).min().orElse(1);
        StringBuilder md = new StringBuilder("\n## Footprint\n\nWhat each backend adds to a deployment on linux-x86_64: "
                + "the jars its module needs at run time as Maven resolved them at build time (beyond the suite's common "
                + "module), and the native libraries it unpacks and loads at run time. A module can declare more than one deployment needs "
                + "(alternative native builds for the set-up comparison): the largest jars say which. Sorted, smallest first. The last column is a fresh "
                + "JVM's resident memory (the forks' options, -Xmx4g) after loading the backend alone, training sum3's linear "
                + "fix for 5 epochs and predicting once. From `" + FILE + "`.\n\n"
                + "| backend | run-time jars | jars (MB) | largest jars (MB) | unpacked natives (MB) | total (MB) | x smallest "
                + "| fresh JVM, trained and predicted once (MB resident) |\n|---|---|---|---|---|---|---|---|\n");
        entries.stream().sorted(java.util.Comparator.comparingLong(e -> e.jarBytes() + e.nativeCacheBytes()))
                .forEach(e -> md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %s | %.1f | %.1f | %.1fx | %s |%n", e.backend(),
                        e.jars().size(), e.jarBytes() / 1e6, e.jars().stream().sorted(java.util.Comparator.comparingLong(
                                Jar::bytes).reversed()).limit(3).map(j -> String.format(Locale.ROOT, "%s %.1f", j.name(),
                                j.bytes() / 1e6)).collect(java.util.stream.Collectors.joining(", ")), e.nativeCacheBytes() / 1e6,
                        (e.jarBytes() + e.nativeCacheBytes()) / 1e6,
                        (e.jarBytes() + e.nativeCacheBytes()) / (double) Math.max(1, best),
                        e.freshJvmResidentKb() > 0 ? String.format(Locale.ROOT, "%.0f", e.freshJvmResidentKb() / 1024.0)
                                : "not measured")));
        return md.toString();
    }
}
