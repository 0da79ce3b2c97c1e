package dev.locus.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.locus.cli.demo.MockApiServers;
import dev.locus.fleet.WholeMessageWebSockets;
import dev.locus.testing.FaultProxy.Decision;
import dev.locus.testing.FaultProxy.Fault;
import dev.locus.testing.FaultProxy.Faults;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewSpecBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fault proxy forwards, injects what its seed says, cuts and heals, and counts. */
@Timeout(60)
class FaultProxyTest {

    static Vertx vertx;
    static MockApiServers servers;
    static KubernetesClient direct;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        servers = new MockApiServers();
        direct = servers.addMember("m").client();
        MockApiServers.ensureNamespace(direct, "t");
    }

    @AfterAll
    static void stop() {
        servers.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    static KubernetesClient through(FaultProxy proxy) {
        return new KubernetesClientBuilder()
                .withHttpClientFactory(
                        new WholeMessageWebSockets(HttpClientUtils.getHttpClientFactory()))
                .withConfig(
                        new ConfigBuilder()
                                .withMasterUrl(proxy.url())
                                .withRequestRetryBackoffLimit(0)
                                .withWatchReconnectInterval(100)
                                .build())
                .build();
    }

    static FaultProxy proxy(long seed) {
        return FaultProxy.start(vertx, "m", servers.members().get("m").url(), seed);
    }

    static ConfigMap configMap(String namespace, String name) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .addToData("k", "v")
                .build();
    }

    @Test
    void withoutFaultsItForwardsRequestsAndWatches() {
        try (FaultProxy proxy = proxy(1);
                KubernetesClient client = through(proxy)) {
            List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (var informer =
                    client.configMaps()
                            .inNamespace("t")
                            .inform(
                                    new io.fabric8.kubernetes.client.informers
                                            .ResourceEventHandler<>() {
                                        @Override
                                        public void onAdd(ConfigMap obj) {
                                            seen.add(obj.getMetadata().getName());
                                        }

                                        @Override
                                        public void onUpdate(ConfigMap a, ConfigMap b) {}

                                        @Override
                                        public void onDelete(ConfigMap obj, boolean unknown) {}
                                    })) {
                client.resource(configMap("t", "forwarded")).create();
                assertThat(
                                client.configMaps()
                                        .inNamespace("t")
                                        .withName("forwarded")
                                        .get()
                                        .getData())
                        .containsEntry("k", "v");
                // A body larger than one chunk streams through whole.
                String big = "x".repeat(300_000);
                client.resource(
                                new ConfigMapBuilder(configMap("t", "big"))
                                        .addToData("big", big)
                                        .build())
                        .create();
                assertThat(direct.configMaps().inNamespace("t").withName("big").get().getData())
                        .containsEntry("big", big);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> seen.containsAll(List.of("forwarded", "big")));
            }
            assertThat(proxy.injected()).isZero();
            assertThat(proxy.requests()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void itInjectsWhatTheSeedSaysAndCountsIt() throws Exception {
        Faults faults =
                new Faults(
                        0.2,
                        0.15,
                        0.1,
                        0.15,
                        0.15,
                        Duration.ofMillis(30),
                        0,
                        Duration.ZERO,
                        Duration.ZERO);
        String path = "/api/v1/namespaces/t/configmaps";
        int n = 60;
        List<Decision> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(FaultProxy.decide(7, faults, "POST", path, i, false));
        }
        // The seed decides: another seed decides otherwise, the same seed alike.
        List<Decision> again = new ArrayList<>();
        List<Decision> other = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            again.add(FaultProxy.decide(7, faults, "POST", path, i, false));
            other.add(FaultProxy.decide(8, faults, "POST", path, i, false));
        }
        assertThat(again).isEqualTo(expected);
        assertThat(other).isNotEqualTo(expected);
        Set<Fault> kinds =
                expected.stream()
                        .map(Decision::fault)
                        .filter(f -> f != null)
                        .collect(Collectors.toSet());
        assertThat(kinds)
                .containsExactlyInAnyOrder(
                        Fault.CONFLICT,
                        Fault.SERVER_ERROR,
                        Fault.LOST_RESPONSE,
                        Fault.THROTTLED,
                        Fault.SLOW);

        HttpClient http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        try (FaultProxy proxy = proxy(7).faults(faults)) {
            for (int i = 0; i < n; i++) {
                String name = "seeded-" + i;
                var response =
                        http.send(
                                HttpRequest.newBuilder(URI.create(proxy.url() + path.substring(1)))
                                        .header("Content-Type", "application/json")
                                        .timeout(Duration.ofSeconds(10))
                                        .POST(
                                                HttpRequest.BodyPublishers.ofString(
                                                        io.fabric8.kubernetes.client.utils
                                                                .Serialization.asJson(
                                                                configMap("t", name))))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                Fault fault = expected.get(i).fault();
                boolean created = direct.configMaps().inNamespace("t").withName(name).get() != null;
                if (fault == null || fault == Fault.SLOW) {
                    assertThat(response.statusCode()).as("request %d", i).isBetween(200, 201);
                    assertThat(created).isTrue();
                } else if (fault == Fault.LOST_RESPONSE) {
                    assertThat(response.statusCode()).as("request %d", i).isEqualTo(500);
                    assertThat(created).as("applied before the answer was lost").isTrue();
                } else {
                    int code =
                            switch (fault) {
                                case CONFLICT -> 409;
                                case SERVER_ERROR -> 500;
                                case THROTTLED -> 429;
                                default -> throw new AssertionError(fault);
                            };
                    assertThat(response.statusCode()).as("request %d", i).isEqualTo(code);
                    assertThat(created).as("request %d not forwarded", i).isFalse();
                    if (fault == Fault.THROTTLED) {
                        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
                    }
                }
            }
            Map<Fault, Long> tally = new EnumMap<>(Fault.class);
            for (Fault f : Fault.values()) {
                tally.put(f, 0L);
            }
            expected.stream()
                    .filter(d -> d.fault() != null)
                    .forEach(d -> tally.merge(d.fault(), 1L, Long::sum));
            assertThat(proxy.counts()).isEqualTo(tally);
            assertThat(proxy.injected()).isEqualTo(tally.values().stream().mapToLong(l -> l).sum());
        }
    }

    @Test
    void readsAreNeverAnsweredWithConflicts() {
        Faults onlyConflicts =
                new Faults(1, 0, 1, 0, 0, Duration.ZERO, 0, Duration.ZERO, Duration.ZERO);
        for (int i = 0; i < 50; i++) {
            assertThat(FaultProxy.decide(3, onlyConflicts, "GET", "/api/v1/pods", i, false))
                    .isEqualTo(new Decision(null, 0));
        }
    }

    @Test
    void aCutWatchIsResumedAndTheClientListsAgain() {
        Faults cuts =
                new Faults(
                        0,
                        0,
                        0,
                        0,
                        0,
                        Duration.ZERO,
                        1,
                        Duration.ofMillis(200),
                        Duration.ofMillis(400));
        MockApiServers.ensureNamespace(direct, "w");
        try (FaultProxy proxy = proxy(11).faults(cuts);
                KubernetesClient client = through(proxy);
                var informer = client.configMaps().inNamespace("w").inform()) {
            for (int i = 0; i < 12; i++) {
                direct.resource(configMap("w", "c" + i)).create();
                if (i % 3 == 2) {
                    direct.configMaps().inNamespace("w").withName("c" + (i - 1)).delete();
                }
                long cutsBefore = proxy.counts().get(Fault.WATCH_CUT);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> proxy.counts().get(Fault.WATCH_CUT) > cutsBefore);
            }
            // Deletions made while the watch was down reach the client too.
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    informer.getStore().list().stream()
                                                            .map(c -> c.getMetadata().getName())
                                                            .collect(Collectors.toSet()))
                                            .isEqualTo(
                                                    direct
                                                            .configMaps()
                                                            .inNamespace("w")
                                                            .list()
                                                            .getItems()
                                                            .stream()
                                                            .map(c -> c.getMetadata().getName())
                                                            .collect(Collectors.toSet())));
            assertThat(proxy.counts().get(Fault.WATCH_CUT)).isGreaterThanOrEqualTo(12);
            assertThat(proxy.counts().get(Fault.WATCH_EXPIRED)).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aCutOffServerRefusesEverythingUntilHealed() {
        try (FaultProxy proxy = proxy(5);
                KubernetesClient client = through(proxy)) {
            assertThat(client.namespaces().withName("t").get()).isNotNull();
            proxy.cutOff();
            // The first request may fail on the pooled connection the cut closed, before it
            // reaches the proxy; the next one needs a new connection, which is refused.
            assertThatThrownBy(() -> client.namespaces().withName("t").get())
                    .isInstanceOf(KubernetesClientException.class);
            assertThatThrownBy(() -> client.namespaces().withName("t").get())
                    .isInstanceOf(KubernetesClientException.class);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> proxy.counts().getOrDefault(Fault.REFUSED, 0L) > 0);
            proxy.heal();
            await().atMost(Duration.ofSeconds(5))
                    .ignoreExceptions()
                    .until(() -> client.namespaces().withName("t").get() != null);
        }
    }

    @Test
    void itCanPermitAccessReviews() {
        try (FaultProxy proxy = proxy(5).permitAccessReviews();
                KubernetesClient client = through(proxy)) {
            SelfSubjectRulesReview review = new SelfSubjectRulesReview();
            review.setSpec(new SelfSubjectRulesReviewSpecBuilder().withNamespace("t").build());
            SelfSubjectRulesReview answer = client.resource(review).create();
            assertThat(answer.getStatus().getResourceRules())
                    .singleElement()
                    .satisfies(r -> assertThat(r.getVerbs()).containsExactly("*"));
        }
    }
}
