package io.seqbench.common;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * No class outside its own backend module imports a framework, and common depends on none: checked on the sources
 * of every module, so that a stray import fails the build rather than a reviewer's eye.
 */
class ModuleBoundaryTest {
    /** Framework package prefix -> the only module allowed to import it. */
    static final Map<String, String> OWNER = Map.of(
            "org.deeplearning4j", "backend-dl4j",
            "org.nd4j", "backend-dl4j",
            "org.bytedeco", "backend-dl4j",
            "ai.djl", "backend-djl",
            "org.tribuo", "backend-tribuo",
            "com.oracle.labs.mlrg", "backend-tribuo");

    @Test
    void frameworksAreImportedOnlyByTheirBackend() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.exists(root.resolve("pom.xml")), "run from the common module: " + root);
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java") && !f.toString().contains("/target/")).toList()) {
                String module = root.relativize(p).getName(0).toString();
                for (String line : Files.readAllLines(p)) {
                    String s = line.trim();
                    if (!s.startsWith("import ")) {
                        continue;
                    }
                    OWNER.forEach((prefix, owner) -> {
                        if (s.matches("import (static )?" + prefix.replace(".", "\\.") + "\\..*") && !module.equals(owner)) {
                            violations.add(root.relativize(p) + ": " + s);
                        }
                    });
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void commonPomDeclaresNoFramework() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        for (String prefix : OWNER.keySet()) {
            assertFalse(pom.contains("<groupId>" + prefix), "common must not depend on " + prefix);
        }
    }
}
