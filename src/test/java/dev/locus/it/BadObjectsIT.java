package dev.locus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Objects the hub should have refused reach the operator anyway (a hub whose CRDs are older than
 * the operator validates nothing, nor does this mock hub): each is reported on itself, with the
 * field and the rule, or gets its documented decision; it stops nothing, and a good workload
 * applied after it is placed.
 */
class BadObjectsIT {

    private static final AtomicInteger GOOD = new AtomicInteger();
    private static Fleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = Fleet.ams(512, 3.0);
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
    }

    /** A valid TrainingJob as JSON, with {@code spec} fields to put in place of the defaults. */
    static String job(String name, String spec) {
        return """
                {"apiVersion": "locus.dev/v1alpha1", "kind": "TrainingJob",
                 "metadata": {"name": "%s", "namespace": "ml"%s},
                 "spec": {"data": {"classification": "personal", "zone": "eu"},
                          "accelerator": {"models": ["H100"]},
                          "workers": 1, "acceleratorsPerWorker": 1,
                          "template": {"spec": {"containers": [{"name": "t", "image": "x"}]}}
                          %s}}
                """
                .formatted(name, "", spec);
    }

    static String withAnnotation(String json, int bytes) {
        return json.replace(
                "\"namespace\": \"ml\"",
                "\"namespace\": \"ml\", \"annotations\": {\"big\": \"" + "x".repeat(bytes) + "\"}");
    }

    /** Fields given twice in a JSON object: the later value wins, as in Jackson's tree. */
    static String replacing(String field, String value) {
        return ", \"" + field + "\": " + value;
    }

    static Stream<Arguments> badWorkloads() {
        return Stream.of(
                Arguments.of(
                        "workers 0",
                        job("zero", replacing("workers", "0")),
                        "spec.workers: must be >= 1"),
                Arguments.of(
                        "a string where a number belongs",
                        job("four", replacing("workers", "\"four\"")),
                        "spec.workers"),
                Arguments.of(
                        "10^12 accelerators",
                        job("huge", replacing("acceleratorsPerWorker", "1000000000000")),
                        "spec.acceleratorsPerWorker: must be <="),
                Arguments.of(
                        "no classification",
                        job("unclassified", replacing("data", "{\"zone\": \"eu\"}")),
                        "spec.data.classification: is required"),
                Arguments.of(
                        "restricted data with no zone",
                        job("nozone", replacing("data", "{\"classification\": \"personal\"}")),
                        "spec.data"),
                Arguments.of(
                        "a classification that does not exist",
                        job(
                                "secret",
                                replacing(
                                        "data",
                                        "{\"classification\": \"secret\", \"zone\": \"eu\"}")),
                        "spec.data.classification"),
                Arguments.of(
                        "a 1 MiB annotation",
                        withAnnotation(job("annotated", ""), 1024 * 1024),
                        "metadata.annotations: must have at most 262144 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badWorkloads")
    void anInvalidWorkloadIsReportedAndStopsNothing(String name, String json, String says) {
        String bad =
                (String)
                        Serialization.unmarshal(json, GenericKubernetesResource.class)
                                .getMetadata()
                                .getName();
        create(json);

        TrainingJob reported =
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> get(bad), hasCondition("Valid", "InvalidSpec"));
        assertThat(condition(reported, "Valid").getMessage()).contains(says);
        assertThat(reported.getStatus().getPlacement()).isNull();

        assertGoodWorkloadIsPlaced();
        deleteAndAwaitGone(bad);
    }

    @org.junit.jupiter.api.Test
    void anUnknownZoneGetsItsDecisionAndAnEmptyZoneAdmitsNothing() {
        create(
                job(
                        "atlantis",
                        replacing(
                                "data",
                                "{\"classification\": \"personal\", \"zone\": \"atlantis\"}")));
        TrainingJob unknown =
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> get("atlantis"),
                                hasCondition("Placed", "UnknownSovereigntyZone"));
        assertThat(unknown.getStatus().getPhase()).isEqualTo(WorkloadPhase.UNSCHEDULABLE);

        // A zone with no jurisdictions breaks the schema: reported, and it admits nothing.
        createRaw(
                "SovereigntyZone",
                null,
                """
                {"apiVersion": "locus.dev/v1alpha1", "kind": "SovereigntyZone",
                 "metadata": {"name": "empty"}, "spec": {"jurisdictions": []}}
                """);
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> fleet.hub.resources(SovereigntyZone.class).withName("empty").get(),
                        z ->
                                z.getStatus() != null
                                        && Conditions.find(z.getStatus().getConditions(), "Valid")
                                                .map(c -> "InvalidSpec".equals(c.getReason()))
                                                .orElse(false));
        create(
                job(
                        "inempty",
                        replacing(
                                "data",
                                "{\"classification\": \"personal\", \"zone\": \"empty\"}")));
        TrainingJob none =
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> get("inempty"),
                                hasCondition("Placed", "UnknownSovereigntyZone"));
        assertThat(none.getStatus().getPlacement()).isNull();
        assertGoodWorkloadIsPlaced();
    }

    @org.junit.jupiter.api.Test
    void aClusterWithDuplicateInterconnectsStopsNothing() {
        createRaw(
                "Cluster",
                null,
                """
                {"apiVersion": "locus.dev/v1alpha1", "kind": "Cluster",
                 "metadata": {"name": "dup-1"},
                 "spec": {"location": {"country": "NL"}, "connection": {"local": true},
                          "interconnects": [{"cluster": "ams-1", "latencyMs": 5},
                                            {"cluster": "ams-1", "latencyMs": 9}]}}
                """);
        // Either refused by its rules, or probed: never left without a word, never a crash.
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> fleet.hub.resources(Cluster.class).withName("dup-1").get(),
                        c -> c.getStatus() != null && !c.getStatus().getConditions().isEmpty());
        assertGoodWorkloadIsPlaced();
    }

    private static void assertGoodWorkloadIsPlaced() {
        String name = "good-" + GOOD.incrementAndGet();
        fleet.hub
                .resource(Hub.job(Fleet.NAMESPACE, name, Classification.PERSONAL, "eu", 1, 1))
                .create();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> get(name),
                        j ->
                                j != null
                                        && j.getStatus() != null
                                        && j.getStatus().getPhase() != null
                                        && j.getStatus().getPhase().holdsReservation());
    }

    private static void deleteAndAwaitGone(String name) {
        fleet.hub
                .genericKubernetesResources("locus.dev/v1alpha1", "TrainingJob")
                .inNamespace(Fleet.NAMESPACE)
                .withName(name)
                .delete();
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () ->
                                fleet.hub
                                                .genericKubernetesResources(
                                                        "locus.dev/v1alpha1", "TrainingJob")
                                                .inNamespace(Fleet.NAMESPACE)
                                                .withName(name)
                                                .get()
                                        == null);
    }

    private static void create(String json) {
        createRaw("TrainingJob", Fleet.NAMESPACE, json);
    }

    private static void createRaw(String kind, String namespace, String json) {
        GenericKubernetesResource object =
                Serialization.unmarshal(json, GenericKubernetesResource.class);
        var resources = fleet.hub.genericKubernetesResources("locus.dev/v1alpha1", kind);
        (namespace == null
                        ? resources.resource(object)
                        : resources.inNamespace(namespace).resource(object))
                .create();
    }

    private static TrainingJob get(String name) {
        return fleet.hub
                .resources(TrainingJob.class)
                .inNamespace(Fleet.NAMESPACE)
                .withName(name)
                .get();
    }

    private static Predicate<TrainingJob> hasCondition(String type, String reason) {
        return j ->
                j != null
                        && j.getStatus() != null
                        && Conditions.find(j.getStatus().getConditions(), type)
                                .map(c -> reason.equals(c.getReason()))
                                .orElse(false);
    }

    private static dev.locus.api.v1alpha1.Condition condition(TrainingJob j, String type) {
        return Conditions.find(j.getStatus().getConditions(), type).orElseThrow();
    }
}
