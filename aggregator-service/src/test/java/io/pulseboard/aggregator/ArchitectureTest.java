package io.pulseboard.aggregator;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The aggregator's packages depend one way (docs/architecture.md draws them). */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pulseboard.aggregator");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.pulseboard.aggregator.(*)..")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }

    /** The engine and the shared helpers are leaves: anything may use them, they use nothing of the aggregator. */
    @ParameterizedTest
    @ValueSource(strings = {"aggregation", "support"})
    void leavesUseNothingElseOfTheAggregator(String leaf) {
        String own = "io.pulseboard.aggregator." + leaf + "..";
        noClasses()
                .that()
                .resideInAPackage(own)
                .should()
                .dependOnClassesThat(
                        resideInAPackage("io.pulseboard.aggregator..").and(not(resideInAPackage(own))))
                .check(CLASSES);
    }
}
