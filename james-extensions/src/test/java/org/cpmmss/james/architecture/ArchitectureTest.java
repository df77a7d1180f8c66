package org.cpmmss.james.architecture;


import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SliceRule;

/**
 * The shape of the house (docs/architecture.md), checked on the compiled main classes of both modules: no package
 * cycle, every arrow between the layers points down, the doors do not import each other, and the domain module
 * (cpm-recording-mailets) holds no James mailbox, H2 or JDBC type.
 *
 * <p>{@link #TEMPORARY_ALLOWLIST} lists the arrows of today's code that other work of issue 25 removes; each entry
 * names its owner, and is deleted when that work has merged. Do not add entries for new code.</p>
 */
class ArchitectureTest {
    static final String SERVER = "Server";
    static final String DOORS = "Doors";
    static final String ADAPTERS = "Adapters";
    static final String PLUMBING = "Plumbing";
    static final String PIPELINE = "Pipeline";
    static final String FORMATS = "Formats";

    static final DescribedPredicate<JavaClass> DOOR_PACKAGES = resideInAnyPackage(
        "org.cpmmss.james.doors..", "org.cpmmss.james.http..", "org.cpmmss.james.sip..", "org.cpmmss.james.imap..",
        "org.cpmmss.james.ops..");
    static final DescribedPredicate<JavaClass> ADAPTER_PACKAGES = resideInAnyPackage(
        "org.cpmmss.james.mailbox..", "org.cpmmss.james.state..", "org.cpmmss.james.outbound..",
        "org.cpmmss.james.store..", "org.cpmmss.james.search..", "org.cpmmss.james.security..",
        // the James side of the one hand-over into the pipeline (PipelineSubmission, MailetContainerHandOver)
        "org.cpmmss.james.pipeline..",
        // adapters that live beside their Guice modules (notifications, deferred queue, conversation folders)
        "org.cpmmss.james.recording..", "org.cpmmss.james.deferred..", "org.cpmmss.james.notifications..")
        .and(not(DOOR_PACKAGES));

    /**
     * Arrows of today's code that break a rule below, each removed by the named work of issue 25 (or issue 22).
     * TEMPORARY: delete an entry once its owner's branch has merged and the test passes without it.
     */
    static final List<Allowed> TEMPORARY_ALLOWLIST = List.of();

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("org.cpmmss");

    @Test
    void importsBothModules() {
        // a rule checked on nothing passes: make sure the domain and the adapters are both seen
        assertThat(MAIN_CLASSES.containPackage("org.cpmmss.cpm.cpim")).isTrue();
        assertThat(MAIN_CLASSES.containPackage("org.cpmmss.james.server")).isTrue();
    }

    @Test
    void noPackageCycle() {
        allowlisted(packageCycles()).check(MAIN_CLASSES);
    }

    @Test
    void everyArrowBetweenLayersPointsDown() {
        allowlisted(layers()).check(MAIN_CLASSES);
    }

    @Test
    void doorsDoNotImportEachOther() {
        allowlisted(doorsApart()).check(MAIN_CLASSES);
    }

    @Test
    void theDomainHoldsNoMailboxH2OrJdbcType() {
        domainFreeOfStorageTypes().check(MAIN_CLASSES);
    }

    @Test
    void theRulesCatchWhatTheyForbid() {
        // fixtures of the test tree (never part of MAIN_CLASSES): each rule fails on its own kind of arrow
        JavaClasses upAndBack = new ClassFileImporter().importClasses(
            org.cpmmss.james.plumbing.archfixture.PlumbingReachingUp.class,
            org.cpmmss.james.server.archfixture.AssemblyFixture.class);
        assertThat(packageCycles().evaluate(upAndBack).hasViolation()).isTrue();
        assertThat(layers().evaluate(upAndBack).getFailureReport().getDetails())
            .anyMatch(line -> line.contains("PlumbingReachingUp.assembly"))
            .noneMatch(line -> line.contains("AssemblyFixture.plumbing"));
        JavaClasses doors = new ClassFileImporter().importClasses(
            org.cpmmss.james.http.archfixture.HttpDoorFixture.class, org.cpmmss.james.sip.archfixture.SipDoorFixture.class);
        assertThat(doorsApart().evaluate(doors).hasViolation()).isTrue();
        JavaClasses jdbcStep = new ClassFileImporter().importClasses(org.cpmmss.recording.archfixture.StepUsingJdbc.class);
        assertThat(domainFreeOfStorageTypes().evaluate(jdbcStep).hasViolation()).isTrue();
    }

