package dev.locus.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.api.schema.CrdSchemas;
import dev.locus.api.schema.SchemaValidator;
import dev.locus.testing.TestFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The example fleet is valid against the CRDs and parses into the model classes. */
class ExamplesTest {

    private static final Map<String, Class<? extends HasMetadata>> KINDS =
            CrdFiles.KINDS.stream().collect(Collectors.toMap(Class::getSimpleName, k -> k));

    /** 400 and 400.0 are the same value; YAML writes the one, the model the other. */
    private static final Comparator<JsonNode> NUMERICALLY =
            (a, b) ->
                    a.isNumber() && b.isNumber()
                            ? Double.compare(a.asDouble(), b.asDouble())
                            : a.equals(b) ? 0 : 1;

    private static final List<ObjectNode> DOCS = TestFiles.documents(Path.of("examples"));

    @Test
    void everyLocusDocumentPassesTheCrdSchema() {
        List<ObjectNode> locus =
                DOCS.stream().filter(d -> KINDS.containsKey(d.path("kind").asText())).toList();
        assertThat(locus).hasSizeGreaterThan(20);
        for (ObjectNode doc : locus) {
            var kind = CrdSchemas.forKind(doc.get("kind").asText()).orElseThrow();
            var violations = SchemaValidator.validateDocument(doc, kind);
            assertThat(violations)
                    .as("%s %s", doc.get("kind").asText(), doc.at("/metadata/name").asText())
                    .isEmpty();
            assertThat(doc.at("/metadata/namespace").isMissingNode()).isEqualTo(!kind.namespaced());
        }
    }

    @Test
    void everyLocusDocumentRoundTripsThroughItsModelClass() {
        for (ObjectNode doc : DOCS) {
            Class<? extends HasMetadata> type = KINDS.get(doc.path("kind").asText());
            if (type == null) {
                continue;
            }
            HasMetadata parsed = Serialization.jsonMapper().convertValue(doc, type);
            // No field is lost or renamed on the way through the model.
            JsonNode roundTripped = Serialization.jsonMapper().valueToTree(parsed).get("spec");
            assertThat(roundTripped.equals(NUMERICALLY, doc.get("spec")))
                    .as(
                            "%s %s: %s became %s",
                            doc.get("kind").asText(),
                            parsed.getMetadata().getName(),
                            doc.get("spec"),
                            roundTripped)
                    .isTrue();
        }
    }

    @Test
    void twoTeamsShareTheFleetInOneCohortWithAPreemptibleJobAndTiers() {
        Path examples = Path.of("examples");
        List<FleetQuota> quotas = TestFiles.ofKind(examples, "FleetQuota", FleetQuota.class);
        assertThat(quotas).hasSizeGreaterThanOrEqualTo(2);
        assertThat(quotas.stream().map(q -> q.getSpec().getCohort()).distinct())
                .containsExactly("ml");
        // Each quota selects one of the example namespaces by its labels.
        List<io.fabric8.kubernetes.api.model.Namespace> namespaces =
                TestFiles.ofKind(
                        examples, "Namespace", io.fabric8.kubernetes.api.model.Namespace.class);
        for (FleetQuota quota : quotas) {
            var selector = quota.getSpec().getNamespaceSelector().getMatchLabels();
            assertThat(namespaces)
                    .as("namespaces of %s", quota.getMetadata().getName())
                    .filteredOn(
                            ns ->
                                    ns.getMetadata().getLabels() != null
                                            && ns.getMetadata()
                                                    .getLabels()
                                                    .entrySet()
                                                    .containsAll(selector.entrySet()))
                    .hasSize(1);
        }
        // A batch job that runs already, and a job of higher priority that may preempt it.
        List<TrainingJob> jobs = TestFiles.ofKind(examples, "TrainingJob", TrainingJob.class);
        TrainingJob running =
                jobs.stream()
                        .filter(j -> j.getStatus() != null && j.getStatus().getPlacement() != null)
                        .findFirst()
                        .orElseThrow();
        assertThat(jobs)
                .filteredOn(j -> j.getSpec().getPlacement() != null)
                .anySatisfy(
                        j -> {
                            assertThat(j.getSpec().getPlacement().getPreemptionPolicy())
                                    .isEqualTo(PreemptionPolicy.PREEMPT_LOWER_PRIORITY);
                            assertThat(j.getSpec().getPriority())
                                    .isGreaterThan(running.getSpec().getPriority());
                        });
        // Own hardware first (tier 0), then cloud.
        List<GPUPool> pools = TestFiles.ofKind(examples, "GPUPool", GPUPool.class);
        assertThat(pools.stream().map(p -> p.getSpec().getTier()).distinct())
                .contains(0)
                .anyMatch(t -> t > 0);
    }

    @Test
    void aFleetWorthPlanningAgainst() {
        List<Cluster> clusters = TestFiles.ofKind(Path.of("examples"), "Cluster", Cluster.class);
        Set<String> countries =
                clusters.stream()
                        .map(c -> c.getSpec().getLocation().getCountry())
                        .collect(Collectors.toSet());
        assertThat(clusters).hasSizeGreaterThanOrEqualTo(6);
        assertThat(countries).hasSizeGreaterThanOrEqualTo(4);
        List<SovereigntyZone> zones =
                TestFiles.ofKind(Path.of("examples"), "SovereigntyZone", SovereigntyZone.class);
        assertThat(zones)
                .extracting(z -> z.getMetadata().getName())
                .contains("eu", "uk", "us", "jp");
        assertThat(zones)
                .filteredOn(z -> z.getMetadata().getName().equals("eu"))
                .singleElement()
                .satisfies(eu -> assertThat(eu.getSpec().getTransfersAllowedTo()).contains("uk"));
        List<GPUPool> pools = TestFiles.ofKind(Path.of("examples"), "GPUPool", GPUPool.class);
        assertThat(pools)
                .extracting(p -> p.getSpec().getAccelerator().getModel())
                .contains("H100", "H200", "GB200", "L40S");
        Set<String> clusterNames =
                clusters.stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet());
        assertThat(pools)
                .allSatisfy(p -> assertThat(clusterNames).contains(p.getSpec().getCluster()));
        assertThat(clusters)
                .flatExtracting(c -> c.getSpec().getInterconnects())
                .allSatisfy(link -> assertThat(clusterNames).contains(link.getCluster()));
    }
}
