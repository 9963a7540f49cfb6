package io.footbridge.demo.chain;

import io.footbridge.demo.DemoWorld;
import io.footbridge.platform.CommandOptions;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** {@code java -jar footbridge.jar demo [--seed N] [--stores N] [--customers N] [--months N]}. */
@Component
@ConditionalOnProperty(name = "footbridge.command", havingValue = "demo")
class DemoCommand implements ApplicationRunner, ExitCodeGenerator {

    static final String USAGE = """
            usage: java -jar footbridge.jar demo [--seed N] [--stores 1-10] [--customers N] [--months 1-36]
            fills the configured database (the embedded one by default) with a fictional store chain
            exit status: 0 built (or there already), 2 wrong usage, 3 the database holds another tenant's data""";

    private final DemoInstaller installer;
    private int exitCode;

    DemoCommand(DemoInstaller installer) {
        this.installer = installer;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        DemoWorld.Options options;
        try {
            options = options(arguments.getSourceArgs());
        } catch (IllegalArgumentException wrong) {
            System.err.println(wrong.getMessage());
            System.err.println(USAGE);
            exitCode = 2;
            return;
        }
        exitCode = installer.install(options, System.out, System.err);
    }

    /** Reads {@code --name value} and {@code --name=value}; Spring's own {@code --spring.*} settings pass by. */
    static DemoWorld.Options options(String[] args) {
        DemoWorld.Options d = DemoWorld.Options.defaults();
        CommandOptions given = CommandOptions.parse(args,
                CommandOptions.Spec.of("seed", "stores", "customers", "months").after("demo").passingSpringSettings());
        return new DemoWorld.Options(given.number("seed", d.seed()), count(given, "stores", d.stores()),
                count(given, "customers", d.customers()), count(given, "months", d.months()), d.staffDomain());
    }

    private static int count(CommandOptions given, String name, int otherwise) {
        return (int) Math.min(Integer.MAX_VALUE, given.number(name, otherwise));
    }
}
