package dev.crowd.payment.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Dependencies point down: REST resources map domain records to their DTOs, never the other way round,
 * and no two packages depend on each other. Plain JUnit over the compiled classes (no Quarkus).
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.crowd.payment");

    @Test
    void onlyRestClassesUseRestClasses() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("dev.crowd.payment.rest..")
                .should().dependOnClassesThat().resideInAPackage("dev.crowd.payment.rest..");
        rule.check(CLASSES);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.crowd.payment.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void settlementRulesDoNoIo() {
        noClasses().that().resideInAPackage("dev.crowd.payment.settlement..")
                .should().dependOnClassesThat().resideInAnyPackage("io.smallrye.mutiny..", "io.quarkus..",
                        "jakarta.persistence..", "io.vertx..", "org.hibernate..", "dev.crowd.payment.repository..",
                        "dev.crowd.payment.service..")
                .check(CLASSES);
    }
}
