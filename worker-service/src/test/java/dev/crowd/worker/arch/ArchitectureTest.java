package dev.crowd.worker.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Dependencies point down: REST resources map domain records to their DTOs, never the other way round,
 * and no two packages depend on each other. Plain JUnit over the compiled classes (no Quarkus).
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.crowd.worker");
    }

    @Test
    void onlyRestClassesUseTheRestPackage() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("dev.crowd.worker.rest..")
                .should().dependOnClassesThat().resideInAPackage("dev.crowd.worker.rest..")
                .because("services and the domain must not know the REST DTOs");
        rule.check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.crowd.(**)").should().beFreeOfCycles().check(classes);
    }
}
