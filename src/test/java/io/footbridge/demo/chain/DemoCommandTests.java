package io.footbridge.demo.chain;

import io.footbridge.demo.DemoWorld;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo command's options, in both spellings, with Spring's own settings passing by. */
class DemoCommandTests {

    @Test
    void readsItsOptionsAndLeavesSpringsSettingsAlone() {
        DemoWorld.Options options = DemoCommand.options(new String[]{"demo", "--seed", "42", "--stores=3",
                "--customers", "500", "--months=2", "--spring.datasource.url=jdbc:h2:mem:x"});
        assertThat(options).isEqualTo(new DemoWorld.Options(42, 3, 500, 2, "demo.footbridge.local"));
        assertThat(DemoCommand.options(new String[]{"demo"})).isEqualTo(DemoWorld.Options.defaults());
    }

    @Test
    void refusesWhatItCannotBuild() {
        assertThatThrownBy(() -> DemoCommand.options(new String[]{"demo", "--stores", "11"}))
                .hasMessageContaining("--stores takes 1 to 10");
        assertThatThrownBy(() -> DemoCommand.options(new String[]{"demo", "--months", "many"}))
                .hasMessageContaining("--months needs a number");
        assertThatThrownBy(() -> DemoCommand.options(new String[]{"demo", "--shops", "3"}))
                .hasMessageContaining("unknown option --shops");
        assertThatThrownBy(() -> DemoCommand.options(new String[]{"demo", "--seed"}))
                .hasMessageContaining("--seed needs a value");
    }
}
