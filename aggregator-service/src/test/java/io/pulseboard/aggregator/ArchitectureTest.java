package io.pulseboard.aggregator;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The aggregator's packages depend one way (docs/architecture.md draws them). */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pulseboard.aggregator");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.pulseboard.aggregator.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
