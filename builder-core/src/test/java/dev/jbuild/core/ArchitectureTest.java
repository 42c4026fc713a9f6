package dev.jbuild.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package edges docs/architecture.md writes down, held on the compiled main classes of
 * grammar, builder-cache and builder-core: a rule broken here is a dependency to rethink, or
 * a map to redraw in that document first.
 */
class ArchitectureTest {

    private static final String CORE = "dev.jbuild.core.";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jbuild");

    /** Leaf packages every other one may use; they use only each other, the cache module and the JDK. */
    private static final String[] FOUNDATION = core("fs", "process", "tar", "compress", "image", "error", "progress");

    private static String[] core(String... packages) {
        String[] out = new String[packages.length];
        for (int i = 0; i < packages.length; i++) {
            out[i] = CORE + packages[i] + "..";
        }
        return out;
    }

    // An empty import would pass every rule: the rules see the three modules' classes, and no test's.
    @Test
    void theRulesSeeEveryModulesMainClasses() {
        for (String name : new String[] {"dev.jbuild.grammar.DockerfileParser", "dev.jbuild.cache.index.CacheIndex",
            "dev.jbuild.core.solve.Solver", "dev.jbuild.core.op.RunOp", "dev.jbuild.core.build.ImageBuilder"}) {
            assertTrue(CLASSES.contain(name), name);
        }
        assertFalse(CLASSES.contain(ArchitectureTest.class), "test classes are left out");
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.jbuild.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void foundationPackagesUseNothingAboveThem() {
        noClasses().that().resideInAnyPackage(FOUNDATION)
                .should().dependOnClassesThat().resideInAnyPackage(core("build", "plan", "solve", "op", "exec", "snapshot",
                        "layer", "copy", "context", "source", "store", "registry", "export", "remotecache", "prune", "ssh", "memo"))
                .check(CLASSES);
    }

    // An unchanged build is answered from its memo before anything else loads: what it loads is its start-up time.
    @Test
    void theBuildMemoUsesOnlyTheJdkAndProgressEvents() {
        classes().that().resideInAPackage(CORE + "memo..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(CORE + "memo..", CORE + "progress..", "java..")
                .check(CLASSES);
    }

    @Test
    void onlyTheBuildApiSchedulesAndOnlyTheSchedulerRunsOps() {
        classes().that().resideInAPackage(CORE + "solve..")
                .should().onlyBeAccessed().byAnyPackage(CORE + "solve..", CORE + "build..").check(CLASSES);
        classes().that().resideInAPackage(CORE + "op..")
                .should().onlyBeAccessed().byAnyPackage(CORE + "op..", CORE + "solve..", CORE + "build..").check(CLASSES);
    }

    @Test
    void nothingInCoreDependsOnTheBuildApi() {
        noClasses().that().resideOutsideOfPackage(CORE + "build..")
                .should().dependOnClassesThat().resideInAPackage(CORE + "build..").check(CLASSES);
    }

    @Test
    void theEngineKnowsNoExporterOrSharedCache() {
        noClasses().that().resideInAnyPackage(core("plan", "solve", "op", "exec", "snapshot", "layer", "copy", "context",
                        "source"))
                .should().dependOnClassesThat().resideInAnyPackage(core("export", "remotecache")).check(CLASSES);
    }

    @Test
    void sandboxesKnowNeitherStepsNorSnapshots() {
        noClasses().that().resideInAPackage(CORE + "exec..")
                .should().dependOnClassesThat().resideInAnyPackage(core("snapshot", "op", "solve", "plan", "copy", "context"))
                .check(CLASSES);
    }

    @Test
    void dockerfileSyntaxStopsAtThePlanner() {
        noClasses().that().resideInAnyPackage(core("exec", "snapshot", "layer", "op", "copy", "export", "store", "registry",
                        "prune", "tar", "fs"))
                .should().dependOnClassesThat().resideInAnyPackage("dev.jbuild.grammar", "dev.jbuild.grammar.instruction..",
                        "dev.jbuild.grammar.shell..", "dev.jbuild.grammar.lint..")
                .check(CLASSES);
    }

    @Test
    void grammarAndCacheStandAlone() {
        noClasses().that().resideInAPackage("dev.jbuild.grammar..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jbuild.core..", "dev.jbuild.cache..").check(CLASSES);
        noClasses().that().resideInAPackage("dev.jbuild.cache..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jbuild.core..", "dev.jbuild.grammar..").check(CLASSES);
    }
}
