package dev.locus.cli.demo.bench;

import dev.locus.app.LocusConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real operator, as its own OS process: {@code java [-Xmx...] -jar
 * target/quarkus-app/quarkus-run.jar operator} with {@code QUARKUS_PROFILE=standalone} (no leader
 * election), {@code KUBECONFIG} pointing at the benchmark's hub, and a free HTTP port on loopback
 * for {@code /q/health} and {@code /q/metrics}. Its CPU time and memory are read from {@code
 * /proc/<pid>}.
 */
final class OperatorProcess implements AutoCloseable {

    /** CPU time and resident memory of the process, as /proc says now. */
    record Usage(long cpuMillis, long rssKiB) {}

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread killOnExit;

    private OperatorProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.killOnExit = new Thread(process::destroyForcibly, "bench-operator-cleanup");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts the operator of the application in {@code app} (target/quarkus-app) against the hub of
     * the kubeconfig file. {@code heap}: an -Xmx value, or null for the JVM's default.
     */
    static OperatorProcess start(
            Path app, Path kubeconfig, String heap, List<String> jvmOptions, Path log)
            throws IOException {
        Path jar = app.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException(
                    jar + " is missing; build it first: ./mvnw -q package -DskipTests");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(javaBinary("java").toString());
        if (heap != null) {
            command.add("-Xmx" + heap);
        }
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("operator");
        ProcessBuilder pb = new ProcessBuilder(command);
        var env = pb.environment();
        env.put("QUARKUS_PROFILE", "standalone");
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("LOCUS_NAMESPACE", LocusConfig.DEFAULT_NAMESPACE);
        env.put("POD_NAMESPACE", LocusConfig.DEFAULT_NAMESPACE);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        // Options meant for the benchmark's own JVM are not the operator's.
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new OperatorProcess(pb.start(), port, log);
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until /q/health/ready answers 200; false if the time ran out or the process ended. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (get("/q/health/ready").map(r -> r.statusCode() == 200).orElse(false)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** The Prometheus text at /q/metrics, empty if it could not be read. */
    String metrics() {
        return get("/q/metrics").filter(r -> r.statusCode() == 200).map(r -> r.body()).orElse("");
    }

    /** The operator's utime + stime and VmRSS, from /proc. */
    Usage usage() {
        return new Usage(ProcStats.cpuMillis(process.pid()), ProcStats.rssKiB(process.pid()));
    }

    /**
     * Asks the JVM for a full GC ({@code jcmd <pid> GC.run}); false when jcmd is missing or failed.
     */
    boolean gc() throws InterruptedException {
        return jcmd("GC.run").isPresent();
    }

    /** Heap used and committed, in KiB, as {@code jcmd <pid> GC.heap_info} says. */
    record Heap(long usedKiB, long committedKiB) {}

    /** The heap now, from jcmd GC.heap_info (no scrape needed); empty without jcmd. */
    Optional<Heap> heapInfo() throws InterruptedException {
        return jcmd("GC.heap_info").flatMap(OperatorProcess::heap);
    }

    /**
     * The heap's figures from GC.heap_info: G1's one line ("garbage-first heap total 389120K, used
     * 1685K"), or the sum of the generations' (ParallelGC's PSYoungGen and ParOldGen, SerialGC's
     * new and tenured generations). Metaspace says "used ..., committed", and is not counted.
     */
    static Optional<Heap> heap(String heapInfo) {
        var m = java.util.regex.Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(heapInfo);
        long total = 0;
        long used = 0;
        boolean found = false;
        while (m.find()) {
            found = true;
            total += Long.parseLong(m.group(1));
            used += Long.parseLong(m.group(2));
        }
        return found ? Optional.of(new Heap(used, total)) : Optional.empty();
    }

    /** Runs a jcmd command on the operator; its output, or empty when jcmd is not there. */
    Optional<String> jcmd(String... arguments) throws InterruptedException {
        Path jcmd = javaBinary("jcmd");
        if (!Files.isExecutable(jcmd)) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid())));
        command.addAll(List.of(arguments));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Stops the operator (SIGTERM, then SIGKILL after 30 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs anyway.
        }
    }

    private Optional<HttpResponse<String>> get(String path) {
        try {
            return Optional.of(
                    http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A tool of the JDK the benchmark runs on. */
    static Path javaBinary(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name);
    }

    private static int freePort() {
        try (ServerSocket socket =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }
}
