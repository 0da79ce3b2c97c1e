package dev.locus.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.PlacementStatus;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.TrainingJobStatus;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.cli.demo.MockApiServers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which remote objects in a cluster are left over, and which belong there. */
class StaleCopiesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    static HasMetadata remoteJob(String uid, Instant created, boolean managed) {
        var labels =
                new java.util.HashMap<>(
                        Map.of(
                                RemoteLabels.WORKLOAD, "llm",
                                RemoteLabels.WORKLOAD_NAMESPACE, "ml",
                                RemoteLabels.WORKLOAD_KIND, "TrainingJob",
                                RemoteLabels.WORKLOAD_UID, uid));
        if (managed) {
            labels.put(RemoteLabels.MANAGED_BY, RemoteLabels.MANAGER);
        }
        return new JobBuilder()
                .withMetadata(
                        new ObjectMetaBuilder()
                                .withName("llm")
                                .withNamespace("ml")
                                .withUid("remote-uid")
                                .withLabels(labels)
                                .withCreationTimestamp(created.toString())
                                .build())
                .build();
    }

    static TrainingJob workload(WorkloadStatus status) {
        TrainingJob job = new TrainingJob();
        job.setMetadata(
                new ObjectMetaBuilder().withName("llm").withNamespace("ml").withUid("u1").build());
        job.setStatus((TrainingJobStatus) status);
        return job;
    }

    static TrainingJobStatus placedOn(String cluster, Instant decidedAt) {
        TrainingJobStatus s = new TrainingJobStatus();
        s.setPhase(WorkloadPhase.RUNNING);
        PlacementStatus p = new PlacementStatus();
        p.setDecidedAt(decidedAt.toString());
        p.setAssignments(java.util.List.of(new Assignment(cluster, cluster + "-h100", 1, 8, 0.0)));
        s.setPlacement(p);
        return s;
    }

    static TrainingJobStatus withdrawnAt(Instant when) {
        TrainingJobStatus s = new TrainingJobStatus();
        s.setPhase(WorkloadPhase.UNSCHEDULABLE);
        Conditions.set(
                s.getConditions(), WorkloadStatus.PLACED, false, "NoFeasiblePool", "", 1L, when);
        return s;
    }

    static Stream<Arguments> cases() {
        Instant created = NOW.minusSeconds(600);
        return Stream.of(
                Arguments.of(
                        "placed here: belongs here",
                        remoteJob("u1", created, true),
                        workload(placedOn("ams", created)),
                        false),
                Arguments.of(
                        "moved elsewhere after the copy was made: stale",
                        remoteJob("u1", created, true),
                        workload(placedOn("par", created.plusSeconds(60))),
                        true),
                Arguments.of(
                        "placed elsewhere before this copy was made, within the grace: left alone"
                                + " (it may be of a placement the cache does not show yet)",
                        remoteJob("u1", NOW.minusSeconds(10), true),
                        workload(placedOn("par", NOW.minusSeconds(70))),
                        false),
                // Found by the soak: a reconcile still working on the placement the workload had
                // left created its copy after the move; it stayed for good.
                Arguments.of(
                        "placed elsewhere before this copy was made, past the grace: a late"
                                + " dispatch of the old placement, stale",
                        remoteJob("u1", created, true),
                        workload(placedOn("par", created.minusSeconds(60))),
                        true),
                Arguments.of(
                        "withdrawn before this copy was made, past the grace: stale",
                        remoteJob("u1", created, true),
                        workload(withdrawnAt(created.minusSeconds(60))),
                        true),
                Arguments.of(
                        "withdrawn after the copy was made: stale",
                        remoteJob("u1", created, true),
                        workload(withdrawnAt(created.plusSeconds(60))),
                        true),
                Arguments.of(
                        "the workload has no status yet: left alone, no error",
                        remoteJob("u1", created, true),
                        workload(null),
                        false),
                Arguments.of(
                        "an orphan Locus made, past the grace: stale",
                        remoteJob("gone", created, true),
                        null,
                        true),
                Arguments.of(
                        "an orphan within the grace: left alone (the cache may lag)",
                        remoteJob("gone", NOW.minusSeconds(10), true),
                        null,
                        false),
                Arguments.of(
                        "an orphan Locus did not label as its own: never touched",
                        remoteJob("gone", created, false),
                        null,
                        false));
    }

    @Test
    void aLeftOverServiceGoesEvenWithoutAJobBesideIt() {
        // Found by the soak: a workload moved away from a cluster where only its Service had been
        // created (creating the Job failed); collection looked at Services only when a Job or
        // Deployment was stale too, so the Service stayed for good.
        try (MockApiServers servers = new MockApiServers()) {
            KubernetesClient member = servers.addMember("ams").client();
            MockApiServers.ensureNamespace(member, "ml");
            HasMetadata job = remoteJob("u1", NOW.minusSeconds(600), true);
            Service service =
                    new ServiceBuilder()
                            .withMetadata(new ObjectMetaBuilder(job.getMetadata()).build())
                            .build();
            service.getMetadata().setUid(null);
            service.getMetadata().setCreationTimestamp(null);
            member.resource(service).create();
            // Moved after the Service was made (the server stamps it with the time now).
            Instant later = Instant.now().plusSeconds(60);
            TrainingJob moved = workload(placedOn("par", later));
            StaleCopies.WorkloadLookup hub =
                    (kind, namespace, n) -> Optional.of((WorkloadResource) moved);

            List<String> removed = StaleCopies.collect("ams", member, List.of(), hub, later);

            assertThat(removed).containsExactly("Service ml/llm");
            assertThat(member.services().inNamespace("ml").withName("llm").get()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void staleWhenItNoLongerBelongsInTheCluster(
            String name, HasMetadata remote, TrainingJob workload, boolean stale) {
        StaleCopies.WorkloadLookup hub =
                (kind, namespace, n) ->
                        Optional.ofNullable((WorkloadResource) workload)
                                .filter(
                                        w ->
                                                kind.equals("TrainingJob")
                                                        && w.getMetadata().getName().equals(n));
        assertThat(StaleCopies.isStale("ams", remote, hub, NOW)).isEqualTo(stale);
    }
}
