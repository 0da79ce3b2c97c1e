package dev.locus.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.DataSpec;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.Location;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.placement.DataClass;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRD-to-engine mapping leans towards "do not place" wherever input is missing or odd. */
class InventoryMapperTest {

    static Cluster cluster(String country) {
        Cluster c = new Cluster();
        c.setMetadata(new ObjectMetaBuilder().withName("c").build());
        Location location = new Location();
        location.setCountry(country);
        c.getSpec().setLocation(location);
        return c;
    }

    @ParameterizedTest(name = "country \"{0}\" -> {1}")
    @CsvSource(
            value = {"DE, DE", "de, DE", "'', NULL", "'  ', NULL", "NULL, NULL"},
            nullValues = "NULL")
    void aClusterCountryIsUpperCaseOrAbsent(String country, String expected) {
        assertThat(InventoryMapper.site(cluster(country), true).country()).isEqualTo(expected);
    }

    @Test
    void aClusterWithoutALocationHasNoCountry() {
        Cluster c = cluster("DE");
        c.getSpec().setLocation(null);
        assertThat(InventoryMapper.site(c, true).country()).isNull();
    }

    @Test
    void jurisdictionsAreUpperCasedAndRestrictionsDefaultToTheSensitiveClasses() {
        SovereigntyZone zone = new SovereigntyZone();
        zone.setMetadata(new ObjectMetaBuilder().withName("eu").build());
        zone.getSpec().setJurisdictions(List.of("de", "FR"));

        var mapped = InventoryMapper.zone(zone);

        assertThat(mapped.jurisdictions()).isEqualTo(Set.of("DE", "FR"));
        assertThat(mapped.restricted()).isEqualTo(DataClass.defaultRestricted());
        assertThat(mapped.transfersAllowedTo()).isEmpty();
    }

    /** How an API object of one kind becomes engine input, with both offline and operator views. */
    enum Mapping {
        ZONE(yaml -> InventoryMapper.zone(read(yaml, SovereigntyZone.class))),
        SITE(
                yaml -> {
                    Cluster c = read(yaml, Cluster.class);
                    return List.of(
                            InventoryMapper.site(
                                    c, InventoryMapper.READY_UNLESS_STATUS_SAYS_NOT.test(c)),
                            InventoryMapper.READY_WHEN_PROBED.test(c));
                }),
        POOL(
                yaml -> {
                    GPUPool p = read(yaml, GPUPool.class);
                    return InventoryMapper.pool(
                            p, InventoryMapper.AVAILABLE_OR_DECLARED.applyAsInt(p));
                }),
        TRAINING_JOB(yaml -> InventoryMapper.trainingJob(read(yaml, TrainingJob.class), 7)),
        INFERENCE_ENDPOINT(
                yaml -> InventoryMapper.inferenceEndpoint(read(yaml, InferenceEndpoint.class), 7));

        final Function<String, Object> map;

        Mapping(Function<String, Object> map) {
            this.map = map;
        }
    }

