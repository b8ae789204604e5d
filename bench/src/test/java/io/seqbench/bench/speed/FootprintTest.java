package io.seqbench.bench.speed;

import io.seqbench.bench.run.AvailableBackends;
import io.seqbench.common.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The footprint table is the build's: each backend's jars are exactly the files of its module's resolved run-time class
 * path (written by Maven) that common's does not list, with their sizes on disk, recomputed here from those files.
 */
public class FootprintTest {
    @TempDir
    Path tmp;

    @Test
    void everyBackendsJarsAreTheBuildsResolvedClassPathBeyondCommon() throws Exception {
        Set<String> common = new HashSet<>();
        for (String p : Files.readString(Path.of("..", "common", "target", "classes", Footprint.CLASSPATH)).trim().split(":")) {
            common.add(Path.of(p).getFileName().toString());
        }
        List<Backend> backends = AvailableBackends.all();
        Backend tribuo = backends.stream().filter(b -> b.id().equals("tribuo")).findFirst().orElseThrow();
        Footprint.Entry t = Footprint.of(tribuo);
        Path module = Path.of("..", "backend-tribuo", "target", "classes", Footprint.CLASSPATH);
        long expected = 0;
        int jars = 0;
        for (String p : Files.readString(module).trim().split(":")) {
            Path jar = Path.of(p);
            if (!common.contains(jar.getFileName().toString()) && !Files.isDirectory(jar)
                    && !jar.getFileName().toString().startsWith("seqbench-")) {
                expected += Files.size(jar);
                jars++;
            }
        }
        assertEquals(expected, t.jarBytes(), "tribuo's jar bytes, recomputed from the build's list");
        assertEquals(jars, t.jars().size());
        assertTrue(t.jars().stream().anyMatch(j -> j.name().startsWith("tribuo-regression-sgd")), t.jars().toString());
        assertEquals(0, t.nativeCacheBytes(), "pure Java: nothing unpacked");
        assertTrue(t.jars().stream().noneMatch(j -> j.name().startsWith("jackson-databind")), "common's jars are not counted");

        assertTrue(t.freshJvmResidentKb() > 10_000, "a fresh JVM that trained and predicted: " + t.freshJvmResidentKb());
        Footprint.write(tmp, new Footprint.Measured("abc", java.util.Map.of("cpu", "test"), List.of(t,
                new Footprint.Entry("big", List.of(new Footprint.Jar("x.jar", 90_000_000)), 90_000_000, 10_000_000, 0))));
        String md = Footprint.markdown(tmp);
        assertTrue(md.indexOf("| tribuo |") < md.indexOf("| big |"), "smallest first: " + md);
        assertTrue(md.contains("| big | 1 | 90.0 | x.jar 90.0 | 10.0 | 100.0 |"), md);
        assertTrue(md.contains("| not measured |"), md);
    }
}
