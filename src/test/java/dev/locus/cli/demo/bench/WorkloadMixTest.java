package dev.locus.cli.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.api.schema.CrdSchemas;
import dev.locus.api.schema.SchemaValidator;
import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.LocusResource;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkloadMixTest {

    static final KubernetesSerialization JSON = new KubernetesSerialization();
    static final BenchFleet.Shape FLEET = new BenchFleet.Shape(8, 2, 2048, 8);
    static final List<BenchFleet.Member> MEMBERS = BenchFleet.members(FLEET);
    static final List<WorkloadResource> WORKLOADS =
            new WorkloadMix(42, MEMBERS).generate("burst-1000", 2000);

    @Test
    void everyWorkloadIsValidAsTheApiServerAndTheOperatorReadIt() {
        for (WorkloadResource w : WORKLOADS) {
            JsonNode doc = JSON.convertValue(w, JsonNode.class);
            var kind = CrdSchemas.forKind(w.getKind()).orElseThrow();
            assertThat(SchemaValidator.validateDocument(doc, kind))
                    .as(w.getMetadata().getName())
                    .isEmpty();
            LocusResource<?, ?> read =
                    (LocusResource<?, ?>) JSON.unmarshal(JSON.asJson(w), w.getClass());
            assertThat(read.problems()).as(w.getMetadata().getName()).isEmpty();
        }
    }

    @Test
    void eightyPercentTrainingJobsOfOneGpuAndEndpointsOfOneOrTwoReplicas() {
        long jobs = WORKLOADS.stream().filter(w -> w instanceof TrainingJob).count();
        assertThat(jobs / (double) WORKLOADS.size()).isCloseTo(0.8, within(0.03));
        for (WorkloadResource w : WORKLOADS) {
            if (w instanceof TrainingJob j) {
                assertThat(j.getSpec().getWorkers()).isEqualTo(1);
                assertThat(j.getSpec().getAcceleratorsPerWorker()).isEqualTo(1);
            } else {
                InferenceEndpoint e = (InferenceEndpoint) w;
                assertThat(e.getSpec().getReplicas()).isBetween(1, 2);
                assertThat(e.getSpec().getAcceleratorsPerReplica()).isEqualTo(1);
                assertThat(e.getSpec().getUsers()).isNotEmpty();
            }
        }
        assertThat(
                        WORKLOADS.stream()
                                .filter(w -> w instanceof InferenceEndpoint)
                                .map(w -> ((InferenceEndpoint) w).getSpec().getReplicas())
                                .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void dataClassificationsAndZonesAreMixedSoSovereigntyIsExercised() {
        Map<Classification, Long> byClass =
                WORKLOADS.stream()
                        .collect(
                                Collectors.groupingBy(
                                        w -> w.getSpec().getData().getClassification(),
                                        Collectors.counting()));
        assertThat(share(byClass, Classification.PUBLIC)).isCloseTo(0.35, within(0.04));
        assertThat(share(byClass, Classification.INTERNAL)).isCloseTo(0.20, within(0.04));
        assertThat(share(byClass, Classification.CONFIDENTIAL)).isCloseTo(0.20, within(0.04));
        assertThat(share(byClass, Classification.PERSONAL)).isCloseTo(0.25, within(0.04));
        Map<String, Long> byZone =
                WORKLOADS.stream()
                        .filter(w -> w.getSpec().getData().getZone() != null)
                        .collect(
                                Collectors.groupingBy(
                                        w -> w.getSpec().getData().getZone(),
                                        Collectors.counting()));
        assertThat(byZone).containsOnlyKeys("eu", "uk", "us", "jp");
        long restricted = byZone.values().stream().mapToLong(Long::longValue).sum();
        assertThat(byZone.get("eu") / (double) restricted).isCloseTo(0.5, within(0.05));
        // Public data has no zone; restricted data always has one, and its origin is in the zone.
        for (WorkloadResource w : WORKLOADS) {
            var data = w.getSpec().getData();
            assertThat(data.getZone() == null)
                    .isEqualTo(data.getClassification() == Classification.PUBLIC);
            if (data.getZone() != null && data.getOrigin() != null) {
                String origin = data.getOrigin().getCluster();
                assertThat(
                                MEMBERS.stream()
                                        .filter(m -> m.name().equals(origin))
                                        .findFirst()
                                        .orElseThrow()
                                        .site()
                                        .zone())
                        .isEqualTo(data.getZone());
            }
        }
    }

    @Test
    void theSameIndexGivesTheSameWorkloadAndNamesAreUnique() {
        WorkloadMix again = new WorkloadMix(42, MEMBERS);
        for (int i : List.of(0, 1, 17, 1999)) {
            assertThat(JSON.asJson(again.workload("burst-1000", i, null)))
                    .isEqualTo(JSON.asJson(WORKLOADS.get(i)));
        }
        Set<String> keys = WORKLOADS.stream().map(Tracker::key).collect(Collectors.toSet());
        assertThat(keys).hasSize(WORKLOADS.size());
        assertThat(WORKLOADS)
                .allSatisfy(
                        w -> {
                            assertThat(w.getMetadata().getName())
                                    .matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
                            assertThat(w.getMetadata().getNamespace()).isIn(WorkloadMix.TEAMS);
                            assertThat(w.getMetadata().getLabels())
                                    .containsEntry(WorkloadMix.PHASE_LABEL, "burst-1000");
                        });
    }

    @Test
    void aGivenNamespaceHoldsThemAll() {
        assertThat(new WorkloadMix(1, MEMBERS).generate("ceiling-10", 10, "bench-ceiling"))
                .extracting(w -> w.getMetadata().getNamespace())
                .containsOnly("bench-ceiling");
    }

    @Test
    void aFleetWithoutRestrictedZonesGetsPublicDataOnly() {
        // Singapore only: no zone has a member, so no data may be restricted.
        List<BenchFleet.Member> singapore =
                List.of(new BenchFleet.Member("sin-1", Site.SITES.get(7), List.of("sin-1-h100")));
        assertThat(new WorkloadMix(7, singapore).generate("p", 200))
                .extracting(w -> w.getSpec().getData().getClassification())
                .containsOnly(Classification.PUBLIC);
    }

    private static double share(Map<Classification, Long> counts, Classification c) {
        return counts.getOrDefault(c, 0L) / (double) WORKLOADS.size();
    }
}
