package dev.locus.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.TrainingJobStatus;
import dev.locus.api.v1alpha1.WorkloadPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/** The embedded API servers refuse a stale status write, as an API server does. */
class OptimisticStatusWritesTest {

    static TrainingJob withPhase(TrainingJob job, WorkloadPhase phase) {
        TrainingJobStatus status = new TrainingJobStatus();
        status.setPhase(phase);
        job.setStatus(status);
        return job;
    }

    @Test
    void aStatusWriteOnAnOldVersionIsAConflict() {
        try (MockApiServers servers = new MockApiServers()) {
            var hub = servers.hub().client();
            MockApiServers.ensureNamespace(hub, "ml");
            TrainingJob job = new TrainingJob();
            job.setMetadata(new ObjectMetaBuilder().withName("a").withNamespace("ml").build());
            job.getSpec().setWorkers(1);
            TrainingJob created = hub.resource(job).create();
            String rv = created.getMetadata().getResourceVersion();

            TrainingJob placed =
                    hub.resource(withPhase(hub.resource(created).get(), WorkloadPhase.PLACED))
                            .updateStatus();
            assertThat(placed.getMetadata().getResourceVersion()).isNotEqualTo(rv);

            // Written on the version before: refused, the newer status stays.
            TrainingJob stale = withPhase(hub.resource(created).get(), WorkloadPhase.PENDING);
            stale.getMetadata().setResourceVersion(rv);
            assertThatThrownBy(() -> hub.resource(stale).updateStatus())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(409));
            assertThat(hub.resource(created).get().getStatus().getPhase())
                    .isEqualTo(WorkloadPhase.PLACED);

            // On the current version, or with none (last writer wins): written.
            assertThat(
                            hub.resource(withPhase(placed, WorkloadPhase.RUNNING))
                                    .updateStatus()
                                    .getStatus()
                                    .getPhase())
                    .isEqualTo(WorkloadPhase.RUNNING);
            TrainingJob unversioned = withPhase(hub.resource(created).get(), WorkloadPhase.FAILED);
            unversioned.getMetadata().setResourceVersion(null);
            hub.resource(unversioned).updateStatus();
            assertThat(hub.resource(created).get().getStatus().getPhase())
                    .isEqualTo(WorkloadPhase.FAILED);
        }
    }
}
