package io.footbridge.messaging.outbound;

import io.footbridge.consent.Purpose;
import io.footbridge.messaging.template.Rendered;
import io.footbridge.platform.Brand;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a rendered template into the shape its channel carries: an email in the brand's layout with a footer (the
 * preference centre and unsubscribe links on marketing), its links behind Footbridge's redirect so clicks are
 * counted, an open pixel and a plain-text part; an SMS with short tracked links and, for marketing, how to opt out.
 */
@Component
class Composer {

    private static final String CODE_ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+[^\\s<>\".,;:!?)\\]]");
    /**
     * A marketing SMS that already says how to stop (the keyword in capitals, as a word of its own) needs no second
     * line; "one-stop shop" or "non-stop" does.
     */
    private static final Pattern OPT_OUT = Pattern.compile("\\bSTOPP?\\b");
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li",
            "tr", "table", "blockquote", "hr");

    record Email(String subject, String html, String text, List<MessageRepository.Link> links) {
    }

    record Text(String text, List<MessageRepository.Link> links) {
    }

    /** The links of the preference centre and unsubscribe, left as they are. */
    record Footer(String preferencesUrl, String unsubscribeUrl) {
    }

    private final ITemplateEngine templates;
    private final MessageSource messages;
    private final SecureRandom random = new SecureRandom();

    Composer(ITemplateEngine templates, MessageSource messages) {
        this.templates = templates;
        this.messages = messages;
    }

    Email email(UUID tenantId, UUID messageId, String track, Brand brand, Rendered rendered, Purpose purpose,
                Footer footer, String baseUrl) {
        Locale locale = Locale.forLanguageTag(rendered.language());
        boolean marketing = purpose.needsGrant() && footer != null;
        Context context = new Context(locale);
        context.setVariable("brand", brand);
        context.setVariable("body", rendered.html() == null ? "" : rendered.html());
        context.setVariable("subject", rendered.subject());
        context.setVariable("language", rendered.language());
        context.setVariable("marketing", marketing);
        context.setVariable("preferencesUrl", marketing ? footer.preferencesUrl() : null);
        context.setVariable("unsubscribeUrl", marketing ? footer.unsubscribeUrl() : null);
        Document document = Jsoup.parse(templates.process("messages/email", context));
        List<MessageRepository.Link> links = new ArrayList<>();
        for (Element anchor : document.select("a[href]")) {
            String href = anchor.attr("href").strip();
            if (tracked(href, footer)) {
                String code = code();
                links.add(new MessageRepository.Link(code, messageId, tenantId, links.size(), href, 0));
                anchor.attr("href", baseUrl + "/m/c/" + code);
            }
        }
        document.body().appendElement("img").attr("src", baseUrl + "/m/o/" + track + ".gif").attr("width", "1")
                .attr("height", "1").attr("alt", "").attr("style", "display:none");
        String text = rendered.text() != null ? rendered.text() : plainText(rendered.html());
        if (marketing) {
            text = text + "\n\n-- \n" + brand.name() + "\n"
                    + messages.getMessage("messaging.text.preferences", new Object[]{footer.preferencesUrl()}, locale)
                    + "\n"
                    + messages.getMessage("messaging.text.unsubscribe", new Object[]{footer.unsubscribeUrl()}, locale);
        }
        return new Email(rendered.subject(), document.outerHtml(), text, links);
    }

    /** An SMS or WhatsApp text: links shortened behind the redirect; marketing SMS says how to stop. */
    Text text(UUID tenantId, UUID messageId, String text, Purpose purpose, boolean sms, String language,
              String baseUrl) {
        List<MessageRepository.Link> links = new ArrayList<>();
        Matcher m = URL.matcher(text == null ? "" : text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (!tracked(m.group(), null)) {
                // not a URL the redirect could send anyone to: left as written
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
                continue;
            }
            String code = code();
            links.add(new MessageRepository.Link(code, messageId, tenantId, links.size(), m.group(), 0));
            m.appendReplacement(out, Matcher.quoteReplacement(baseUrl + "/m/c/" + code));
        }
        m.appendTail(out);
        String body = out.toString();
        if (sms && purpose.needsGrant() && !OPT_OUT.matcher(body).find()) {
            body = body + " " + messages.getMessage("messaging.sms.optout", null,
                    Locale.forLanguageTag(language == null ? "en" : language));
        }
        return new Text(body, links);
    }

    private static boolean tracked(String href, Footer footer) {
        if (!(href.startsWith("http://") || href.startsWith("https://"))) {
            return false;
        }
        if (href.length() > 2000) {
            return false;
        }
        try {
            java.net.URI.create(href);
        } catch (IllegalArgumentException notAUrl) {
            return false;
        }
        return footer == null || !(href.equals(footer.preferencesUrl()) || href.equals(footer.unsubscribeUrl()));
    }

    String code() {
        StringBuilder code = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            code.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    /** The HTML body as readable text: blocks on lines of their own, links written out after their words. */
    static String plainText(String html) {
        if (html == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    text.append(t.text());
                } else if (node instanceof Element e && BLOCKS.contains(e.normalName()) && !text.isEmpty()
                        && text.charAt(text.length() - 1) != '\n') {
                    text.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e) {
                    if (e.normalName().equals("a") && e.hasAttr("href") && e.attr("href").startsWith("http")
                            && !e.text().strip().equals(e.attr("href"))) {
                        text.append(" (").append(e.attr("href")).append(')');
                    }
                    if (BLOCKS.contains(e.normalName())) {
                        text.append('\n');
                    }
                }
            }
        }, Jsoup.parseBodyFragment(html).body());
        return text.toString().replaceAll("[ \\t]+", " ").replaceAll(" *\\n *", "\n").replaceAll("\\n{3,}", "\n\n")
                .strip();
    }
}
