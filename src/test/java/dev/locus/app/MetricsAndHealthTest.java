package dev.locus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.cli.demo.MockApiServers;
import dev.locus.testing.ApplyLocusCrds;
import dev.locus.testing.TestFiles;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Quarkus metrics endpoint carries Locus' series with the right values; health reflects sync.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true, setup = ApplyLocusCrds.class)
class MetricsAndHealthTest {

    @Inject KubernetesClient client;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @TestHTTPResource("/q/health/ready")
    URL ready;

    @TestHTTPResource("/q/health/live")
    URL live;

    /** One sample of the exposition format: name, labels, value. */
    record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+-?\\d+)?$");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /** Parses the text format strictly: every line is a comment, a TYPE/HELP line or a sample. */
    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Set<String> typed = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                assertThat(parts).as(line).hasSize(4);
                assertThat(parts[3])
                        .as(line)
                        .isIn("counter", "gauge", "histogram", "summary", "untyped");
                typed.add(parts[2]);
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("not a Prometheus sample: %s", line).isTrue();
            Map<String, String> labels = new HashMap<>();
            if (m.group(3) != null && !m.group(3).isEmpty()) {
                Matcher l = LABEL.matcher(m.group(3));
                int end = 0;
                while (l.find()) {
                    assertThat(l.start()).as("labels of %s", line).isEqualTo(end);
                    labels.put(l.group(1), l.group(2));
                    end = l.end();
                }
                assertThat(end).as("labels of %s", line).isEqualTo(m.group(3).length());
            }
            String name = m.group(1);
            // A sample belongs to the family a TYPE line declared (histograms add _bucket...).
            assertThat(typed.stream().anyMatch(name::startsWith))
                    .as("sample %s has no TYPE", name)
                    .isTrue();
            double value =
                    switch (m.group(4)) {
                        case "+Inf" -> Double.POSITIVE_INFINITY;
                        case "-Inf" -> Double.NEGATIVE_INFINITY;
                        case "NaN" -> Double.NaN;
                        default -> Double.parseDouble(m.group(4));
                    };
            samples.add(new Sample(name, labels, value));
        }
        return samples;
    }

    private static String get(URL url) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(url.toString())).build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", url, response.body()).isEqualTo(200);
        return response.body();
    }

    private static double value(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream()
                .filter(
                        s ->
                                s.name().equals(name)
                                        && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value)
                .sum();
    }

    @BeforeEach
    void fleet() {
        Path fleet = Path.of("examples/fleet");
        createIfAbsent(TestFiles.ofKind(fleet, "SovereigntyZone", SovereigntyZone.class).get(0));
        createIfAbsent(TestFiles.ofKind(fleet, "Cluster", Cluster.class).get(0));
        for (GPUPool pool : TestFiles.ofKind(fleet, "GPUPool", GPUPool.class)) {
            if (pool.getSpec().getCluster().equals("fra-1")
                    && client.resource(pool).get() == null) {
                client.resource(pool).create();
            }
        }
        MockApiServers.ensureNamespace(client, "metrics");
    }

    @Test
    void metricsCarryDecisionsPendingWorkPoolsClustersAndDispatchErrors() throws Exception {
        TrainingJob fits =
                TestFiles.ofKind(Path.of("examples/workloads"), "TrainingJob", TrainingJob.class)
                        .get(0);
        fits.getMetadata().setNamespace("metrics");
        fits.getMetadata().setName("m-fits");
        client.resource(fits).create();
        TrainingJob tooBig =
                TestFiles.ofKind(Path.of("examples/workloads"), "TrainingJob", TrainingJob.class)
                        .get(0);
        tooBig.getMetadata().setNamespace("metrics");
        tooBig.getMetadata().setName("m-too-big");
        tooBig.getSpec().setWorkers(64);
        client.resource(tooBig).create();
        // Someone else's Job holds the name Locus would give the next one: a dispatch error.
        client.batch()
                .v1()
                .jobs()
                .inNamespace("metrics")
                .resource(
                        new JobBuilder()
                                .withNewMetadata()
                                .withName("m-clash")
                                .withNamespace("metrics")
                                .endMetadata()
                                .withNewSpec()
                                .withNewTemplate()
                                .withNewSpec()
                                .addNewContainer()
                                .withName("x")
                                .withImage("x")
                                .endContainer()
                                .withRestartPolicy("Never")
                                .endSpec()
                                .endTemplate()
                                .endSpec()
                                .build())
                .create();
        TrainingJob clash =
                TestFiles.ofKind(Path.of("examples/workloads"), "TrainingJob", TrainingJob.class)
                        .get(0);
        clash.getMetadata().setNamespace("metrics");
        clash.getMetadata().setName("m-clash");
        clash.getSpec().setWorkers(1);
        client.resource(clash).create();

        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                phase("m-fits") == WorkloadPhase.RUNNING
                                        && phase("m-too-big") == WorkloadPhase.UNSCHEDULABLE);
        // The gauges read the operator's caches, which follow the API server closely: retry.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(this::assertMetrics);
    }

    private void assertMetrics() throws Exception {
        List<Sample> samples = parse(get(metrics));
        assertThat(
                        value(
                                samples,
                                "locus_decisions_total",
                                Map.of("result", "placed", "reason", "none")))
                .isGreaterThanOrEqualTo(2);
        assertThat(
                        value(
                                samples,
                                "locus_decisions_total",
                                Map.of("result", "unschedulable", "reason", "NoFeasiblePool")))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(samples, "locus_decision_duration_seconds_count", Map.of()))
                .isGreaterThanOrEqualTo(3);
        assertThat(samples)
                .anySatisfy(
                        s -> {
                            assertThat(s.name())
                                    .isEqualTo("locus_decision_duration_seconds_bucket");
                            assertThat(s.labels()).containsKey("le");
                        });
        assertThat(value(samples, "locus_pending_workloads", Map.of("reason", "NoFeasiblePool")))
                .isEqualTo(1);
        // fra-1-h100 as the hub sees it: 64 declared (no GPU nodes in the test hub).
        Map<String, String> pool =
                Map.of("pool", "fra-1-h100", "cluster", "fra-1", "zone", "eu", "model", "H100");
        GPUPool status = client.resources(GPUPool.class).withName("fra-1-h100").get();
        assertThat(status.getStatus().getCapacity().getTotal()).isEqualTo(64);
        assertThat(value(samples, "locus_pool_accelerators", with(pool, "state", "total")))
                .isEqualTo(64.0);
        assertThat(value(samples, "locus_pool_accelerators", with(pool, "state", "allocated")))
                .isEqualTo(status.getStatus().getCapacity().getAllocated().doubleValue())
                .isGreaterThanOrEqualTo(40.0);
        assertThat(value(samples, "locus_pool_accelerators", with(pool, "state", "available")))
                .isEqualTo(status.getStatus().getCapacity().getAvailable().doubleValue());
        assertThat(value(samples, "locus_cluster_reachable", Map.of("cluster", "fra-1")))
                .isEqualTo(1.0);
        assertThat(
                        value(
                                samples,
                                "locus_dispatch_errors_total",
                                Map.of("cluster", "fra-1", "reason", "NameConflict")))
                .isGreaterThanOrEqualTo(1);
        // JOSDK's meters are per controller: none is tagged with a workload's name, so their
        // number does not grow with the workloads reconciled.
        assertThat(
                        value(
                                samples,
                                "operator_sdk_controllers_execution_reconcile_success_total",
                                Map.of("controller", "trainingjob")))
                .isGreaterThanOrEqualTo(1);
        assertThat(samples)
                .filteredOn(s -> s.name().startsWith("operator_sdk"))
                .noneMatch(s -> "m-fits".equals(s.labels().get("name")));
    }

    @Test
    void healthReflectsSyncedCaches() throws Exception {
        assertThat(get(ready)).contains("\"locus-caches\"").contains("\"UP\"");
        assertThat(get(live)).contains("\"locus-scheduler\"").contains("\"UP\"");
    }

    private void createIfAbsent(io.fabric8.kubernetes.api.model.HasMetadata object) {
        if (client.resource(object).get() == null) {
            client.resource(object).create();
        }
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> out = new HashMap<>(labels);
        out.put(key, value);
        return out;
    }

    private WorkloadPhase phase(String name) {
        TrainingJob j =
                client.resources(TrainingJob.class).inNamespace("metrics").withName(name).get();
        return j == null || j.getStatus() == null ? null : j.getStatus().getPhase();
    }
}
