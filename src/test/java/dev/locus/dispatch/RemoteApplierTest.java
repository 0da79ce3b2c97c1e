package dev.locus.dispatch;

import static dev.locus.dispatch.DispatchFixtures.assignment;
import static dev.locus.dispatch.DispatchFixtures.container;
import static dev.locus.dispatch.DispatchFixtures.inferenceEndpoint;
import static dev.locus.dispatch.DispatchFixtures.pool;
import static dev.locus.dispatch.DispatchFixtures.template;
import static dev.locus.dispatch.DispatchFixtures.trainingJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.dispatch.RemoteApplier.Outcome;
import dev.locus.dispatch.RemoteApplier.Result;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Idempotent apply against a member cluster (fabric8's mock API server in CRUD mode): create what
 * is missing, adopt what Locus created, update it when what Locus renders changed, never touch
 * another's object, and delete only its own.
 */
class RemoteApplierTest {

    /** Held strongly: JUL forgets levels set on loggers nobody references. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    private KubernetesMockServer server;
    private NamespacedKubernetesClient member;

    @BeforeEach
    void startMember() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server =
                new KubernetesMockServer(
                        new Context(),
                        new MockWebServer(),
                        responses,
                        new KubernetesMixedDispatcher(responses),
                        false);
        server.init();
        member = server.createClient();
    }

    @AfterEach
    void stopMember() {
        member.close();
        server.destroy();
    }

    static final TrainingJob JOB = trainingJob("llm").build();

    static RemoteObjects jobObjects(TrainingJob job) {
        return TrainingJobRenderer.desired(
                job,
                assignment("fra-1", "fra-1-h100", 4),
                pool().nodeSelector("gpu", "h100").build());
    }

    static RemoteObjects endpointObjects(InferenceEndpoint endpoint, int replicas) {
        return InferenceEndpointRenderer.desired(
                        endpoint,
                        List.of(assignment("fra-1", "fra-1-h100", replicas)),
                        pool -> pool().nodeSelector("gpu", "h100").build())
                .get(0);
    }

    List<Result> apply(RemoteObjects remote, String uid) {
        return RemoteApplier.apply(member, remote, uid);
    }

    <T extends HasMetadata> T remote(Class<T> type, String name) {
        return member.resources(type).inNamespace("ml").withName(name).get();
    }

    static String hash(HasMetadata object) {
        var annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(RemoteLabels.SPEC_HASH);
    }

    @Test
    void whatIsMissingIsCreatedWithItsNamespace() {
        List<Result> results = apply(jobObjects(JOB), "uid-llm");

        assertThat(results)
                .extracting(Result::outcome)
                .containsExactly(Outcome.CREATED, Outcome.CREATED);
        assertThat(results)
                .extracting(Result::describe)
                .containsExactly("Service ml/llm", "Job ml/llm");
        assertThat(member.namespaces().withName("ml").get().getMetadata().getLabels())
                .isEqualTo(Map.of(RemoteLabels.MANAGED_BY, RemoteLabels.MANAGER));
        Job job = remote(Job.class, "llm");
        assertThat(job.getMetadata().getLabels())
                .containsEntry(RemoteLabels.WORKLOAD_UID, "uid-llm")
                .containsEntry(RemoteLabels.POOL, "fra-1-h100");
        assertThat(job.getSpec().getCompletions()).isEqualTo(4);
        assertThat(hash(job)).matches("[0-9a-f]{16}");
        assertThat(hash(remote(Service.class, "llm"))).matches("[0-9a-f]{16}");
    }

    @Test
    void aNamespaceThatExistsIsLeftAsItIs() {
        member.namespaces()
                .resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName("ml")
                                .addToLabels("team", "research")
                                .endMetadata()
                                .build())
                .create();

        apply(jobObjects(JOB), "uid-llm");

        assertThat(member.namespaces().withName("ml").get().getMetadata().getLabels())
                .isEqualTo(Map.of("team", "research"));
    }

    static Stream<Arguments> workloads() {
        return Stream.of(
                Arguments.of(
                        "a TrainingJob",
                        (Supplier<RemoteObjects>) () -> jobObjects(trainingJob("llm").build()),
                        "uid-llm"),
                Arguments.of(
                        "an InferenceEndpoint",
                        (Supplier<RemoteObjects>)
                                () -> endpointObjects(inferenceEndpoint("chat").build(), 2),
                        "uid-chat"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void aRestartedOperatorAdoptsWhatItCreatedWithoutWriting(
            String name, Supplier<RemoteObjects> render, String uid) {
        apply(render.get(), uid);
        List<String> versions = resourceVersions(render.get());

        // A new operator renders the same workload afresh: same names, same hash.
        List<Result> again = apply(render.get(), uid);

        assertThat(again).extracting(Result::outcome).containsOnly(Outcome.ADOPTED);
        assertThat(again).hasSize(2);
        assertThat(resourceVersions(render.get())).isEqualTo(versions);
    }

    List<String> resourceVersions(RemoteObjects remote) {
        return remote.objects().stream()
                .map(o -> member.resource(o).get().getMetadata().getResourceVersion())
                .toList();
    }

    @Test
    void whatLocusRendersDifferentlyIsUpdated() {
        InferenceEndpoint endpoint = inferenceEndpoint("chat").build();
        apply(endpointObjects(endpoint, 2), "uid-chat");
        String before = hash(remote(Deployment.class, "chat-fra-1-h100"));

        List<Result> results = apply(endpointObjects(endpoint, 3), "uid-chat");

        assertThat(results)
                .extracting(Result::outcome)
                .containsExactly(Outcome.ADOPTED, Outcome.UPDATED);
        Deployment deployment = remote(Deployment.class, "chat-fra-1-h100");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(hash(deployment)).matches("[0-9a-f]{16}").isNotEqualTo(before);
        assertThat(deployment.getMetadata().getLabels())
                .containsEntry(RemoteLabels.WORKLOAD_UID, "uid-chat");
    }

    static Stream<Arguments> drifts() {
        return Stream.of(
                Arguments.of(
                        "its hash annotation removed",
                        (UnaryOperator<Deployment>)
                                d -> {
                                    d.getMetadata().getAnnotations().remove(RemoteLabels.SPEC_HASH);
                                    d.getSpec().setReplicas(0);
                                    return d;
                                }),
                Arguments.of(
                        "its hash annotation changed",
                        (UnaryOperator<Deployment>)
                                d -> {
                                    d.getMetadata()
                                            .getAnnotations()
                                            .put(RemoteLabels.SPEC_HASH, "0000000000000000");
                                    d.getSpec().setReplicas(0);
                                    return d;
                                }),
                Arguments.of(
                        "its annotations dropped",
                        (UnaryOperator<Deployment>)
                                d -> {
                                    d.getMetadata().setAnnotations(null);
                                    d.getSpec().getTemplate().getSpec().setNodeSelector(null);
                                    return d;
                                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drifts")
    void aDriftedObjectLocusCreatedIsRestored(String name, UnaryOperator<Deployment> edit) {
        InferenceEndpoint endpoint = inferenceEndpoint("chat").build();
        apply(endpointObjects(endpoint, 2), "uid-chat");
        String rendered = hash(remote(Deployment.class, "chat-fra-1-h100"));
        member.resource(edit.apply(remote(Deployment.class, "chat-fra-1-h100"))).update();

        List<Result> results = apply(endpointObjects(endpoint, 2), "uid-chat");

        assertThat(results)
                .extracting(Result::outcome)
                .containsExactly(Outcome.ADOPTED, Outcome.UPDATED);
        Deployment restored = remote(Deployment.class, "chat-fra-1-h100");
        assertThat(restored.getSpec().getReplicas()).isEqualTo(2);
        assertThat(restored.getSpec().getTemplate().getSpec().getNodeSelector())
                .isEqualTo(Map.of("gpu", "h100"));
        assertThat(hash(restored)).isEqualTo(rendered);
    }

    @Test
    void aJobIsNeverRewrittenItRunsAsItWasDispatched() {
        apply(jobObjects(JOB), "uid-llm");
        String version = remote(Job.class, "llm").getMetadata().getResourceVersion();
        TrainingJob changed =
                trainingJob("llm").template(template().container(container("trainer-v2"))).build();

        List<Result> results = apply(jobObjects(changed), "uid-llm");

        assertThat(results)
                .extracting(Result::outcome)
                .containsExactly(Outcome.ADOPTED, Outcome.ADOPTED);
        Job job = remote(Job.class, "llm");
        assertThat(job.getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("trainer:1");
    }

    static Stream<Arguments> foreignServices() {
        return Stream.of(
                Arguments.of("one Locus did not create", Map.of("app", "legacy")),
                Arguments.of(
                        "one Locus created for another workload of the same name",
                        Map.of(
                                RemoteLabels.WORKLOAD, "llm",
                                RemoteLabels.WORKLOAD_NAMESPACE, "ml",
                                RemoteLabels.WORKLOAD_UID, "uid-of-a-deleted-llm",
                                RemoteLabels.MANAGED_BY, "locus")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("foreignServices")
    void anObjectOfTheSameNameButAnotherUidIsAConflictAndLeftAlone(
            String name, Map<String, String> labels) {
        Service foreign = foreignService(labels);
        String version = foreign.getMetadata().getResourceVersion();

        List<Result> results = apply(jobObjects(JOB), "uid-llm");

        assertThat(results)
                .extracting(Result::outcome)
                .containsExactly(Outcome.CONFLICT, Outcome.CREATED);
        assertThat(results.get(0).object().getMetadata().getLabels()).isEqualTo(labels);
        Service after = remote(Service.class, "llm");
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(after.getMetadata().getLabels()).isEqualTo(labels);
        assertThat(after.getSpec().getSelector()).isEqualTo(Map.of("app", "legacy"));
        assertThat(hash(after)).isNull();

        // It stays a conflict, however often Locus tries.
        assertThat(apply(jobObjects(JOB), "uid-llm"))
                .extracting(Result::outcome)
                .containsExactly(Outcome.CONFLICT, Outcome.ADOPTED);
        assertThat(remote(Service.class, "llm").getMetadata().getResourceVersion())
                .isEqualTo(version);
    }

    Service foreignService(Map<String, String> labels) {
        member.namespaces()
                .resource(
                        new NamespaceBuilder()
                                .withNewMetadata()
                                .withName("ml")
                                .endMetadata()
                                .build())
                .create();
        return member.services()
                .inNamespace("ml")
                .resource(
                        new ServiceBuilder()
                                .withNewMetadata()
                                .withName("llm")
                                .withLabels(labels)
                                .endMetadata()
                                .withNewSpec()
                                .withSelector(Map.of("app", "legacy"))
                                .addNewPort()
                                .withPort(80)
                                .endPort()
                                .endSpec()
                                .build())
                .create();
    }

    static Stream<Arguments> raceWinners() {
        return Stream.of(
                Arguments.of(
                        "another replica of Locus, for this workload", "uid-llm", Outcome.ADOPTED),
                Arguments.of("someone else", "uid-other", Outcome.CONFLICT));
    }

    @ParameterizedTest(name = "created meanwhile by {0}")
    @MethodSource("raceWinners")
    void anObjectCreatedBetweenLookAndCreateIsJudgedLikeAnyOther(
            String who, String ownerUid, Outcome expected) {
        // The winner's objects exist; Locus' first look misses them, its create gets 409.
        apply(jobObjects(trainingJob("llm").uid(ownerUid).build()), ownerUid);
        for (String path :
                List.of(
                        "/api/v1/namespaces/ml/services/llm",
                        "/apis/batch/v1/namespaces/ml/jobs/llm")) {
            server.expect()
                    .get()
                    .withPath(path)
                    .andReturn(
                            404,
                            new StatusBuilder()
                                    .withStatus("Failure")
                                    .withReason("NotFound")
                                    .withCode(404)
                                    .build())
                    .once();
        }

        List<Result> results = apply(jobObjects(JOB), "uid-llm");

        assertThat(results).extracting(Result::outcome).containsExactly(expected, expected);
    }

    @Test
    void deleteRemovesOnlyWhatLocusCreatedForThatWorkload() {
        foreignService(Map.of("app", "legacy"));
        apply(jobObjects(JOB), "uid-llm"); // the Service conflicts, the Job is Locus'
        RemoteObjects skeleton = TrainingJobRenderer.skeleton(JOB, "fra-1");

        RemoteApplier.delete(member, skeleton, "uid-another-workload");
        assertThat(remote(Job.class, "llm")).as("another uid deletes nothing").isNotNull();

        RemoteApplier.delete(member, skeleton, "uid-llm");
        assertThat(remote(Job.class, "llm")).isNull();
        assertThat(remote(Service.class, "llm"))
                .as("the foreign Service of the same name stays")
                .isNotNull()
                .extracting(s -> s.getMetadata().getLabels())
                .isEqualTo(Map.of("app", "legacy"));
    }

    @Test
    void deletingWhatIsNotThereIsNoError() {
        RemoteObjects skeleton = TrainingJobRenderer.skeleton(JOB, "fra-1");

        assertThatCode(() -> RemoteApplier.delete(member, skeleton, "uid-llm"))
                .doesNotThrowAnyException();
    }

    @Test
    void deleteRemovesEveryObjectOfAnEndpointInTheCluster() {
        InferenceEndpoint endpoint = inferenceEndpoint("chat").build();
        apply(endpointObjects(endpoint, 2), "uid-chat");

        RemoteApplier.delete(
                member,
                InferenceEndpointRenderer.skeletons(
                                endpoint, List.of(assignment("fra-1", "fra-1-h100", 2)))
                        .get(0),
                "uid-chat");

        assertThat(remote(Service.class, "chat")).isNull();
        assertThat(remote(Deployment.class, "chat-fra-1-h100")).isNull();
    }
}
