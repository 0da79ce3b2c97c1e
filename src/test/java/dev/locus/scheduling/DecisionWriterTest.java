package dev.locus.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.TrainingJobStatus;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.hub.EventRecorder;
import dev.locus.placement.Assignment;
import dev.locus.placement.Decision;
import dev.locus.placement.Reason;
import dev.locus.placement.Workload;
import dev.locus.placement.WorkloadRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one writer of workload status against an API server that answers what the test says:
 * conflicts are retried on the latest version only while the decision still applies.
 */
class DecisionWriterTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String PATH = "/apis/locus.dev/v1alpha1/namespaces/ml/trainingjobs/llm";
    private static final Workload W =
            Workload.builder(WorkloadRef.Kind.TRAINING_JOB, "ml", "llm").build();

    private KubernetesMockServer server;
    private KubernetesClient client;
    private ReservationLedger ledger;
    private DecisionWriter writer;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(false);
        server.init();
        client = server.createClient();
        ledger = new ReservationLedger();
        writer =
                new DecisionWriter(
                        client, ledger, new EventRecorder(client, Clock.systemUTC(), "ml"), 2);
    }

    @AfterEach
    void stop() {
        writer.close();
        client.close();
        server.destroy();
    }

    static TrainingJob job(String resourceVersion, long generation, WorkloadPhase phase) {
        TrainingJob job = new TrainingJob();
        job.setMetadata(
                new ObjectMetaBuilder()
                        .withName("llm")
                        .withNamespace("ml")
                        .withUid("uid-1")
                        .withGeneration(generation)
                        .withResourceVersion(resourceVersion)
                        .build());
        // A spec that keeps to the schema, as one read from the API server does.
        dev.locus.api.v1alpha1.DataSpec data = new dev.locus.api.v1alpha1.DataSpec();
        data.setClassification(dev.locus.api.v1alpha1.Classification.PUBLIC);
        job.getSpec().setData(data);
        job.getSpec().setWorkers(1);
        job.getSpec().setAcceleratorsPerWorker(8);
        job.getSpec()
                .setTemplate(
                        new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
                                .withNewSpec()
                                .addNewContainer()
                                .withName("main")
                                .withImage("example.com/trainer:1")
                                .endContainer()
                                .endSpec()
                                .build());
        if (phase != null) {
            TrainingJobStatus status = new TrainingJobStatus();
            status.setPhase(phase);
            job.setStatus(status);
        }
        return job;
    }

    static Decision placedOnFra() {
        return new Decision(
                W,
                true,
                null,
                null,
                List.of(new Assignment("fra", "fra-h100", 1, 8, 0.0)),
                "public data",
                "Placed 8",
                List.of());
    }

    static Decision unschedulable() {
        return new Decision(
                W,
                false,
                Reason.NO_FEASIBLE_POOL,
                null,
                List.of(),
                null,
                "0/1 pools fit",
                List.of());
    }

    private List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> out = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            if (!r.getPath().contains("/events")) {
                out.add(r);
            }
        }
        return out;
    }

    private void conflictOnce() {
        server.expect()
                .put()
                .withPath(PATH + "/status")
                .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict").build())
                .once();
    }

    @Test
    void aPlacementIsWrittenAgainstTheVersionItWasDecidedOn() throws Exception {
        server.expect().put().withPath(PATH + "/status").andReturn(200, job("2", 1, null)).once();

        var written =
                writer.decide(job("1", 1, null), placedOnFra(), NOW).get(10, TimeUnit.SECONDS);

        assertThat(written).isEqualTo(DecisionWriter.Written.YES);
        List<RecordedRequest> requests = requests();
        assertThat(requests).hasSize(1);
        TrainingJob sent =
                Serialization.unmarshal(requests.get(0).getBody().readUtf8(), TrainingJob.class);
        assertThat(sent.getMetadata().getResourceVersion()).isEqualTo("1");
        assertThat(sent.getStatus().getPhase()).isEqualTo(WorkloadPhase.PLACED);
        assertThat(sent.getStatus().getPlacement().getAssignments().get(0).getPool())
                .isEqualTo("fra-h100");
        // The ledger holds it until the cache shows it.
        assertThat(ledger.held("fra-h100")).isEqualTo(8);
        assertThat(ledger.inFlight("uid-1")).isTrue();
    }

    /** What the API server has when the first write conflicts, and what the writer then does. */
    static Stream<Arguments> conflicts() {
        return Stream.of(
                Arguments.of(
                        "same spec, still pending: written on the latest version",
                        job("7", 1, WorkloadPhase.PENDING),
                        DecisionWriter.Written.YES,
                        "7"),
                Arguments.of(
                        "the spec changed meanwhile: dropped, decided again",
                        job("7", 2, WorkloadPhase.PENDING),
                        DecisionWriter.Written.NO,
                        null),
                Arguments.of(
                        "placed meanwhile: dropped",
                        job("7", 1, WorkloadPhase.RUNNING),
                        DecisionWriter.Written.NO,
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conflicts")
    void aConflictIsRetriedOnlyWhileTheDecisionStillApplies(
            String name, TrainingJob latest, DecisionWriter.Written expected, String retriedOn)
            throws Exception {
        conflictOnce();
        server.expect().get().withPath(PATH).andReturn(200, latest).once();
        server.expect().put().withPath(PATH + "/status").andReturn(200, latest).once();

        var written =
                writer.decide(job("1", 1, null), placedOnFra(), NOW).get(10, TimeUnit.SECONDS);

        assertThat(written).isEqualTo(expected);
        List<RecordedRequest> requests = requests();
        List<String> puts =
                requests.stream()
                        .filter(r -> r.getMethod().equals("PUT"))
                        .map(
                                r ->
                                        Serialization.unmarshal(
                                                r.getBody().readUtf8(), TrainingJob.class))
                        .map(j -> j.getMetadata().getResourceVersion())
                        .toList();
        if (retriedOn == null) {
            assertThat(puts).containsExactly("1");
            assertThat(ledger.held("fra-h100")).isZero();
        } else {
            assertThat(puts).containsExactly("1", retriedOn);
            assertThat(ledger.held("fra-h100")).isEqualTo(8);
        }
    }

    @Test
    void aStatusThatAlreadySaysItIsNotWrittenAgain() throws Exception {
        TrainingJob job = job("1", 1, null);
        UnaryOperator<dev.locus.api.v1alpha1.WorkloadStatus> same =
                s -> DecisionStatus.apply(s, unschedulable(), 1, NOW);
        job.setStatus((TrainingJobStatus) same.apply(new TrainingJobStatus()));

        var written = writer.decide(job, unschedulable(), NOW).get(10, TimeUnit.SECONDS);

        assertThat(written).isEqualTo(DecisionWriter.Written.UNCHANGED);
        assertThat(requests()).isEmpty();
    }

    // Found by the long soak: the API server failed after storing the placement, the client's
    // retry of the write conflicted with it, and the writer took it as not written: it released
    // the reservation, and the pool was over-booked once the cache showed the placement.
    @Test
    void aServerErrorAfterThePlacementWasStoredCountsAsWritten() throws Exception {
        server.expect()
                .put()
                .withPath(PATH + "/status")
                .andReturn(500, new StatusBuilder().withCode(500).build())
                .once();
        conflictOnce();
        TrainingJob stored = job("2", 1, null);
        stored.setStatus(
                (TrainingJobStatus)
                        DecisionStatus.apply(new TrainingJobStatus(), placedOnFra(), 1, NOW));
        server.expect().get().withPath(PATH).andReturn(200, stored).once();

        var written =
                writer.decide(job("1", 1, null), placedOnFra(), NOW).get(10, TimeUnit.SECONDS);

        assertThat(written).isEqualTo(DecisionWriter.Written.YES);
        assertThat(ledger.held("fra-h100")).isEqualTo(8);
    }

    @Test
    void aServerErrorBeforeThePlacementWasStoredIsWrittenAgain() throws Exception {
        server.expect()
                .put()
                .withPath(PATH + "/status")
                .andReturn(500, new StatusBuilder().withCode(500).build())
                .once();
        // The client retries a server error itself.
        server.expect().put().withPath(PATH + "/status").andReturn(200, job("2", 1, null)).once();

        var written =
                writer.decide(job("1", 1, null), placedOnFra(), NOW).get(10, TimeUnit.SECONDS);

        assertThat(written).isEqualTo(DecisionWriter.Written.YES);
        assertThat(ledger.held("fra-h100")).isEqualTo(8);
    }

    @Test
    void aPreemptionSendsTheVictimBackToPendingBeforeThePreemptorIsPlaced() throws Exception {
        TrainingJob victim = job("5", 1, WorkloadPhase.RUNNING);
        victim.getMetadata().setName("batch");
        victim.getMetadata().setUid("uid-victim");
        victim.getStatus()
                .setPlacement(
                        DecisionStatus.apply(new TrainingJobStatus(), placedOnFra(), 1, NOW)
                                .getPlacement());
        String victimPath = "/apis/locus.dev/v1alpha1/namespaces/ml/trainingjobs/batch";
        server.expect().put().withPath(victimPath + "/status").andReturn(200, victim).once();
        server.expect().put().withPath(PATH + "/status").andReturn(200, job("2", 1, null)).once();

        var written =
                writer.preempt(job("1", 1, null), placedOnFra(), List.of(victim), NOW)
                        .get(10, TimeUnit.SECONDS);

        assertThat(written).isEqualTo(DecisionWriter.Written.YES);
        List<RecordedRequest> puts =
                requests().stream().filter(r -> r.getMethod().equals("PUT")).toList();
        assertThat(puts)
                .extracting(RecordedRequest::getPath)
                .containsExactly(victimPath + "/status", PATH + "/status");
        TrainingJob sent =
                io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                        puts.get(0).getBody().readUtf8(), TrainingJob.class);
        assertThat(sent.getStatus().getPhase()).isEqualTo(WorkloadPhase.PENDING);
        assertThat(sent.getStatus().getPlacement()).isNull();
        assertThat(sent.getStatus().getRestarts()).isEqualTo(1);
        assertThat(sent.getStatus().getMessage()).contains("ml/llm").contains("priority 0");
    }

    @Test
    void aPreemptionWhoseVictimChangedMeanwhilePlacesNothing() throws Exception {
        TrainingJob victim = job("5", 1, WorkloadPhase.RUNNING);
        victim.getMetadata().setName("batch");
        victim.getStatus()
                .setPlacement(
                        DecisionStatus.apply(new TrainingJobStatus(), placedOnFra(), 1, NOW)
                                .getPlacement());
        String victimPath = "/apis/locus.dev/v1alpha1/namespaces/ml/trainingjobs/batch";
        server.expect()
                .put()
                .withPath(victimPath + "/status")
                .andReturn(409, new StatusBuilder().withCode(409).build())
                .once();
        // Meanwhile it finished: it no longer holds the placement it was chosen for.
        server.expect()
                .get()
                .withPath(victimPath)
                .andReturn(200, job("6", 1, WorkloadPhase.SUCCEEDED))
                .once();

        var written =
                writer.preempt(job("1", 1, null), placedOnFra(), List.of(victim), NOW)
                        .get(10, TimeUnit.SECONDS);

        assertThat(written).isEqualTo(DecisionWriter.Written.NO);
        assertThat(ledger.held("fra-h100")).isZero();
        assertThat(requests()).noneMatch(r -> r.getPath().equals(PATH + "/status"));
    }

    @Test
    void aWorkloadDeletedMeanwhileIsNotWrittenAndReleasesItsReservation() throws Exception {
        server.expect()
                .put()
                .withPath(PATH + "/status")
                .andReturn(404, new StatusBuilder().withCode(404).build())
                .once();

        var written =
                writer.decide(job("1", 1, null), placedOnFra(), NOW).get(10, TimeUnit.SECONDS);

        assertThat(written).isEqualTo(DecisionWriter.Written.NO);
        assertThat(ledger.held("fra-h100")).isZero();
    }

    @Test
    void aDispatchReportAboutAnOlderPlacementIsDropped() throws Exception {
        TrainingJob placed = job("1", 1, null);
        placed.setStatus(
                (TrainingJobStatus)
                        DecisionStatus.apply(new TrainingJobStatus(), placedOnFra(), 1, NOW));

        var written =
                writer.dispatched(
                        placed, DispatchReport.dispatched("2020-01-01T00:00:00Z", "fra"), NOW);

        assertThat(written).isEqualTo(DecisionWriter.Written.NO);
        assertThat(requests()).isEmpty();
    }

    @Test
    void aDispatchReportIsWrittenOnTheCallersThread() throws Exception {
        TrainingJob placed = job("1", 1, null);
        placed.setStatus(
                (TrainingJobStatus)
                        DecisionStatus.apply(new TrainingJobStatus(), placedOnFra(), 1, NOW));
        server.expect().put().withPath(PATH + "/status").andReturn(200, placed).once();

        var written =
                writer.dispatched(
                        placed,
                        DispatchReport.dispatched(
                                placed.getStatus().getPlacement().getDecidedAt(), "fra"),
                        NOW);

        assertThat(written).isEqualTo(DecisionWriter.Written.YES);
        TrainingJob sent =
                Serialization.unmarshal(requests().get(0).getBody().readUtf8(), TrainingJob.class);
        assertThat(sent.getStatus().getPhase()).isEqualTo(WorkloadPhase.RUNNING);
    }
}
