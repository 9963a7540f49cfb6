package io.footbridge.platform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of a command-line command ({@code bench http}, {@code demo}, {@code clv}, {@code resolve}), read one
 * way: {@code --name value} or {@code --name=value} (split at the first {@code =}, so a value may hold more), flags
 * without a value, an option given twice kept in order, and an unknown option, a missing value or a stray word
 * refused with a message that says which. Spring's own settings ({@code --spring.datasource.url=…}, any name with a
 * dot) pass by when the command runs inside the application.
 */
public final class CommandOptions {

    private final Map<String, List<String>> values;

    private CommandOptions(Map<String, List<String>> values) {
        this.values = values;
    }

    /** An option the command cannot read; the message names it. */
    public static final class Refused extends IllegalArgumentException {

        Refused(String message) {
            super(message);
        }
    }

    /** What a command accepts: options that take a value, flags that do not, and the words that name it. */
    public record Spec(Set<String> options, Set<String> flags, List<String> command, boolean springSettings) {

        public static Spec of(String... options) {
            return new Spec(Set.of(options), Set.of(), List.of(), false);
        }

        public Spec withFlags(String... names) {
            return new Spec(options, Set.of(names), command, springSettings);
        }

        /** The words that name the command ({@code bench http}), skipped where they come, in order. */
        public Spec after(String... words) {
            return new Spec(options, flags, List.of(words), springSettings);
        }

        /** Lets {@code --spring.*} and other dotted settings through, for commands run inside the application. */
        public Spec passingSpringSettings() {
            return new Spec(options, flags, command, true);
        }
    }

    /** Reads {@code args} against {@code spec}; a {@link Refused} names what is wrong. */
    public static CommandOptions parse(String[] args, Spec spec) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        int commandWords = 0;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (commandWords < spec.command().size() && arg.equals(spec.command().get(commandWords))) {
                commandWords++; // the launcher may put its settings before the command's name
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new Refused("unexpected argument: " + arg);
            }
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(2, equals) : arg.substring(2);
            if (spec.springSettings() && name.contains(".")) {
                continue; // Spring reads it
            }
            if (spec.flags().contains(name)) {
                if (equals > 0) {
                    throw new Refused("--" + name + " takes no value");
                }
                values.computeIfAbsent(name, n -> new ArrayList<>()).add("true");
                continue;
            }
            if (!spec.options().contains(name)) {
                Set<String> known = new TreeSet<>(spec.options());
                known.addAll(spec.flags());
                throw new Refused("unknown option --" + name + " (known: --"
                        + String.join(", --", known) + ")");
            }
            String value;
            if (equals > 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new Refused("--" + name + " needs a value");
            }
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return new CommandOptions(values);
    }

    /** The option's value (its last, when given twice), if given. */
    public Optional<String> value(String name) {
        List<String> given = values.get(name);
        return given == null ? Optional.empty() : Optional.of(given.get(given.size() - 1));
    }

    public String value(String name, String otherwise) {
        return value(name).orElse(otherwise);
    }

    /** Every value given for the option, in order; empty when none. */
    public List<String> values(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }

    public boolean flag(String name) {
        return values.containsKey(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The option as a whole number, or {@code otherwise}; a value that is not one is refused by name. */
    public long number(String name, long otherwise) {
        Optional<String> value = value(name);
        if (value.isEmpty()) {
            return otherwise;
        }
        try {
            return Long.parseLong(value.get().strip());
        } catch (NumberFormatException e) {
            throw new Refused("--" + name + " needs a number, not " + value.get());
        }
    }

    /**
     * The option as a count (a whole number, not negative; one past what an {@code int} holds counts as the most it
     * holds), or {@code otherwise}.
     */
    public int count(String name, int otherwise) {
        long value = number(name, otherwise);
        if (value < 0) {
            throw new Refused("--" + name + " needs a count, not " + value);
        }
        return (int) Math.min(Integer.MAX_VALUE, value);
    }

    /** The options given, by name, with their last values: for commands that pass them on whole. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        values.keySet().forEach(name -> map.put(name, value(name).orElseThrow()));
        return map;
    }
}
