package io.footbridge.bench;

import org.springframework.boot.ApplicationArguments;

import java.util.List;

/** The options of a {@code bench} command. */
public final class BenchOptions {

    private BenchOptions() {
    }

    /** {@code --name=value} as a number, or the fallback when it is not given. */
    public static int intOption(ApplicationArguments args, String name, int fallback) {
        List<String> values = args.getOptionValues(name);
        return values == null || values.isEmpty() ? fallback : Integer.parseInt(values.get(0));
    }
}
