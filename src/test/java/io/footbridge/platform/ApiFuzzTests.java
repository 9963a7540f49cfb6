package io.footbridge.platform;

import io.footbridge.ApiTest;
import io.footbridge.RawHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends every operation of the server's own OpenAPI description broken input — malformed JSON, wrong types per
 * property, oversized strings, bytes that are not UTF-8, half surrogate pairs, bad path and query escapes, unknown
 * ids, media types it does not take — with a tenant admin's key, and fails on any 5xx and any 4xx that is not a problem
 * document (a 400 also names a field). A fixed seed picks the same sample of requests per operation every run.
 */
class ApiFuzzTests extends ApiTest {

    private static final long SEED = 15;
    /** Requests per operation, picked from all the probes built for it. */
    private static final int SAMPLE = 10;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final String HUGE = "x".repeat(100 * 1024);

    private JsonNode api;
    private Random random;
    /** The top-level properties the description gives the current operation's body. */
    private final java.util.Set<String> described = new java.util.HashSet<>();
    private String basic;

    record Probe(String what, String method, String target, String contentType, String accept, byte[] body) {
    }

    @Test
    void noOperationAnswersAServerErrorOrAnErrorThatIsNotAProblem() {
        TestTenant tenant = newTenant();
        tenant.createStore("FZ-1");
        // a key with every scope acts as the tenant admin, without a password hash to check on each request
        basic = "Authorization: Bearer " + tenant.createKey("fuzz", null, "admin", "stores:read", "stores:write",
                "events:write", "events:read", "pos", "profiles:read", "profiles:write", "offers:write",
                "messages:read", "messages:write", "products:write", "analytics:read", "feedback:read",
                "feedback:write");
        // the description is built on its first request, which takes long on a busy machine
        var docs = anonymous.send(anonymous.request("/v3/api-docs").timeout(java.time.Duration.ofMinutes(3)).GET());
        assertThat(docs.status()).isEqualTo(200);
        api = docs.json();
        random = new Random(SEED);
        RawHttp raw = new RawHttp(port);

        List<String> failures = new ArrayList<>();
        int operations = 0;
        int sent = 0;
        long started = System.nanoTime();
        List<String> paths = new ArrayList<>(api.get("paths").propertyNames());
        Collections.sort(paths);
        for (String path : paths) {
            JsonNode item = api.get("paths").get(path);
            for (String method : List.of("get", "post", "put", "patch", "delete")) {
                JsonNode operation = item.get(method);
                if (operation == null) {
                    continue;
                }
                operations++;
                List<Probe> probes = probes(path, method.toUpperCase(Locale.ROOT), operation);
                List<Probe> sample = new ArrayList<>(probes.subList(0, 1));
                List<Probe> rest = new ArrayList<>(probes.subList(1, probes.size()));
                Collections.shuffle(rest, random);
                sample.addAll(rest.subList(0, Math.min(SAMPLE - 1, rest.size())));
                for (Probe probe : sample) {
                    String head = probe.method() + " " + probe.target() + " HTTP/1.1\n" + basic
                            + "\nAccept: " + probe.accept()
                            + (probe.contentType() == null ? "" : "\nContent-Type: " + probe.contentType());
                    RawHttp.Response response = raw.send(head, probe.body());
                    sent++;
                    String failure = check(probe, response, described);
                    if (failure != null) {
                        failures.add(method.toUpperCase(Locale.ROOT) + " " + path + " — " + probe.what() + ": "
                                + failure);
                    }
                }
            }
        }

        System.out.printf("API fuzz: %d requests to %d operations in %d s%n", sent, operations,
                (System.nanoTime() - started) / 1_000_000_000);
        assertThat(operations).as("operations in the OpenAPI description").isGreaterThan(100);
        assertThat(failures).as(sent + " requests to " + operations + " operations").isEmpty();
        assertThat(tenant.admin().get("/api/v1/stores").status()).as("the admin can still sign in").isEqualTo(200);
    }

