package dev.locus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged operator ({@code target/quarkus-app/quarkus-run.jar operator}) run as its own OS
 * process against a hub, for tests that kill it abruptly and start it again. Its output goes to a
 * log file.
 */
public final class OperatorProcess implements AutoCloseable {

    /** The packaged application; the integration tests run after {@code package}. */
    public static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final String name;
    private final Process process;
    private final int httpPort;
    private final Path log;
    private final Instant started = Instant.now();

    private OperatorProcess(String name, Process process, int httpPort, Path log) {
        this.name = name;
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /**
     * Starts an operator.
     *
     * @param name its identity (the HOSTNAME, which names it in the leader-election Lease)
     * @param kubeconfig the hub's kubeconfig
     * @param profile the Quarkus profile: "prod" elects a leader, "standalone" does not
     * @param properties system properties ({@code locus.*} settings, say)
     * @param logDir where its log file goes
     */
    public static OperatorProcess start(
            String name,
            Path kubeconfig,
            String profile,
            Map<String, String> properties,
            Path logDir) {
        if (!Files.isRegularFile(APP)) {
            throw new IllegalStateException(
                    APP.toAbsolutePath() + " is missing: run ./mvnw package first");
        }
        int port = freePort();
        try {
            Files.createDirectories(logDir);
            Path log = Files.createTempFile(logDir, name + "-", ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx384m");
            command.add("-XX:+UseSerialGC");
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-Dquarkus.http.port=" + port);
            command.add("-Dquarkus.http.host=127.0.0.1");
            properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("-jar");
            command.add(APP.toAbsolutePath().toString());
            command.add("operator");
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = builder.environment();
            env.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
            env.put("QUARKUS_PROFILE", profile);
            env.put("POD_NAMESPACE", "locus-system");
            env.put("HOSTNAME", name);
            return new OperatorProcess(name, builder.start(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the operator " + name, e);
        }
    }

    /** The settings tests use: quick probes and passes. */
    public static Map<String, String> quickSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("locus.cluster.probe-interval", "1s");
        settings.put("locus.scheduler.resync-interval", "2s");
        return settings;
    }

    /** A kubeconfig file reaching an API server at {@code url} (a proxy's, say). */
    public static Path kubeconfig(Path dir, String name, String url) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".kubeconfig");
            Files.writeString(file, kubeconfigYaml(name, url));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kubeconfig reaching an API server at {@code url}, as YAML. */
    public static String kubeconfigYaml(String name, String url) {
        return dev.locus.cli.demo.MockApiServers.kubeconfig(name, url, "locus-system");
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** True once {@code /q/health/ready} answers UP. */
    public boolean isReady() {
        if (!process.isAlive()) {
            return false;
        }
        try {
            HttpResponse<String> response =
                    HTTP.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "http://127.0.0.1:"
                                                            + httpPort
                                                            + "/q/health/ready"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until ready; fails with the end of its log if it dies or takes too long. */
    public OperatorProcess awaitReady(Duration timeout) {
        try {
            org.awaitility.Awaitility.await()
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> {
                                if (!process.isAlive()) {
                                    throw new IllegalStateException(
                                            "operator "
                                                    + name
                                                    + " exited with "
                                                    + process.exitValue()
                                                    + "\n"
                                                    + tail());
                                }
                                return isReady();
                            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException(
                    "operator " + name + " not ready after " + timeout + "\n" + tail(), e);
        }
        return this;
    }

    /** Kills the process at once (SIGKILL): no shutdown hooks, nothing finished. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("operator " + name + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long it has run. */
    public Duration uptime() {
        return Duration.between(started, Instant.now());
    }

    /** The last lines of its log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
