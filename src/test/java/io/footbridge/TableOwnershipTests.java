package io.footbridge;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No module's SQL names another module's table: a module reads what others own through their public API (stores
 * through {@code platform.Stores}), so each can change its tables alone. A table belongs to the one module whose SQL
 * writes it; the test reads every SQL keyword that names a table in the main sources and fails on a module reading
 * or writing a table another module owns, unless the pair is in {@link #KNOWN}, the debt still to pay (remove a pair
 * once it is paid; it is not enforced, so that branches paying it merge without a conflict).
 */
class TableOwnershipTests {

    private static final Path SOURCES = Path.of("src/main/java/io/footbridge");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Pattern CREATE = Pattern.compile("(?i)CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)");
    // SQL here is written in capitals; lower-case "from" and "update" are English in comments
    private static final Pattern WRITE = Pattern.compile("\\b(?:INSERT INTO|UPDATE|DELETE FROM|MERGE INTO|COPY)"
            + "\\s+([a-z_][a-z0-9_]*)");
    private static final Pattern NAMED = Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE|COPY)\\s+([a-z_][a-z0-9_]*)");

    /** Tables more than one module writes, with the module they belong to: none since hosted erases its own data. */
    private static final Map<String, String> OWNERS = Map.of();

    /**
     * Module → tables of other modules it still names: the debt left, each with the reason it has not moved yet
     * (remove a pair once it is paid). Empty: every module reads others' data through their public API.
     */
    private static final Map<String, Set<String>> KNOWN = Map.of();

    @Test
    void noModuleNamesAnotherModulesTable() {
        Set<String> tables = tables();
        Map<String, Set<String>> writers = new TreeMap<>();
        Map<String, Set<String>> named = new TreeMap<>();
        sources().forEach((module, sql) -> {
            collect(WRITE, sql, tables, table -> writers.computeIfAbsent(table, t -> new TreeSet<>()).add(module));
            collect(NAMED, sql, tables, table -> named.computeIfAbsent(module, m -> new TreeSet<>()).add(table));
        });
        Map<String, String> owners = new TreeMap<>();
        Set<String> shared = new TreeSet<>();
        writers.forEach((table, modules) -> {
            if (OWNERS.containsKey(table)) {
                owners.put(table, OWNERS.get(table));
            } else if (modules.size() == 1) {
                owners.put(table, modules.iterator().next());
            } else {
                shared.add(table + " written by " + modules);
            }
        });
        Map<String, Set<String>> foreign = new TreeMap<>();
        named.forEach((module, names) -> names.stream()
                .filter(table -> owners.containsKey(table) && !owners.get(table).equals(module))
                .forEach(table -> foreign.computeIfAbsent(module, m -> new TreeSet<>())
                        .add(table + " (" + owners.get(table) + ")")));

        assertThat(shared).as("tables written by more than one module").isEmpty();
        foreign.forEach((module, names) -> assertThat(KNOWN.getOrDefault(module, Set.of()))
                .as("tables of other modules that %s names", module).containsAll(names));
    }

    @Test
    void findsAStoreJoinOutsideThePlatform() {
        Set<String> tables = Set.of("store", "touchpoint");
        Set<String> found = new TreeSet<>();
        collect(NAMED, "SELECT t.id FROM touchpoint t LEFT JOIN store s ON s.id = t.store_id", tables, found::add);
        assertThat(found).containsExactly("store", "touchpoint");
    }

    private static void collect(Pattern pattern, String text, Set<String> tables,
                                java.util.function.Consumer<String> found) {
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            if (tables.contains(matcher.group(1))) {
                found.accept(matcher.group(1));
            }
        }
    }

    private static Set<String> tables() {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MIGRATIONS)) {
            files.filter(f -> f.toString().endsWith(".sql")).forEach(f -> {
                Matcher matcher = CREATE.matcher(read(f));
                while (matcher.find()) {
                    tables.add(matcher.group(1).toLowerCase(java.util.Locale.ROOT));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(tables).contains("store", "touchpoint");
        return tables;
    }

    /** Each module's main sources as one text, keyed by the module's package name. */
    private static Map<String, String> sources() {
        Map<String, StringBuilder> byModule = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java") && f.getParent() != null
                            && !f.getParent().equals(SOURCES))
                    .forEach(f -> byModule.computeIfAbsent(SOURCES.relativize(f).getName(0).toString(),
                            m -> new StringBuilder()).append(read(f)).append('\n'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> texts = new TreeMap<>();
        byModule.forEach((module, text) -> texts.put(module, text.toString()));
        return texts;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
