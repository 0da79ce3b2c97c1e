package dev.locus.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP proxy in front of one Kubernetes API server that injects faults: 409 Conflict on writes,
 * 500 before or after the request reached the server, 429 with {@code Retry-After}, slow answers,
 * and watches (WebSocket upgrades and streamed HTTP watches) cut at random times. It can cut its
 * server off entirely (every connection closed, new ones refused) and heal it. Bodies stream both
 * ways; every injected fault is counted.
 *
 * <p>Which request gets which fault is a pure function of the seed, the request's method and path
 * (without the query) and how many requests with that method and path came before ({@link
 * #decide}): the same seed gives each request the same fault whatever other requests interleave.
 *
 * <p>A watch cut here is resumed by the client from the resourceVersion it last saw. fabric8's mock
 * server cannot replay from a resourceVersion (it sends every object again as ADDED, so deletions
 * made meanwhile would be lost), so the first resumed watch of a cut one is answered as an API
 * server answers a resourceVersion it no longer has: an ERROR event with status 410 Gone, after
 * which the client lists again. Watch handshakes get no other fault, for the same reason.
 */
public final class FaultProxy implements AutoCloseable {

    /** The faults the proxy injects. */
    public enum Fault {
        /** 409 Conflict on a write, not forwarded. */
        CONFLICT,
        /** 500 Internal Server Error, not forwarded. */
        SERVER_ERROR,
        /** A write forwarded and applied, its answer replaced by 500: the client cannot know. */
        LOST_RESPONSE,
        /** 429 Too Many Requests with {@code Retry-After: 1}, not forwarded. */
        THROTTLED,
        /** Forwarded after a delay. */
        SLOW,
        /** A watch closed at a random time. */
        WATCH_CUT,
        /** The resumption of a cut watch answered with 410 Gone (the client lists again). */
        WATCH_EXPIRED,
        /** A connection closed because the server is cut off. */
        REFUSED
    }

    /**
     * How often each fault is injected: fractions of requests (writes only for conflict and lost
     * responses; watches only for cuts) and the range of delays and watch lifetimes.
     */
    public record Faults(
            double conflict,
            double serverError,
            double lostResponse,
            double throttled,
            double slow,
            Duration maxDelay,
            double watchCut,
            Duration minWatchLife,
            Duration maxWatchLife) {

        public static Faults none() {
            return new Faults(0, 0, 0, 0, 0, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO);
        }

        /** Every fault now and then: a few percent of requests, most watches cut within 20 s. */
        public static Faults moderate() {
            return new Faults(
                    0.04,
                    0.03,
                    0.01,
                    0.03,
                    0.05,
                    Duration.ofMillis(1500),
                    0.6,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(20));
        }

        /** These faults with every fraction multiplied by {@code factor} (at most 1). */
        public Faults times(double factor) {
            return new Faults(
                    Math.min(1, conflict * factor),
                    Math.min(1, serverError * factor),
                    Math.min(1, lostResponse * factor),
                    Math.min(1, throttled * factor),
                    Math.min(1, slow * factor),
                    maxDelay,
                    Math.min(1, watchCut * factor),
                    minWatchLife,
                    maxWatchLife);
        }
    }

    /** What one request gets: a fault (null for none) and, for delays and cuts, how long. */
    public record Decision(Fault fault, long millis) {
        static final Decision NONE = new Decision(null, 0);
    }

    private static final int MAX_FRAME = 64 * 1024 * 1024;

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final String name;
    private final String targetHost;
    private final int targetPort;
    private final long seed;
    private final HttpClient client;
    private final HttpServer server;
    private final Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<WebSocketBase, String> openWatches = new ConcurrentHashMap<>();
    private final Map<HttpServerRequest, Runnable> openHttpWatches = new ConcurrentHashMap<>();
    private final Set<String> expiredWatches = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> occurrences = new ConcurrentHashMap<>();
    private final Map<Fault, AtomicLong> counts = new EnumMap<>(Fault.class);
    private final AtomicLong requests = new AtomicLong();
    private volatile Faults faults;
    private volatile boolean cutOff;
    private volatile boolean permitAccessReviews;

    private FaultProxy(Vertx vertx, boolean ownsVertx, String name, URI target, long seed) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.name = name;
        this.targetHost = target.getHost();
        this.targetPort = target.getPort();
        this.seed = seed;
        this.faults = Faults.none();
        for (Fault f : Fault.values()) {
            counts.put(f, new AtomicLong());
        }
        this.client =
                vertx.createHttpClient(
                        new HttpClientOptions()
                                .setMaxPoolSize(200)
                                .setMaxWebSockets(500)
                                .setKeepAlive(true)
                                .setMaxWebSocketFrameSize(MAX_FRAME)
                                .setMaxWebSocketMessageSize(MAX_FRAME));
        this.server =
                vertx.createHttpServer(
                        new HttpServerOptions()
                                .setHost("127.0.0.1")
                                .setPort(0)
                                .setHttp2ClearTextEnabled(false)
                                .setMaxWebSocketFrameSize(MAX_FRAME)
                                .setMaxWebSocketMessageSize(MAX_FRAME)
                                .setPerMessageWebSocketCompressionSupported(false)
                                .setPerFrameWebSocketCompressionSupported(false));
        server.connectionHandler(this::connected);
        server.requestHandler(this::handle);
    }

    /**
     * Starts a proxy on a free loopback port in front of {@code target} (an API server URL).
     *
     * @param vertx the Vert.x instance to run on, shared by the proxies of one test; null for one
     *     of its own, closed with the proxy
     */
    public static FaultProxy start(Vertx vertx, String name, String target, long seed) {
        boolean own = vertx == null;
        FaultProxy proxy =
                new FaultProxy(own ? Vertx.vertx() : vertx, own, name, URI.create(target), seed);
        await(proxy.server.listen());
        return proxy;
    }

    public String name() {
        return name;
    }

    /** The proxy's URL, for a kubeconfig. */
    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/";
    }

    /** Injects these faults from now on. */
    public FaultProxy faults(Faults next) {
        this.faults = next;
        return this;
    }

    public Faults faults() {
        return faults;
    }

    /**
     * Answers SelfSubjectRulesReview and SelfSubjectAccessReview itself, permitting everything: the
     * mock API server lacks them, and JOSDK reviews its rights to Leases before electing a leader.
     */
    public FaultProxy permitAccessReviews() {
        this.permitAccessReviews = true;
        return this;
    }

    /** Cuts the server off: every connection is closed and new ones are refused until healed. */
    public void cutOff() {
        cutOff = true;
        for (WebSocketBase ws : Set.copyOf(openWatches.keySet())) {
            String key = openWatches.remove(ws);
            if (key != null) {
                expiredWatches.add(key);
            }
        }
        for (var entry : Map.copyOf(openHttpWatches).entrySet()) {
            entry.getValue().run();
        }
        for (HttpConnection c : Set.copyOf(connections)) {
            c.close();
        }
    }

    /** Lets connections through again. */
    public void heal() {
        cutOff = false;
    }

    public boolean isCutOff() {
        return cutOff;
    }

    /** How many times each fault was injected so far. */
    public Map<Fault, Long> counts() {
        Map<Fault, Long> out = new EnumMap<>(Fault.class);
        counts.forEach((f, n) -> out.put(f, n.get()));
        return out;
    }

    /** Every fault injected so far. */
    public long injected() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Requests received so far (refused ones included). */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        try {
            await(server.close());
            await(client.close());
        } finally {
            if (ownsVertx) {
                await(vertx.close());
            }
        }
    }

    /**
     * The fault for the {@code occurrence}-th request (from 0) with this method and path: the same
     * for the same seed, whatever else happens.
     */
    public static Decision decide(
            long seed, Faults f, String method, String path, long occurrence, boolean watch) {
        SplittableRandom random =
                new SplittableRandom(
                        seed * 0x9E3779B97F4A7C15L
                                ^ ((long) (method + " " + path).hashCode() << 21)
                                ^ occurrence * 0xBF58476D1CE4E5B9L);
        double x = random.nextDouble();
        if (watch) {
            if (x < f.watchCut()) {
                long min = f.minWatchLife().toMillis();
                long max = Math.max(min + 1, f.maxWatchLife().toMillis());
                return new Decision(Fault.WATCH_CUT, random.nextLong(min, max));
            }
            return Decision.NONE;
        }
        boolean write = !(method.equals("GET") || method.equals("HEAD"));
        double edge = 0;
        if (write) {
            if (x < (edge += f.conflict())) {
                return new Decision(Fault.CONFLICT, 0);
            }
            if (x < (edge += f.lostResponse())) {
                return new Decision(Fault.LOST_RESPONSE, 0);
            }
        }
        if (x < (edge += f.serverError())) {
            return new Decision(Fault.SERVER_ERROR, 0);
        }
        if (x < (edge += f.throttled())) {
            return new Decision(Fault.THROTTLED, 0);
        }
        if (x < edge + f.slow()) {
            return new Decision(Fault.SLOW, random.nextLong(1, f.maxDelay().toMillis() + 2));
        }
        return Decision.NONE;
    }

    private void connected(HttpConnection connection) {
        if (cutOff) {
            count(Fault.REFUSED);
            connection.close();
            return;
        }
        connections.add(connection);
        connection.closeHandler(v -> connections.remove(connection));
    }

    private void handle(HttpServerRequest req) {
        req.pause();
        requests.incrementAndGet();
        if (cutOff) {
            count(Fault.REFUSED);
            req.connection().close();
            return;
        }
        String method = req.method().name();
        if (permitAccessReviews && method.equals("POST") && isAccessReview(req.path())) {
            answerAccessReview(req);
            return;
        }
        boolean upgrade = "websocket".equalsIgnoreCase(req.getHeader("Upgrade"));
        boolean watch = upgrade || isWatch(req);
        long n =
                occurrences
                        .computeIfAbsent(method + " " + req.path(), k -> new AtomicLong())
                        .getAndIncrement();
        Decision d = decide(seed, faults, method, req.path(), n, watch);
        if (watch) {
            String key = watchKey(req);
            if (expiredWatches.remove(key) && resumes(req)) {
                count(Fault.WATCH_EXPIRED);
                expire(req, upgrade);
            } else if (upgrade) {
                proxyWebSocket(req, d, key);
            } else {
                forward(req, false, d, key);
            }
            return;
        }
        if (d.fault() == null) {
            forward(req, false, d, null);
            return;
        }
        count(d.fault());
        switch (d.fault()) {
            case CONFLICT ->
                    reply(
                            req,
                            409,
                            status(
                                    409,
                                    "Conflict",
                                    "Operation cannot be fulfilled: the object has been modified;"
                                            + " please apply your changes to the latest version"
                                            + " and try again (injected)"),
                            null);
            case SERVER_ERROR ->
                    reply(
                            req,
                            500,
                            status(500, "InternalError", "Internal error occurred (injected)"),
                            null);
            case THROTTLED ->
                    reply(
                            req,
                            429,
                            status(
                                    429,
                                    "TooManyRequests",
                                    "the server has received too many requests (injected)"),
                            "1");
            case SLOW -> vertx.setTimer(d.millis(), t -> forward(req, false, d, null));
            case LOST_RESPONSE -> forward(req, true, d, null);
            default -> forward(req, false, d, null);
        }
    }

    private void forward(HttpServerRequest req, boolean loseResponse, Decision d, String watch) {
        RequestOptions options =
                new RequestOptions()
                        .setMethod(req.method())
                        .setHost(targetHost)
                        .setPort(targetPort)
                        .setURI(req.uri());
        client.request(options)
                .onFailure(e -> fail(req))
                .onSuccess(
                        backend -> {
                            copyHeaders(req.headers(), backend.headers());
                            boolean hasBody =
                                    req.headers().contains("Content-Length")
                                            || req.headers().contains("Transfer-Encoding");
                            Future<io.vertx.core.http.HttpClientResponse> sent;
                            if (hasBody) {
                                if (!req.headers().contains("Content-Length")) {
                                    backend.setChunked(true);
                                }
                                sent = backend.send(req);
                            } else {
                                req.resume();
                                sent = backend.send();
                            }
                            sent.onFailure(e -> fail(req))
                                    .onSuccess(
                                            response -> {
                                                if (loseResponse) {
                                                    response.body()
                                                            .onComplete(
                                                                    r ->
                                                                            reply(
                                                                                    req,
                                                                                    500,
                                                                                    status(
                                                                                            500,
                                                                                            "InternalError",
                                                                                            "Internal error occurred (injected after"
                                                                                                    + " the request was applied)"),
                                                                                    null));
                                                    return;
                                                }
                                                var out = req.response();
                                                if (out.closed()
                                                        || out.ended()
                                                        || out.headWritten()) {
                                                    // The client went away meanwhile.
                                                    backend.reset();
                                                    return;
                                                }
                                                out.setStatusCode(response.statusCode());
                                                out.setStatusMessage(response.statusMessage());
                                                copyHeaders(response.headers(), out.headers());
                                                if (!response.headers()
                                                        .contains("Content-Length")) {
                                                    out.setChunked(true);
                                                }
                                                out.closeHandler(v -> backend.reset());
                                                if (watch != null) {
                                                    followHttpWatch(req, backend, d, watch);
                                                }
                                                response.pipeTo(out);
                                            });
                        });
    }

    /** A streamed HTTP watch: cut at its time, like a WebSocket. */
    private void followHttpWatch(
            HttpServerRequest req, HttpClientRequest backend, Decision d, String key) {
        Runnable cut =
                () -> {
                    if (openHttpWatches.remove(req) != null) {
                        expiredWatches.add(key);
                        req.connection().close();
                        backend.reset();
                    }
                };
        openHttpWatches.put(req, cut);
        req.response().closeHandler(v -> openHttpWatches.remove(req));
        if (d.fault() == Fault.WATCH_CUT) {
            vertx.setTimer(
                    d.millis(),
                    t -> {
                        if (openHttpWatches.containsKey(req)) {
                            count(Fault.WATCH_CUT);
                            cut.run();
                        }
                    });
        }
    }

    private void proxyWebSocket(HttpServerRequest req, Decision d, String key) {
        WebSocketConnectOptions options =
                new WebSocketConnectOptions()
                        .setHost(targetHost)
                        .setPort(targetPort)
                        .setURI(req.uri())
                        .setAllowOriginHeader(false);
        req.headers()
                .forEach(
                        h -> {
                            String lower = h.getKey().toLowerCase(Locale.ROOT);
                            if (!HOP_BY_HOP.contains(lower)
                                    && !lower.startsWith("sec-websocket")
                                    && !lower.equals("host")) {
                                options.addHeader(h.getKey(), h.getValue());
                            }
                        });
        client.webSocket(options)
                .onFailure(
                        e -> {
                            if (e instanceof UpgradeRejectedException rejected) {
                                reply(
                                        req,
                                        rejected.getStatus(),
                                        rejected.getBody() == null
                                                ? ""
                                                : rejected.getBody().toString(),
                                        null);
                            } else {
                                fail(req);
                            }
                        })
                .onSuccess(
                        backend ->
                                req.toWebSocket()
                                        .onFailure(e -> backend.close())
                                        .onSuccess(
                                                front ->
                                                        join(
                                                                front,
                                                                req.connection(),
                                                                backend,
                                                                d,
                                                                key)));
    }

    private void join(
            ServerWebSocket front,
            HttpConnection connection,
            WebSocket backend,
            Decision d,
            String key) {
        relay(front, backend);
        relay(backend, front);
        openWatches.put(front, key);
        front.closeHandler(
                v -> {
                    openWatches.remove(front);
                    backend.close();
                });
        backend.closeHandler(
                v -> {
                    openWatches.remove(front);
                    Short code = backend.closeStatusCode();
                    front.close(code == null ? (short) 1000 : code);
                });
        if (cutOff) {
            front.close();
            return;
        }
        if (d.fault() == Fault.WATCH_CUT) {
            vertx.setTimer(
                    d.millis(),
                    t -> {
                        if (openWatches.remove(front) != null) {
                            count(Fault.WATCH_CUT);
                            expiredWatches.add(key);
                            if (d.millis() % 2 == 0) {
                                // An abrupt end, as when a connection drops: no close handshake.
                                connection.close();
                            } else {
                                front.close((short) 1001);
                            }
                            backend.close();
                        }
                    });
        }
    }

    private static void relay(WebSocketBase from, WebSocketBase to) {
        from.frameHandler(
                frame -> {
                    WebSocketFrameType type = frame.type();
                    if (type == WebSocketFrameType.TEXT
                            || type == WebSocketFrameType.BINARY
                            || type == WebSocketFrameType.CONTINUATION) {
                        if (!to.isClosed()) {
                            to.writeFrame(frame);
                        }
                    }
                });
    }

    /** Answers a resumed watch as an API server that no longer has its resourceVersion. */
    private void expire(HttpServerRequest req, boolean upgrade) {
        String gone =
                "{\"type\":\"ERROR\",\"object\":"
                        + status(410, "Expired", "too old resource version (injected)")
                        + "}";
        if (upgrade) {
            req.toWebSocket()
                    .onSuccess(ws -> ws.writeTextMessage(gone).onComplete(r -> ws.close()))
                    .onFailure(e -> req.connection().close());
        } else {
            req.resume();
            req.response()
                    .putHeader("Content-Type", "application/json")
                    .setStatusCode(200)
                    .end(gone + "\n");
        }
    }

    private void answerAccessReview(HttpServerRequest req) {
        Future<Buffer> read = req.body();
        req.resume();
        read.onSuccess(
                        body -> {
                            JsonObject review = body.toJsonObject();
                            String status =
                                    req.path().endsWith("selfsubjectrulesreviews")
                                            ? "{\"resourceRules\": [{\"verbs\": [\"*\"],"
                                                    + " \"apiGroups\": [\"*\"], \"resources\":"
                                                    + " [\"*\"]}], \"nonResourceRules\": [],"
                                                    + " \"incomplete\": false}"
                                            : "{\"allowed\": true}";
                            review.put("status", new JsonObject(status));
                            req.response()
                                    .setStatusCode(201)
                                    .putHeader("Content-Type", "application/json")
                                    .end(review.encode());
                        })
                .onFailure(e -> fail(req));
    }

    private static boolean isAccessReview(String path) {
        return path.startsWith("/apis/authorization.k8s.io/")
                && (path.endsWith("/selfsubjectrulesreviews")
                        || path.endsWith("/selfsubjectaccessreviews"));
    }

    private static boolean isWatch(HttpServerRequest req) {
        String watch = req.getParam("watch");
        return "true".equals(watch) || "1".equals(watch);
    }

    private static boolean resumes(HttpServerRequest req) {
        String rv = req.getParam("resourceVersion");
        return rv != null && !rv.isEmpty() && !rv.equals("0");
    }

    /** A watch's identity: path and query without what changes from one resumption to the next. */
    private static String watchKey(HttpServerRequest req) {
        Map<String, String> params = new TreeMap<>();
        req.params()
                .forEach(
                        p -> {
                            String k = p.getKey();
                            if (!k.equals("resourceVersion")
                                    && !k.equals("timeoutSeconds")
                                    && !k.equals("allowWatchBookmarks")
                                    && !k.equals("resourceVersionMatch")) {
                                params.put(k, p.getValue());
                            }
                        });
        return req.path() + "?" + params;
    }

    private void reply(HttpServerRequest req, int code, String body, String retryAfter) {
        Future<Buffer> read = req.isEnded() ? Future.succeededFuture() : req.body();
        req.resume();
        read.onComplete(
                ignored -> {
                    var out = req.response();
                    if (out.ended() || out.closed() || out.headWritten()) {
                        return;
                    }
                    out.setStatusCode(code).putHeader("Content-Type", "application/json");
                    if (retryAfter != null) {
                        out.putHeader("Retry-After", retryAfter);
                    }
                    out.end(Buffer.buffer(body));
                });
    }

    private static void fail(HttpServerRequest req) {
        var out = req.response();
        if (!out.ended() && !out.closed() && !out.headWritten()) {
            out.setStatusCode(502).end();
        } else if (!out.closed()) {
            req.connection().close();
        }
    }

    private void count(Fault fault) {
        counts.get(fault).incrementAndGet();
    }

    private static String status(int code, String reason, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\""
                + message
                + "\",\"reason\":\""
                + reason
                + "\",\"code\":"
                + code
                + "}";
    }

    private static final Set<String> HOP_BY_HOP =
            Set.of(
                    "connection",
                    "keep-alive",
                    "proxy-authenticate",
                    "proxy-authorization",
                    "te",
                    "trailer",
                    "trailers",
                    "transfer-encoding",
                    "upgrade");

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(
                h -> {
                    String lower = h.getKey().toLowerCase(Locale.ROOT);
                    if (!HOP_BY_HOP.contains(lower) && !lower.equals("host")) {
                        to.add(h.getKey(), h.getValue());
                    }
                });
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("fault proxy: " + e.getMessage(), e);
        }
    }
}
