package io.footbridge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A stand-in for Twilio's Messages API and the WhatsApp Cloud API on a local port, shared by every test of the JVM
 * like the SMTP server. It records each request as it came over the wire and answers as the real APIs do: a message
 * SID or a wamid, or — when told to for one recipient — an error.
 */
public final class FakeProviders {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as received. */
    public record Request(String method, String path, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The form fields of a Twilio call (one value each). */
        public Map<String, String> form() {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return form;
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        boolean twilio() {
            return path.contains("/Messages.json");
        }

        /** Apple's push service (APNs), as pass updates reach it under {@code /apns}. */
        public boolean apns() {
            return path.startsWith(APNS + "/3/device/");
        }

        /** Google's OAuth token URL, as {@code GOOGLE + "/token"}. */
        public boolean googleToken() {
            return path.equals(GOOGLE + "/token");
        }

        /** Google Wallet's API, under {@code GOOGLE}. */
        public boolean googleWallet() {
            return path.startsWith(GOOGLE + "/walletobjects/");
        }

        /**
         * The recipient, as the request names it: Twilio's {@code To}, WhatsApp's {@code to}, the device's push token
         * of APNs, the object id of Google Wallet.
         */
        String recipient() {
            if (apns()) {
                return path.substring((APNS + "/3/device/").length());
            }
            if (googleWallet()) {
                return path.substring(path.lastIndexOf('/') + 1);
            }
            if (googleToken()) {
                return null;
            }
            if (twilio()) {
                return form().get("To");
            }
            try {
                return json().path("to").asString(null);
            } catch (RuntimeException notJson) {
                return null;
            }
        }
    }

    /** An answer to give instead of success; {@code before} runs first, while the caller waits for it. */
    public record Answer(int status, String body, Map<String, String> headers,
                         java.util.function.Consumer<Request> before) {

        public Answer(int status, String body, Map<String, String> headers) {
            this(status, body, headers, null);
        }
    }

    private final HttpServer server;
    /** The path APNs is served under: {@code url() + APNS} is the APNs base URL. */
    public static final String APNS = "/apns";
    /** The path Google's token URL and Wallet API are served under. */
    public static final String GOOGLE = "/google";
    /** The access token the fake token URL hands out. */
    public static final String GOOGLE_ACCESS_TOKEN = "ya29.footbridge-test-token";

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> scripted = new ConcurrentHashMap<>();

    private FakeProviders() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-providers");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public static FakeProviders start() {
        return new FakeProviders();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests to this recipient (E.164 for SMS, digits for WhatsApp) get these answers, in turn. */
    public void answer(String recipient, Answer... answers) {
        Deque<Answer> queue = scripted.computeIfAbsent(recipient, r -> new ConcurrentLinkedDeque<>());
        queue.addAll(List.of(answers));
    }

    public List<Request> requests(Predicate<Request> which) {
        return requests.stream().filter(which).toList();
    }

    /** The Twilio Messages requests to this number. */
    public List<Request> sms(String to) {
        return requests(r -> r.twilio() && to.equals(r.recipient()));
    }

    /** The WhatsApp Cloud API requests to this number (E.164, with or without the plus). */
    public List<Request> whatsapp(String to) {
        String digits = to.startsWith("+") ? to.substring(1) : to;
        return requests(r -> !r.twilio() && digits.equals(r.recipient()));
    }

    /** Waits until {@code count} requests match. */
    public List<Request> await(Predicate<Request> which, int count) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            List<Request> found = requests(which);
            if (found.size() >= count) {
                return found;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("expected " + count + " matching requests, got " + requests(which));
    }

    public List<Request> awaitSms(String to, int count) {
        return await(r -> r.twilio() && to.equals(r.recipient()), count);
    }

    public List<Request> awaitWhatsapp(String to, int count) {
        String digits = to.startsWith("+") ? to.substring(1) : to;
        return await(r -> !r.twilio() && digits.equals(r.recipient()), count);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                    body);
            requests.add(request);
            String recipient = request.recipient();
            Deque<Answer> queue = recipient == null ? null : scripted.get(recipient);
            Answer answer = queue == null ? null : queue.poll();
            if (answer == null && request.apns()) {
                answer = new Answer(200, "", Map.of());
            }
            if (answer == null && request.googleToken()) {
                answer = new Answer(200, "{\"access_token\":\"" + GOOGLE_ACCESS_TOKEN
                        + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}", Map.of());
            }
            if (answer == null && request.googleWallet()) {
                answer = new Answer(200, "{}", Map.of());
            }
            if (answer == null) {
                answer = request.twilio()
                        ? new Answer(201, "{\"sid\":\"SM" + UUID.randomUUID().toString().replace("-", "")
                        + "\",\"status\":\"queued\"}", Map.of())
                        : new Answer(200, "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + recipient
                        + "\",\"wa_id\":\"" + recipient + "\"}],\"messages\":[{\"id\":\"wamid."
                        + UUID.randomUUID().toString().replace("-", "") + "\"}]}", Map.of());
            }
            if (answer.before() != null) {
                answer.before().accept(request);
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
        }
    }

    /** Every request so far, for debugging a failed expectation. */
    public List<Request> all() {
        return new ArrayList<>(requests);
    }
}
