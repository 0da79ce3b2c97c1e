package dev.locus.cli.demo.bench;

import dev.locus.cli.demo.MockApiServers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests the embedded API servers answer, by server (hub or member), verb and
 * resource: {@code PUT trainingjobs/status}, {@code POST events}, {@code WATCH pods}. The mock
 * server records every request it answers, body included, and never forgets one; a thread of this
 * class takes them off its queues as they come, so memory stays flat however long the run.
 */
final class RequestLog implements AutoCloseable {

    private final MockApiServers servers;
    private final Map<String, LongAdder> hub = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> members = new ConcurrentHashMap<>();
    private final Thread drainer;
    private volatile boolean running = true;

    RequestLog(MockApiServers servers) {
        this.servers = servers;
        this.drainer = new Thread(this::drain, "bench-request-log");
        drainer.setDaemon(true);
        drainer.start();
    }

    /** Counts so far: hub and members, by request kind. */
    record Counts(Map<String, Long> hub, Map<String, Long> members) {
        long hubTotal() {
            return hub.values().stream().mapToLong(Long::longValue).sum();
        }

        long memberTotal() {
            return members.values().stream().mapToLong(Long::longValue).sum();
        }

        /** What was counted after {@code before}. */
        Counts since(Counts before) {
            return new Counts(minus(hub, before.hub), minus(members, before.members));
        }

        private static Map<String, Long> minus(Map<String, Long> a, Map<String, Long> b) {
            Map<String, Long> out = new HashMap<>();
            a.forEach(
                    (k, v) -> {
                        long d = v - b.getOrDefault(k, 0L);
                        if (d > 0) {
                            out.put(k, d);
                        }
                    });
            return out;
        }

        /** The most frequent kinds, most first. */
        static Map<String, Long> top(Map<String, Long> counts, int n) {
            Map<String, Long> out = new LinkedHashMap<>();
            counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(n)
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        }
    }

    /** The counts now, after taking what the servers recorded so far. */
    Counts counts() {
        drainOnce();
        return new Counts(snapshot(hub), snapshot(members));
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
        Map<String, Long> out = new HashMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private void drain() {
        while (running) {
            if (drainOnce() == 0) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private synchronized int drainOnce() {
        int taken = 0;
        taken += drain(servers.hub(), hub);
        List<MockApiServers.Server> all;
        synchronized (servers) {
            all = new ArrayList<>(servers.members().values());
        }
        for (MockApiServers.Server member : all) {
            taken += drain(member, members);
        }
        return taken;
    }

    private static int drain(MockApiServers.Server server, Map<String, LongAdder> counts) {
        int taken = 0;
        try {
            RecordedRequest r;
            while ((r = server.server().takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
                counts.computeIfAbsent(kind(r.getMethod(), r.getPath()), k -> new LongAdder())
                        .increment();
                taken++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A stopped server: nothing more to take.
        }
        return taken;
    }

    /**
     * "PUT trainingjobs/status", "LIST pods", "WATCH jobs", "GET namespaces", "POST events": the
     * verb (a GET of a collection is LIST, or WATCH with watch=true) and the resource, with its
     * subresource.
     */
    static String kind(String method, String path) {
        String query = "";
        int q = path.indexOf('?');
        if (q >= 0) {
            query = path.substring(q + 1);
            path = path.substring(0, q);
        }
        String[] s = path.split("/");
        // "", "api", "v1", ... or "", "apis", group, version, ...
        int i = s.length > 1 && s[1].equals("api") ? 3 : 4;
        if (s.length <= i) {
            return method + " " + path;
        }
        String resource;
        String name = null;
        String sub = null;
        if (s[i].equals("namespaces") && s.length > i + 2) {
            resource = s[i + 2];
            name = s.length > i + 3 ? s[i + 3] : null;
            sub = s.length > i + 4 ? s[i + 4] : null;
        } else {
            resource = s[i];
            name = s.length > i + 1 ? s[i + 1] : null;
            sub = s.length > i + 2 ? s[i + 2] : null;
        }
        String verb = method;
        if (method.equals("GET") && name == null) {
            verb = query.contains("watch=true") ? "WATCH" : "LIST";
        }
        return verb + " " + resource + (sub == null ? "" : "/" + sub);
    }

    @Override
    public void close() {
        running = false;
        drainer.interrupt();
    }
}
