package io.footbridge.platform;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every command reads its options the one way, and says clearly what it cannot read. */
class CommandOptionsTests {

    private static final CommandOptions.Spec SPEC = CommandOptions.Spec.of("input", "rate", "map")
            .withFlags("explain").after("bench", "http");

    @Test
    void readsBothFormsFlagsAndRepeatsAfterTheCommandsName() {
        CommandOptions given = CommandOptions.parse(new String[]{"bench", "http", "--input", "a.csv", "--rate=20",
                "--explain", "--map=email=E-Mail", "--map", "phone=Tel", "--input", "b.csv"}, SPEC);

        assertThat(given.values("input")).containsExactly("a.csv", "b.csv");
        assertThat(given.value("input")).contains("b.csv");
        assertThat(given.number("rate", 0)).isEqualTo(20);
        assertThat(given.flag("explain")).isTrue();
        assertThat(given.values("map")).containsExactly("email=E-Mail", "phone=Tel");
        assertThat(given.asMap()).isEqualTo(Map.of("input", "b.csv", "rate", "20", "explain", "true",
                "map", "phone=Tel"));
        assertThat(CommandOptions.parse(new String[]{"bench", "http"}, SPEC).number("rate", 7)).isEqualTo(7);
    }

    @Test
    void readsAnApplicationsArgumentsAsABenchmarkGetsThem() {
        // as the launcher hands them on: its own settings first, then the command, its name and its options
        CommandOptions given = CommandOptions.parse(new String[]{"--server.port=0", "--footbridge.command=bench",
                "bench", "offers", "--clients=50", "--codes", "9999999999"}, CommandOptions.Spec.of("clients", "codes",
                "seconds").after("bench", "offers").passingSpringSettings());

        assertThat(given.count("clients", 200)).isEqualTo(50);
        assertThat(given.count("seconds", 20)).isEqualTo(20);
        assertThat(given.count("codes", 0)).as("as many as fit").isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> CommandOptions.parse(new String[]{"--clients=-1"}, CommandOptions.Spec.of("clients"))
                .count("clients", 200)).hasMessage("--clients needs a count, not -1");
    }

    @Test
    void refusesUnknownOptionsMissingValuesAndStrayWordsByName() {
        assertThatThrownBy(() -> CommandOptions.parse(new String[]{"--rat", "3"}, SPEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option --rat (known: --explain, --input, --map, --rate)");
        assertThatThrownBy(() -> CommandOptions.parse(new String[]{"--rate"}, SPEC))
                .hasMessage("--rate needs a value");
        assertThatThrownBy(() -> CommandOptions.parse(new String[]{"--rate", "--input", "x"}, SPEC))
                .hasMessage("--rate needs a value");
        assertThatThrownBy(() -> CommandOptions.parse(new String[]{"--explain=yes"}, SPEC))
                .hasMessage("--explain takes no value");
        assertThatThrownBy(() -> CommandOptions.parse(new String[]{"--input", "a", "b"}, SPEC))
                .hasMessage("unexpected argument: b");
        assertThatThrownBy(() -> CommandOptions.parse(new String[]{"--rate", "fast"}, SPEC).number("rate", 0))
                .hasMessage("--rate needs a number, not fast");
    }

    @Test
    void letsSpringsSettingsPassWhereTheCommandRunsInsideTheApplication() {
        String[] launched = {"--footbridge.command=demo", "demo", "--spring.datasource.url=jdbc:h2:mem:x",
                "--stores", "3"};
        CommandOptions given = CommandOptions.parse(launched,
                CommandOptions.Spec.of("stores").after("demo").passingSpringSettings());
        assertThat(given.number("stores", 1)).isEqualTo(3);
        assertThatThrownBy(() -> CommandOptions.parse(launched, CommandOptions.Spec.of("stores").after("demo")))
                .hasMessageStartingWith("unknown option --footbridge.command");
    }
}