    private static String check(Probe probe, RawHttp.Response response, java.util.Set<String> described) {
        int status = response.status();
        if (status >= 500) {
            return response.toString();
        }
        if (status < 400) {
            return null;
        }
        if (!response.isProblem()) {
            return "not a problem document: " + response;
        }
        JsonNode problem = response.json();
        if (status == 400 && !problem.path("errors").isArray()) {
            return "a 400 that names no field: " + response;
        }
        for (JsonNode error : problem.path("errors")) {
            if ("is not a known field".equals(error.path("reason").asString())
                    && described.contains(error.path("field").asString()) && !probe.what().startsWith("unknown field")) {
                return "the OpenAPI description names a field the endpoint does not take: " + response;
            }
        }
        return null;
    }

    private List<Probe> probes(String path, String method, JsonNode operation) {
        List<Probe> probes = new ArrayList<>();
        String target = fill(path, operation, null) + query(operation);
        String accept = "application/json";
        JsonNode bodySchema = null;
        String bodyType = null;
        JsonNode content = operation.path("requestBody").path("content");
        if (content.isObject() && !content.isEmpty()) {
            bodyType = content.propertyNames().iterator().next();
            bodySchema = resolve(content.get(bodyType).path("schema"));
        }
        boolean json = bodyType != null && bodyType.contains("json");
        ObjectNode sample = json && bodySchema != null && bodySchema.path("properties").isObject()
                ? (ObjectNode) value(bodySchema, "body", 0) : null;
        described.clear();
        if (sample != null) {
            described.addAll(sample.propertyNames());
        }
        byte[] plausible = bodyType == null ? null : json
                ? bytes(sample == null ? (bodySchema == null ? NODES.objectNode() : value(bodySchema, "body", 0))
                : sample)
                : "record_id,email\n1,fuzz@example.com\n".getBytes(StandardCharsets.UTF_8);

        probes.add(new Probe("unknown ids, a plausible body", method, target, bodyType, accept, plausible));
        // the path
        for (String broken : List.of("%zz", "%00", "%2F", "..", "x;y=1", "%ff%fe", "%", "x".repeat(2000), "%C0%AE",
                " ", "%0d%0aX:1")) {
            String brokenTarget = fill(path, operation, broken) + query(operation);
            if (!brokenTarget.equals(target)) {
                probes.add(new Probe("path " + abbreviate(broken), method, brokenTarget, bodyType, accept,
                        plausible));
            }
        }
        // the query
        String join = target.contains("?") ? "&" : "?";
        for (JsonNode parameter : operation.path("parameters")) {
            if (!"query".equals(parameter.path("in").asString())) {
                continue;
            }
            String name = parameter.path("name").asString();
            for (String value : List.of("%ff%zz", "%", "abc", "-1", "99999999999999999999999", "%00", "",
                    "x".repeat(5000), "%E2%82", "1e309", "[]")) {
                probes.add(new Probe("query " + name + "=" + abbreviate(value), method,
                        target + join + name + "=" + value, bodyType, accept, plausible));
            }
        }
        probes.add(new Probe("query of 100 KB", method, target + join + "q=" + HUGE, bodyType, accept, plausible));
        probes.add(new Probe("query without a name", method, target + join + "=1&%zz", bodyType, accept, plausible));
        // what the client accepts
        probes.add(new Probe("Accept: application/xml", method, target, bodyType, "application/xml", plausible));
        probes.add(new Probe("Accept: text/html", method, target, bodyType, "text/html", plausible));
        // the body
        if (!method.equals("GET") && !method.equals("DELETE")) {
            String type = bodyType == null ? "application/json" : bodyType;
            probes.add(new Probe("multipart without boundary", method, target, "multipart/form-data", accept,
                    bytes("{}")));
            probes.add(new Probe("form with undecodable fields", method, target,
                    "application/x-www-form-urlencoded", accept, bytes("a=%%%%&%zz=1")));
            probes.add(new Probe("text/plain", method, target, "text/plain", accept, bytes("hello")));
            probes.add(new Probe("no body", method, target, type, accept, new byte[0]));
            probes.add(new Probe("bytes that are not UTF-8", method, target, type, accept,
                    new byte[]{'{', '"', (byte) 0xff, (byte) 0xfe, (byte) 0xc3, '"', ':', '"', (byte) 0xa0, '"', '}'}));
            probes.add(new Probe("a declared charset that does not exist", method, target,
                    type + ";charset=no-such-charset", accept, plausible));
            if (type.contains("json")) {
                probes.add(new Probe("malformed JSON", method, target, type, accept, bytes("{\"a\": ")));
                probes.add(new Probe("JSON array", method, target, type, accept, bytes("[1, 2]")));
                probes.add(new Probe("JSON string", method, target, type, accept, bytes("\"x\"")));
                probes.add(new Probe("JSON null", method, target, type, accept, bytes("null")));
                probes.add(new Probe("deep nesting", method, target, type, accept,
                        bytes("{\"a\": " + "[".repeat(3000) + "]".repeat(3000) + "}")));
                probes.add(new Probe("unknown field", method, target, type, accept,
                        withField(sample, "fuzzUnknownField", NODES.stringNode("x"))));
                if (sample != null) {
                    for (String name : sample.propertyNames()) {
                        JsonNode schema = resolve(bodySchema.path("properties").path(name));
                        probes.add(new Probe("wrong type for " + name, method, target, type, accept,
                                withField(sample, name, wrongType(schema))));
                        probes.add(new Probe("null " + name, method, target, type, accept,
                                withField(sample, name, NODES.nullNode())));
                        if (sample.get(name).isString() || sample.get(name).isNull()) {
                            probes.add(new Probe("100 KB " + name, method, target, type, accept,
                                    withField(sample, name, NODES.stringNode(HUGE))));
                            probes.add(new Probe("half a surrogate pair in " + name, method, target, type, accept,
                                    rawField(sample, name, "\"fuzz\\ud800\"")));
                            probes.add(new Probe("NUL in " + name, method, target, type, accept,
                                    rawField(sample, name, "\"fu\\u0000zz\"")));
                            probes.add(new Probe("not UTF-8 in " + name, method, target, type, accept,
                                    rawField(sample, name, "\"fu\u00ff\u00fezz\"", StandardCharsets.ISO_8859_1)));
                        }
                        if (sample.get(name).isObject() || sample.get(name).isArray()) {
                            probes.add(new Probe("empty object for " + name, method, target, type, accept,
                                    withField(sample, name, NODES.objectNode())));
                            probes.add(new Probe("empty array for " + name, method, target, type, accept,
                                    withField(sample, name, NODES.arrayNode())));
                        }
                    }
                }
            }
        }
        return probes;
    }

