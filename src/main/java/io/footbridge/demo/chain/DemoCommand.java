package io.footbridge.demo.chain;

import io.footbridge.demo.DemoWorld;
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
        long seed = d.seed();
        int stores = d.stores();
        int customers = d.customers();
        int months = d.months();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                continue; // the command's own name
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (!name.contains(".") && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            }
            if (name.contains(".")) {
                continue;
            }
            if (value == null) {
                throw new IllegalArgumentException("--" + name + " needs a number");
            }
            long number;
            try {
                number = Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " needs a number, not " + value);
            }
            switch (name) {
                case "seed" -> seed = number;
                case "stores" -> stores = (int) Math.min(Integer.MAX_VALUE, number);
                case "customers" -> customers = (int) Math.min(Integer.MAX_VALUE, number);
                case "months" -> months = (int) Math.min(Integer.MAX_VALUE, number);
                default -> throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return new DemoWorld.Options(seed, stores, customers, months, d.staffDomain());
    }
}