    /** Read as Jackson reads it, nulls and all, without the API server or the CLI in between. */
    static <T> T read(String yaml, Class<T> type) {
        try {
            // Strict: one complete object, nothing after it.
            JsonNode tree =
                    YAML.readerFor(JsonNode.class)
                            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                            .readValue(yaml);
            return Serialization.jsonMapper().treeToValue(tree, type);
        } catch (IOException e) {
            throw new IllegalArgumentException(yaml, e);
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<Arguments> nullIsAbsent() {
        String zone =
                "{apiVersion: locus.dev/v1alpha1, kind: SovereigntyZone, metadata: {name: eu}";
        String cluster = "{apiVersion: locus.dev/v1alpha1, kind: Cluster, metadata: {name: c";
        String pool = "{apiVersion: locus.dev/v1alpha1, kind: GPUPool, metadata: {name: p}";
        String job =
                "{apiVersion: locus.dev/v1alpha1, kind: TrainingJob, metadata: {name: j,"
                        + " namespace: ml";
        String endpoint =
                "{apiVersion: locus.dev/v1alpha1, kind: InferenceEndpoint, metadata: {name: e,"
                        + " namespace: ml";
        return Stream.of(
                Arguments.of("zone spec: null", Mapping.ZONE, zone + ", spec: null}", zone + "}"),
                Arguments.of(
                        "nulls in a zone's lists",
                        Mapping.ZONE,
                        zone
                                + ", spec: {jurisdictions: [de, null], restrictedClassifications:"
                                + " [personal, null], transfersAllowedTo: [null, uk]}}",
                        zone
                                + ", spec: {jurisdictions: [de], restrictedClassifications:"
                                + " [personal], transfersAllowedTo: [uk]}}"),
                Arguments.of(
                        "a zone's lists given as null",
                        Mapping.ZONE,
                        zone
                                + ", spec: {jurisdictions: null, restrictedClassifications: null,"
                                + " transfersAllowedTo: null}}",
                        zone + ", spec: {}}"),
                Arguments.of(
                        "cluster spec: null",
                        Mapping.SITE,
                        cluster + "}, spec: null}",
                        cluster + "}}"),
                Arguments.of(
                        "metadata.labels: null",
                        Mapping.SITE,
                        cluster + ", labels: null}}",
                        cluster + "}}"),
                Arguments.of(
                        // As the API server stores a label given as null.
                        "a label value null is the empty value",
                        Mapping.SITE,
                        cluster + ", labels: {tier: gold, spare: null}}}",
                        cluster + ", labels: {tier: gold, spare: ''}}}"),
                Arguments.of(
                        "nulls in a cluster's spec",
                        Mapping.SITE,
                        cluster
                                + "}, spec: {location: {country: null, latitude: null, longitude:"
                                + " 8.7}, interconnects: [null, {cluster: d, latencyMs: 3},"
                                + " {cluster: null, latencyMs: 4}], power: null, cordoned: null}}",
                        cluster
                                + "}, spec: {location: {longitude: 8.7}, interconnects: [{cluster:"
                                + " d, latencyMs: 3}, {latencyMs: 4}]}}"),
                Arguments.of(
                        "cluster status: null",
                        Mapping.SITE,
                        cluster + "}, spec: {}, status: null}",
                        cluster + "}, spec: {}}"),
                Arguments.of(
                        "a null condition",
                        Mapping.SITE,
                        cluster
                                + "}, status: {conditions: [null, {type: Ready, status: 'True'}],"
                                + " zones: null}}",
                        cluster + "}, status: {conditions: [{type: Ready, status: 'True'}]}}"),
                Arguments.of("pool spec: null", Mapping.POOL, pool + ", spec: null}", pool + "}"),
                Arguments.of(
                        "nulls in a pool",
                        Mapping.POOL,
                        pool
                                + ", spec: {cluster: c, capacity: 8, accelerator: {type: null,"
                                + " model: H100, memoryGiB: null}, features: [null, nvlink],"
                                + " costPerAcceleratorHour: null, nodeSelector: {a: null}},"
                                + " status: {capacity: {available: null}}}",
                        pool
                                + ", spec: {cluster: c, capacity: 8, accelerator: {model: H100},"
                                + " features: [nvlink]}, status: {capacity: {}}}"),
                Arguments.of(
                        "pool status: null",
                        Mapping.POOL,
                        pool + ", spec: {cluster: c, capacity: 8}, status: null}",
                        pool + ", spec: {cluster: c, capacity: 8}}"),
                Arguments.of(
                        "training job spec: null",
                        Mapping.TRAINING_JOB,
                        job + "}, spec: null}",
                        job + "}}"),
                Arguments.of(
                        "nulls throughout a training job",
                        Mapping.TRAINING_JOB,
                        job
                                + ", labels: null}, spec: {workers: 2, acceleratorsPerWorker:"
                                + " null, priority: null, data: {classification: internal, zone:"
                                + " eu, origin: {cluster: null, country: DE, latitude: null}},"
                                + " accelerator: {type: null, models: [H100, null], minMemoryGiB:"
                                + " null}, placement: {optimizeFor: null, maxLatencyMs: null,"
                                + " requiredFeatures: [null, IB], clusterSelector: {matchLabels:"
                                + " {tier: gold, rack: null}, matchExpressions: [null, {key: k,"
                                + " operator: In, values: [v, null]}]}}, failover: null,"
                                + " template: null}, status: null}",
                        job
                                + "}, spec: {workers: 2, data: {classification: internal, zone:"
                                + " eu, origin: {country: DE}}, accelerator: {models: [H100]},"
                                + " placement: {requiredFeatures: [IB], clusterSelector:"
                                + " {matchLabels: {tier: gold}, matchExpressions: [{key: k,"
                                + " operator: In, values: [v]}]}}}}"),
                Arguments.of(
                        "data: null",
                        Mapping.TRAINING_JOB,
                        job + "}, spec: {data: null, placement: null, accelerator: null}}",
                        job + "}, spec: {}}"),
                Arguments.of(
                        "nulls in an endpoint",
                        Mapping.INFERENCE_ENDPOINT,
                        endpoint
                                + "}, spec: {replicas: null, acceleratorsPerReplica: null, data:"
                                + " {classification: public}, users: [null, {name: de, country:"
                                + " DE, latitude: null, longitude: null, weight: null}]}}",
                        endpoint
                                + "}, spec: {data: {classification: public}, users: [{name: de,"
                                + " country: DE}]}}"),
                Arguments.of(
                        "endpoint users: null",
                        Mapping.INFERENCE_ENDPOINT,
                        endpoint + "}, spec: {users: null}}",
                        endpoint + "}, spec: {}}"),
                Arguments.of(
                        "endpoint spec: null",
                        Mapping.INFERENCE_ENDPOINT,
                        endpoint + "}, spec: null}",
                        endpoint + "}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nullIsAbsent")
    void aFieldGivenAsNullMapsAsAbsent(
            String name, Mapping mapping, String withNull, String without) {
        Object expected = mapping.map.apply(without);
        assertThat(mapping.map.apply(withNull)).isEqualTo(expected);
    }

    @Test
    void dataWithoutAClassificationIsTreatedAsPersonal() {
        TrainingJob job = new TrainingJob();
        job.setMetadata(new ObjectMetaBuilder().withName("j").withNamespace("ml").build());
        DataSpec data = new DataSpec();
        data.setZone("eu");
        job.getSpec().setData(data);
        assertThat(InventoryMapper.trainingJob(job, 0).classification())
                .isEqualTo(DataClass.PERSONAL);

        data.setClassification(Classification.PUBLIC);
        assertThat(InventoryMapper.trainingJob(job, 0).classification())
                .isEqualTo(DataClass.PUBLIC);
    }
}
