package dev.crowd.qa;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Dependencies point down: REST maps the domain's records to its DTOs, never the other way round. */
class ArchitectureTest {

    static final JavaClasses QA = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.crowd.qa");

    @Test
    void nothingOutsideRestDependsOnRest() {
        noClasses().that().resideOutsideOfPackage("dev.crowd.qa.rest..")
                .should().dependOnClassesThat().resideInAPackage("dev.crowd.qa.rest..")
                .check(QA);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.crowd.qa.(**)").should().beFreeOfCycles().check(QA);
    }

    @Test
    void theDecisionCoreUsesNoFrameworkAndNoEntity() {
        classes().that().resideInAPackage("dev.crowd.qa.core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.crowd.qa.core..",
                        "dev.crowd.consensus..", "dev.crowd.contracts..")
                .check(QA);
    }
}