    /** The path with its parameters filled: unknown ids, or {@code broken} as it is for the first one. */
    private String fill(String path, JsonNode operation, String broken) {
        Matcher m = PATH_PARAMETER.matcher(path);
        StringBuilder filled = new StringBuilder();
        boolean first = true;
        while (m.find()) {
            String value;
            if (broken != null && first) {
                value = broken;
            } else {
                JsonNode schema = parameterSchema(operation, m.group(1));
                String format = schema.path("format").asString("");
                value = format.equals("uuid") ? new UUID(random.nextLong(), random.nextLong()).toString()
                        : schema.path("type").asString("").equals("integer") ? "1"
                        : schema.path("enum").isArray() ? schema.path("enum").get(0).asString()
                        : "fuzz" + random.nextInt(1000);
            }
            first = false;
            m.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        m.appendTail(filled);
        return filled.toString();
    }

    private JsonNode parameterSchema(JsonNode operation, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (name.equals(parameter.path("name").asString())) {
                return resolve(parameter.path("schema"));
            }
        }
        return NODES.objectNode();
    }

    /** The operation's required query parameters, plausibly filled. */
    private String query(JsonNode operation) {
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : operation.path("parameters")) {
            if ("query".equals(parameter.path("in").asString()) && parameter.path("required").asBoolean(false)) {
                JsonNode value = value(resolve(parameter.path("schema")), parameter.path("name").asString(), 0);
                String text = value.isValueNode() ? value.asString() : "x";
                query.append(query.isEmpty() ? "?" : "&").append(parameter.path("name").asString()).append('=')
                        .append(java.net.URLEncoder.encode(text, StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }

    private JsonNode resolve(JsonNode schema) {
        for (int depth = 0; depth < 10; depth++) {
            if (schema.has("$ref")) {
                String name = schema.get("$ref").asString().replace("#/components/schemas/", "");
                schema = api.path("components").path("schemas").path(name);
            } else if (schema.has("allOf")) {
                schema = schema.get("allOf").get(0);
            } else if (schema.has("oneOf")) {
                schema = schema.get("oneOf").get(0);
            } else if (schema.has("anyOf")) {
                schema = schema.get("anyOf").get(0);
            } else {
                return schema;
            }
        }
        return schema;
    }

    /** A value the schema allows, as far as its types and formats say. */
    private JsonNode value(JsonNode schema, String name, int depth) {
        schema = resolve(schema);
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
            return schema.path("enum").get(0);
        }
        String type = schema.path("type").asString("");
        if (type.isEmpty() && schema.path("properties").isObject()) {
            type = "object";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        switch (type) {
            case "integer", "number" -> {
                return NODES.numberNode(schema.has("minimum") ? schema.get("minimum").asLong() : 1);
            }
            case "boolean" -> {
                return NODES.booleanNode(true);
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                if (depth < 4) {
                    array.add(value(schema.path("items"), name, depth + 1));
                }
                return array;
            }
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth < 4) {
                    for (String property : schema.path("properties").propertyNames()) {
                        object.set(property, value(schema.path("properties").get(property), property, depth + 1));
                    }
                }
                return object;
            }
            default -> {
                String format = schema.path("format").asString("");
                return NODES.stringNode(switch (format) {
                    case "uuid" -> new UUID(random.nextLong(), random.nextLong()).toString();
                    case "date-time" -> Instant.now().minusSeconds(60).toString();
                    case "date" -> "2026-01-15";
                    case "email" -> "fuzz@example.com";
                    case "uri", "url" -> "https://example.com/fuzz";
                    default -> lower.contains("currency") ? "EUR" : lower.contains("country") ? "DE"
                            : lower.contains("timezone") ? "Europe/Berlin" : lower.contains("email") ? "fuzz@example.com"
                            : lower.contains("phone") ? "+4915123456789" : lower.contains("store") ? "FZ-1"
                            : lower.contains("url") ? "https://example.com/fuzz" : "fuzz";
                });
            }
        }
    }

    private static JsonNode wrongType(JsonNode schema) {
        return switch (schema.path("type").asString("")) {
            case "integer", "number" -> NODES.stringNode("not a number");
            case "boolean" -> NODES.stringNode("maybe");
            case "array" -> NODES.objectNode().put("a", 1);
            case "object" -> NODES.stringNode("not an object");
            default -> NODES.objectNode().put("not", "a string");
        };
    }

    private static byte[] withField(ObjectNode sample, String name, JsonNode value) {
        ObjectNode copy = sample == null ? NODES.objectNode() : sample.deepCopy();
        copy.set(name, value);
        return bytes(copy);
    }

    /** The sample with one field's JSON written as given, escapes and bytes included. */
    private static byte[] rawField(ObjectNode sample, String name, String rawValue) {
        return rawField(sample, name, rawValue, StandardCharsets.UTF_8);
    }

    private static byte[] rawField(ObjectNode sample, String name, String rawValue, java.nio.charset.Charset charset) {
        ObjectNode copy = sample.deepCopy();
        copy.put(name, "__FUZZ__");
        String text = JSON.writeValueAsString(copy).replace("\"__FUZZ__\"", rawValue);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = text.indexOf(rawValue);
        out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(rawValue.getBytes(charset));
        out.writeBytes(text.substring(at + rawValue.length()).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] bytes(JsonNode node) {
        return JSON.writeValueAsBytes(node);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() > 20 ? text.substring(0, 20) + "…(" + text.length() + ")" : text;
    }
}
