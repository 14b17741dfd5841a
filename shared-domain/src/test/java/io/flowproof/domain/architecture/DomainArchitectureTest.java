package io.flowproof.domain.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * shared-domain knows nothing of Spring, SQL, JSON libraries or HTTP: it may use java.*, Reactor and the
 * expression engines' libraries (CEL with its Guava/protobuf, Rhino) only.
 */
class DomainArchitectureTest {

    static final ArchRule DOMAIN_IS_PURE = noClasses()
            .that().resideInAPackage("io.flowproof.domain..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "io.r2dbc..", "java.sql..", "javax.sql..", "tools.jackson..",
                    "com.fasterxml.jackson..", "java.net.http..", "io.netty..", "reactor.netty..", "org.postgresql..",
                    "org.flywaydb..", "jakarta.servlet..", "com.amazonaws..", "software.amazon..")
            .because("the domain is pure: adapters live in infra, wiring in functions");

    static final ArchRule ENGINES_STAY_IN_THEIR_PACKAGES = noClasses()
            .that().resideInAPackage("io.flowproof.domain..")
            .and().resideOutsideOfPackages("io.flowproof.domain.expression.cel..")
            .should().dependOnClassesThat().resideInAPackage("dev.cel..")
            .because("only the CEL engine talks to CEL");

    @Test
    void domainDependsOnNoFrameworkOrAdapterLibrary() {
        JavaClasses domain = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.flowproof.domain");
        assertThat(domain).hasSizeGreaterThan(20);
        DOMAIN_IS_PURE.check(domain);
        ENGINES_STAY_IN_THEIR_PACKAGES.check(domain);
    }

    @Test
    void theRuleCatchesAPlantedViolation() {
        JavaClasses planted = new ClassFileImporter().importClasses(PlantedViolation.class);
        assertThatThrownBy(() -> DOMAIN_IS_PURE.check(planted))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("java.net.http.HttpClient");
    }

    /** A domain-package class that reaches for HTTP: the rule must refuse it. */
    static final class PlantedViolation {
        Object client() {
            return java.net.http.HttpClient.newHttpClient();
        }
    }
}
