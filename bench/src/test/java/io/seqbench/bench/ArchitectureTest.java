package io.seqbench.bench;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture as rules on the compiled classes of every module: data flows one way (cli, then run, then the
 * files, then report), only the CLI speaks picocli, only a backend module touches its framework, and no package
 * cycle hides a back door.
 */
class ArchitectureTest {
    static final JavaClasses SEQBENCH = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.seqbench");

    /** Backend package -> the framework packages only it may use. */
    static final Map<String, String[]> FRAMEWORKS = Map.of(
            "io.seqbench.djl..", new String[]{"ai.djl.."},
            "io.seqbench.dl4j..", new String[]{"org.nd4j..", "org.deeplearning4j..", "org.bytedeco.."},
            "io.seqbench.tribuo..", new String[]{"org.tribuo..", "com.oracle.labs.mlrg.."},
            "io.seqbench.tensorflow..", new String[]{"org.tensorflow.."});

    @Test
    void onlyABackendModuleUsesItsFramework() {
        FRAMEWORKS.forEach((backend, framework) -> noClasses().that().resideOutsideOfPackage(backend)
                .should().dependOnClassesThat().resideInAnyPackage(framework)
                .because("a framework belongs to its backend module alone").check(SEQBENCH));
    }

    @Test
    void commonAndTheBackendsStandOnNothingAboveThem() {
        noClasses().that().resideInAPackage("io.seqbench.common..")
                .should().dependOnClassesThat().resideInAnyPackage("io.seqbench.bench..", "io.seqbench.djl..",
                        "io.seqbench.dl4j..", "io.seqbench.tribuo..", "io.seqbench.tensorflow..")
                .check(SEQBENCH);
        noClasses().that().resideInAnyPackage("io.seqbench.djl..", "io.seqbench.dl4j..", "io.seqbench.tribuo..",
                        "io.seqbench.tensorflow..")
                .should().dependOnClassesThat().resideInAPackage("io.seqbench.bench..")
                .because("bench reaches the backends through the ServiceLoader only").check(SEQBENCH);
    }

    @Test
    void theReportSideNeverImportsTheRunSide() {
        noClasses().that().resideInAnyPackage("io.seqbench.bench.report..", "io.seqbench.bench.results..",
                        "io.seqbench.bench.stats..")
                .should().dependOnClassesThat().resideInAnyPackage("io.seqbench.bench.run..", "io.seqbench.bench.cli..")
                .because("reports are made from the result files alone").check(SEQBENCH);
    }

    @Test
    void onlyTheCliUsesPicocliAndNothingCallsBackIntoIt() {
        noClasses().that().resideOutsideOfPackage("io.seqbench.bench.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..").check(SEQBENCH);
        noClasses().that().resideOutsideOfPackage("io.seqbench.bench.cli..").and().doNotHaveFullyQualifiedName(Main.class.getName())
                .should().dependOnClassesThat().resideInAPackage("io.seqbench.bench.cli..")
                .because("the CLI calls the rest, never the other way").check(SEQBENCH);
    }

    @Test
    void noCyclesBetweenBenchPackages() {
        slices().matching("io.seqbench.bench.(*)..").should().beFreeOfCycles().check(SEQBENCH);
    }
}
