package dev.locus.cli.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hub for kubectl: plain HTTP/1.1 on loopback in front of the hub's dispatcher, in-process.
 *
 * <p>fabric8's mock server writes each answer whole, so it cannot stream the watch kubectl opens
 * for {@code kubectl get -w} (a GET with {@code watch=true}, answered by one JSON event per line as
 * things change; fabric8 clients watch over WebSockets, or like this when WebSockets fail). Here a
 * watch is a response that stays open: the mock's watch listener sends its events into it, one line
 * each, until the client hangs up (noticed at the next event), the watch's {@code timeoutSeconds}
 * pass (30 minutes if it gives none), or the endpoint stops. Every other request is the
 * dispatcher's answer, as the mock server would send it.
 */
final class KubectlEndpoint implements AutoCloseable {

    /** How long a watch stays open when the client does not say. */
    static final Duration WATCH_TIMEOUT = Duration.ofMinutes(30);

    private final Dispatcher dispatcher;
    private final HttpServer server;
    private final ExecutorService threads;

    KubectlEndpoint(Dispatcher dispatcher) throws IOException {
        this.dispatcher = dispatcher;
        AtomicInteger count = new AtomicInteger();
        this.threads =
                Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, "kubectl-endpoint-" + count.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        this.server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL kubectl is given, such as {@code http://127.0.0.1:40123}. */
    String url() {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            HttpMethod method = method(exchange.getRequestMethod());
            if (method == null) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if ("websocket".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Upgrade"))) {
                // No WebSockets here. A fabric8 client whose handshake gets 200 watches over
                // plain HTTP instead (as through kubectl proxy); nothing was dispatched.
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            Headers.Builder headers = Headers.builder();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
            RecordedRequest request =
                    new RecordedRequest(
                            "HTTP/1.1",
                            method,
                            exchange.getRequestURI().getRawPath()
                                    + (exchange.getRequestURI().getRawQuery() == null
                                            ? ""
                                            : "?" + exchange.getRequestURI().getRawQuery()),
                            headers.build(),
                            new Buffer(exchange.getRequestBody().readAllBytes()));
            MockResponse response = dispatcher.dispatch(request);
            if (response == null) {
                exchange.sendResponseHeaders(405, -1);
            } else if (response.getWebSocketListener() != null) {
                stream(exchange, request, response);
            } else {
                send(exchange, response);
            }
        } catch (RuntimeException e) {
            byte[] message = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, message.length);
            exchange.getResponseBody().write(message);
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, MockResponse response) throws IOException {
        Map<String, List<String>> headers = response.getHeaders().toMultimap();
        headers.forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
        byte[] body = response.getBody() == null ? new byte[0] : response.getBody().getBytes();
        if (body.length > 0 && !headers.containsKey("content-type")) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(response.code(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /** A watch: the listener's messages, one per line, as they come. */
    private static void stream(
            HttpExchange exchange, RecordedRequest request, MockResponse response)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        body.flush(); // the headers: a client may wait for them before the first event
        CountDownLatch done = new CountDownLatch(1);
        WebSocket lines =
                new WebSocket() {
                    @Override
                    public RecordedRequest request() {
                        return request;
                    }

                    @Override
                    public synchronized boolean send(String text) {
                        try {
                            body.write((text + "\n").getBytes(StandardCharsets.UTF_8));
                            body.flush();
                            return true;
                        } catch (IOException hungUp) {
                            done.countDown();
                            return false;
                        }
                    }

                    @Override
                    public boolean send(byte[] bytes) {
                        return send(new String(bytes, StandardCharsets.UTF_8));
                    }

                    @Override
                    public boolean close(int code, String reason) {
                        done.countDown();
                        return true;
                    }
                };
        WebSocketListener watch = response.getWebSocketListener();
        watch.onOpen(lines, response);
        try {
            // A client that hangs up is noticed at the next event (or at the timeout): idle
            // writes such as blank lines would break clients that read one event per line.
            done.await(timeoutSeconds(request.getPath()), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watch.onClosed(lines, 1000, "watch ended");
        }
    }

    private static long timeoutSeconds(String path) {
        String value = HubHttp.queryOf(path).get("timeoutSeconds");
        try {
            return value == null ? WATCH_TIMEOUT.toSeconds() : Math.max(1, Long.parseLong(value));
        } catch (NumberFormatException e) {
            return WATCH_TIMEOUT.toSeconds();
        }
    }

    private static HttpMethod method(String name) {
        for (HttpMethod m : HttpMethod.values()) {
            if (m != HttpMethod.ANY && m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        return null;
    }
}
