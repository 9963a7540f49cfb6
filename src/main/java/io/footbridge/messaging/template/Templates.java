package io.footbridge.messaging.template;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import io.footbridge.consent.Channel;
import io.footbridge.platform.ProblemException;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the template for a message and fills it in. A tenant's own template wins over the built-in one of the same
 * key; the language asked for wins over English. Filling in is strict: a variable the template uses but the
 * sender did not give is an error, never an empty gap in a customer's message; values are HTML-escaped in HTML.
 */
@Component
public class Templates {

    /** Built-in templates: {@code messaging/templates/<key>/<channel>.<language>.<part>}. */
    private static final Pattern BUILT_IN = Pattern.compile(".*/messaging/templates/([a-z0-9._-]+)/([a-z]+)\\.([a-z]{2}(?:-[A-Z]{2})?)\\.(subject|html|txt|whatsapp)$");
    /** Templates stand alone: a partial ({{> name}}) would be loaded from somewhere, so none is. */
    private static final Mustache.TemplateLoader NO_PARTIALS = name -> {
        throw new MustacheException("partials ({{> " + name + "}}) are not supported");
    };
    private static final Mustache.Compiler HTML = Mustache.compiler().escapeHTML(true).withLoader(NO_PARTIALS);
    private static final Mustache.Compiler TEXT = Mustache.compiler().escapeHTML(false).withLoader(NO_PARTIALS);

    private final TemplateRepository repository;
    private final Map<String, Template> builtIn;
    /** A tenant's own templates, looked up for every message; edits reach other nodes within the expiry. */
    private final com.github.benmanes.caffeine.cache.Cache<String, Optional<Template>> tenantTemplates =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(50_000)
                    .expireAfterWrite(java.time.Duration.ofSeconds(10)).build();

    Templates(TemplateRepository repository) throws IOException {
        this.repository = repository;
        this.builtIn = loadBuiltIn();
    }

    /** The template to use, or a problem naming the template when there is none for the channel. */
    public Template resolve(UUID tenantId, String key, Channel channel, String language) {
        String lang = language == null ? "en" : language;
        String base = lang.contains("-") ? lang.substring(0, lang.indexOf('-')) : lang;
        Optional<Template> found = tenants(tenantId, key, channel, lang)
                .or(() -> Optional.ofNullable(builtIn.get(id(key, channel, lang))))
                .or(() -> base.equals(lang) ? Optional.empty() : tenants(tenantId, key, channel, base))
                .or(() -> Optional.ofNullable(builtIn.get(id(key, channel, base))))
                .or(() -> tenants(tenantId, key, channel, "en"))
                .or(() -> Optional.ofNullable(builtIn.get(id(key, channel, "en"))))
                .or(() -> repository.languages(tenantId, key, channel).stream().findFirst()
                        .flatMap(other -> repository.find(tenantId, key, channel, other)));
        return found.orElseThrow(() -> ProblemException.invalid("template", "there is no template " + key
                + " for " + channel.value()));
    }

    private Optional<Template> tenants(UUID tenantId, String key, Channel channel, String language) {
        return tenantTemplates.get(tenantId + "/" + id(key, channel, language),
                k -> repository.find(tenantId, key, channel, language));
    }

    /** After a tenant changed its templates. */
    void forget(UUID tenantId, String key) {
        tenantTemplates.asMap().keySet().removeIf(k -> k.startsWith(tenantId + "/" + key + "/"));
    }

    public boolean exists(UUID tenantId, String key, Channel channel) {
        return builtIn.keySet().stream().anyMatch(id -> id.startsWith(key + "/" + channel.value() + "/"))
                || !repository.languages(tenantId, key, channel).isEmpty();
    }

    List<Template> builtIns() {
        return builtIn.values().stream()
                .sorted(java.util.Comparator.comparing(Template::key).thenComparing(t -> t.channel().value())
                        .thenComparing(Template::language))
                .toList();
    }

    /**
     * Fills the template in. {@code variables} may nest (maps and lists); {@code brand} and {@code links} are added
     * by the sender.
     */
    public Rendered render(Template template, Map<String, ?> variables) {
        Map<String, Object> context = new HashMap<>(variables);
        String subject = fill(TEXT, template.subject(), context, "subject");
        String html = fill(HTML, template.html(), context, "html");
        String text = fill(TEXT, template.text(), context, "text");
        List<String> parameters = null;
        if (template.whatsappParameters() != null) {
            parameters = new ArrayList<>();
            for (int i = 0; i < template.whatsappParameters().size(); i++) {
                parameters.add(fill(TEXT, template.whatsappParameters().get(i), context, "whatsappParameters[" + i + "]"));
            }
        }
        return new Rendered(template.language(), subject == null ? null : subject.strip().replaceAll("\\s+", " "),
                html, text == null ? null : text.strip(), template.whatsappName(), template.whatsappLanguage(),
                parameters);
    }

    /** Checks that a template part compiles; the problem names the part and the line. */
    static void compile(String part, String source) {
        if (source == null) {
            return;
        }
        if (source.matches("(?s).*\\{\\{\\s*>.*")) {
            throw ProblemException.invalid(part, "is not a valid template: partials ({{> name}}) are not supported");
        }
        try {
            HTML.compile(source);
        } catch (RuntimeException e) {
            throw ProblemException.invalid(part, "is not a valid template: " + e.getMessage());
        }
    }

    private static String fill(Mustache.Compiler compiler, String source, Map<String, Object> context, String part) {
        if (source == null) {
            return null;
        }
        try {
            return compiler.compile(source).execute(context);
        } catch (MustacheException.Context missing) {
            throw ProblemException.invalid("variables." + missing.key, "is used by the template's " + part
                    + " (line " + missing.lineNo + ") but was not given");
        } catch (MustacheException | UnsupportedOperationException broken) {
            throw ProblemException.invalid(part, "the template cannot be filled in: " + broken.getMessage());
        }
    }

    private static String id(String key, Channel channel, String language) {
        return key + "/" + channel.value() + "/" + language;
    }

    private static Map<String, Template> loadBuiltIn() throws IOException {
        Map<String, Map<String, String>> parts = new HashMap<>();
        Resource[] resources = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:messaging/templates/*/*");
        for (Resource resource : resources) {
            Matcher m = BUILT_IN.matcher(String.valueOf(resource.getURL()));
            if (m.matches()) {
                parts.computeIfAbsent(m.group(1) + "/" + m.group(2) + "/" + m.group(3), id -> new HashMap<>())
                        .put(m.group(4), read(resource));
            }
        }
        Map<String, Template> templates = new HashMap<>();
        parts.forEach((id, p) -> {
            String[] names = id.split("/");
            Channel channel = Channel.of(names[1]).orElseThrow(() ->
                    new IllegalStateException("built-in template " + id + " names no channel"));
            String name = null;
            String waLanguage = null;
            List<String> parameters = null;
            if (p.containsKey("whatsapp")) {
                // name, language, then one parameter per line
                List<String> lines = Arrays.stream(p.get("whatsapp").split("\n")).map(String::strip)
                        .filter(l -> !l.isEmpty()).toList();
                name = lines.get(0);
                waLanguage = lines.get(1);
                parameters = lines.subList(2, lines.size());
            }
            Template t = new Template(names[0], channel, names[2], p.get("subject"), p.get("html"), p.get("txt"),
                    name, waLanguage, parameters, true, null);
            compile("subject", t.subject());
            compile("html", t.html());
            compile("text", t.text());
            templates.put(id, t);
        });
        return Map.copyOf(templates);
    }

    private static String read(Resource resource) {
        try (var in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
