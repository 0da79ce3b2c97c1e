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