    /** Every package of org.cpmmss is a slice; no slice may reach itself again. */
    static SliceRule packageCycles() {
        return slices().matching("org.cpmmss.(**)").should().beFreeOfCycles();
    }

    /** The layers of SHAPE-PLAN / docs/architecture.md, top to bottom; every class of org.cpmmss is in one. */
    static LayeredArchitecture layers() {
        return Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer(SERVER).definedBy("org.cpmmss.james.server..")
            .layer(DOORS).definedBy(DOOR_PACKAGES)
            .layer(ADAPTERS).definedBy(ADAPTER_PACKAGES)
            .layer(PLUMBING).definedBy("org.cpmmss.james.plumbing..")
            .layer(PIPELINE).definedBy("org.cpmmss.recording..")
            .layer(FORMATS).definedBy("org.cpmmss.cpm..")
            .whereLayer(SERVER).mayNotBeAccessedByAnyLayer()
            .whereLayer(DOORS).mayOnlyBeAccessedByLayers(SERVER)
            .whereLayer(ADAPTERS).mayOnlyBeAccessedByLayers(SERVER, DOORS)
            .whereLayer(PLUMBING).mayOnlyBeAccessedByLayers(SERVER, DOORS, ADAPTERS)
            .whereLayer(PIPELINE).mayOnlyBeAccessedByLayers(SERVER, DOORS, ADAPTERS, PLUMBING)
            .whereLayer(FORMATS).mayOnlyBeAccessedByLayers(SERVER, DOORS, ADAPTERS, PLUMBING, PIPELINE)
            .ensureAllClassesAreContainedInArchitecture();
    }

    /** One slice per door (SMTP/LMTP, HTTP, SIP, IMAP, ops); no slice depends on another. */
    static SliceRule doorsApart() {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                if (!DOOR_PACKAGES.test(javaClass)) {
                    return SliceIdentifier.ignore();
                }
                String rest = javaClass.getPackageName().substring("org.cpmmss.james.".length());
                int dot = rest.indexOf('.');
                return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
            }

            @Override
            public String getDescription() {
                return "the doors";
            }
        }).should().notDependOnEachOther();
    }

    /** The domain (cpm-recording-mailets) talks to storage only through its ports. */
    static com.tngtech.archunit.lang.ArchRule domainFreeOfStorageTypes() {
        return noClasses().that().resideInAnyPackage("org.cpmmss.recording..", "org.cpmmss.cpm..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.james.mailbox..", "org.h2..", "java.sql..",
                "javax.sql..");
    }

    private static SliceRule allowlisted(SliceRule rule) {
        SliceRule result = rule;
        for (Allowed allowed : TEMPORARY_ALLOWLIST) {
            result = result.ignoreDependency(allowed.origin(), allowed.target());
        }
        return result;
    }

    private static LayeredArchitecture allowlisted(LayeredArchitecture rule) {
        LayeredArchitecture result = rule;
        for (Allowed allowed : TEMPORARY_ALLOWLIST) {
            result = result.ignoreDependency(allowed.origin(), allowed.target());
        }
        return result;
    }

    /**
     * One tolerated arrow: from classes matching {@code from} to classes matching {@code to} (a class name, or an
     * ArchUnit package pattern such as {@code org.cpmmss.james.deferred..}), with the owner who removes it.
     */
    record Allowed(String from, String to, String owner, String why) {
        DescribedPredicate<JavaClass> origin() {
            return matching(from);
        }

        DescribedPredicate<JavaClass> target() {
            return matching(to);
        }

        private static DescribedPredicate<JavaClass> matching(String pattern) {
            String last = pattern.substring(pattern.lastIndexOf('.') + 1);
            if (!last.isEmpty() && Character.isUpperCase(last.charAt(0))) {
                return JavaClass.Predicates.belongToAnyOf(classNamed(pattern));
            }
            return resideInAPackage(pattern);
        }

        private static Class<?> classNamed(String name) {
            try {
                return Class.forName(name, false, ArchitectureTest.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("allowlist entry names a class that no longer exists: " + name
                    + " (delete the entry)", e);
            }
        }
    }
}
