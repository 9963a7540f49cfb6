package io.footbridge;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/** Fails the build when a module reaches into another module's internals or modules depend in a cycle. */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(FootbridgeApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
        assertThat(modules.getModuleByName("platform")).isPresent();
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
