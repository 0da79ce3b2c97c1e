package dev.locus.dispatch;

import static dev.locus.dispatch.DispatchFixtures.assignment;
import static dev.locus.dispatch.DispatchFixtures.container;
import static dev.locus.dispatch.DispatchFixtures.env;
import static dev.locus.dispatch.DispatchFixtures.pool;
import static dev.locus.dispatch.DispatchFixtures.quantities;
import static dev.locus.dispatch.DispatchFixtures.template;
import static dev.locus.dispatch.DispatchFixtures.toleration;
import static dev.locus.dispatch.DispatchFixtures.trainingJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.locus.api.v1alpha1.TrainingJob;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** A placed TrainingJob becomes an Indexed Job and a headless Service in the chosen cluster. */
class TrainingJobRendererTest {

    static RemoteObjects render(TrainingJob job, int workers) {
        return TrainingJobRenderer.desired(
                job,
                assignment("fra-1", "fra-1-h100", workers),
                pool().nodeSelector("gpu", "h100")
                        .toleration(toleration("nvidia.com/gpu", "NoSchedule"))
                        .build());
    }

    static Service service(RemoteObjects remote) {
        return (Service) remote.objects().get(0);
    }

    static Job job(RemoteObjects remote) {
        return (Job) remote.objects().get(1);
    }

    static Map<String, String> labels(String name, String namespace, String uid) {
        return Map.of(
                RemoteLabels.WORKLOAD,
                name,
                RemoteLabels.WORKLOAD_NAMESPACE,
                namespace,
                RemoteLabels.WORKLOAD_UID,
                uid,
                RemoteLabels.WORKLOAD_KIND,
                "TrainingJob",
                RemoteLabels.MANAGED_BY,
                "locus",
                RemoteLabels.POOL,
                "fra-1-h100");
    }

    @Test
    void aServiceThenAnIndexedJobInTheChosenClusterAndTheSameNamespace() {
        RemoteObjects remote = render(trainingJob("llm").namespace("research").build(), 4);

        assertThat(remote.cluster()).isEqualTo("fra-1");
        assertThat(remote.namespace()).isEqualTo("research");
        assertThat(remote.objects())
                .extracting(HasMetadata::getKind, o -> o.getMetadata().getName())
                .containsExactly(tuple("Service", "llm"), tuple("Job", "llm"));
        assertThat(remote.objects())
                .allSatisfy(
                        o -> {
                            assertThat(o.getMetadata().getNamespace()).isEqualTo("research");
                            assertThat(o.getMetadata().getLabels())
                                    .isEqualTo(labels("llm", "research", "uid-llm"));
                        });
        assertThat(job(remote).getApiVersion()).isEqualTo("batch/v1");
    }

    @ParameterizedTest(name = "{0} workers")
    @CsvSource({"1", "4", "64"})
    void completionsAndParallelismAreTheWorkers(int workers) {
        Job job = job(render(trainingJob("llm").workers(workers).build(), workers));

        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getCompletions()).isEqualTo(workers);
        assertThat(job.getSpec().getParallelism()).isEqualTo(workers);
    }

    @Test
    void theServiceIsHeadlessForRendezvousWithRankZero() {
        Service service = service(render(trainingJob("llm").build(), 4));

        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(service.getSpec().getSelector())
                .isEqualTo(Map.of(RemoteLabels.WORKLOAD_UID, "uid-llm"));
        assertThat(service.getSpec().getPorts())
                .containsExactly(
                        new ServicePortBuilder().withName("rendezvous").withPort(29500).build());
    }

    static Stream<Arguments> environments() {
        return Stream.of(
                Arguments.of("llm", 4, "llm-0.llm"),
                Arguments.of("llama-3.1-sft", 16, "llama-3-1-sft-0.llama-3-1-sft"),
                Arguments.of("7b-finetune", 2, "w-7b-finetune-0.w-7b-finetune"));
    }

    @ParameterizedTest(name = "{0} x{1}")
    @MethodSource("environments")
    void everyWorkerGetsTheDistributedTrainingEnv(String name, int workers, String masterAddr) {
        PodSpec pod =
                job(render(trainingJob(name).workers(workers).build(), workers))
                        .getSpec()
                        .getTemplate()
                        .getSpec();
        String jobName = masterAddr.substring(masterAddr.indexOf('.') + 1);

        assertThat(pod.getContainers().get(0).getEnv())
                .containsExactly(
                        env("WORLD_SIZE", Integer.toString(workers)),
                        PodTemplatesTest.RANK,
                        env("MASTER_ADDR", masterAddr),
                        env("MASTER_PORT", "29500"),
                        env("LOCUS_CLUSTER", "fra-1"),
                        env("LOCUS_POOL", "fra-1-h100"));
        // Rank 0's hostname is <job>-0 in the Service's subdomain: MASTER_ADDR resolves.
        assertThat(pod.getSubdomain()).isEqualTo(jobName);
        assertThat(PodTemplatesTest.RANK.getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    }

    @Test
    void podsGetThePoolsNodeSelectorTolerationsAndAcceleratorLimit() {
        PodSpec pod =
                job(render(trainingJob("llm").acceleratorsPerWorker(8).build(), 4))
                        .getSpec()
                        .getTemplate()
                        .getSpec();

        assertThat(pod.getNodeSelector()).isEqualTo(Map.of("gpu", "h100"));
        assertThat(pod.getTolerations())
                .containsExactly(toleration("nvidia.com/gpu", "NoSchedule"));
        assertThat(pod.getContainers().get(0).getResources().getLimits())
                .isEqualTo(quantities("nvidia.com/gpu", "8"));
    }

    @ParameterizedTest(name = "acceleratorsPerWorker {0}, resourceName {1} -> {2}")
    @CsvSource(
            value = {
                "8, NULL, nvidia.com/gpu",
                "NULL, NULL, nvidia.com/gpu",
                "2, amd.com/gpu, amd.com/gpu",
                "1, google.com/tpu, google.com/tpu"
            },
            nullValues = "NULL")
    void theLimitIsAcceleratorsPerWorkerOfThePoolsResource(
            Integer perWorker, String resourceName, String expectedResource) {
        Job job =
                job(
                        TrainingJobRenderer.desired(
                                trainingJob("llm").acceleratorsPerWorker(perWorker).build(),
                                assignment("fra-1", "fra-1-h100", 4),
                                pool().resourceName(resourceName).build()));

        assertThat(
                        job.getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getResources()
                                .getLimits())
                .isEqualTo(
                        quantities(
                                expectedResource,
                                Integer.toString(perWorker == null ? 1 : perWorker)));
    }

    @ParameterizedTest(name = "restartPolicy {0} -> {1}")
    @CsvSource(
            value = {"NULL, Never", "Always, Never", "Never, Never", "OnFailure, OnFailure"},
            nullValues = "NULL")
    void podsOfTheJobDoNotRestartAlways(String given, String expected) {
        TrainingJob training =
                trainingJob("llm")
                        .template(template().container(container("trainer")).restartPolicy(given))
                        .build();

        assertThat(job(render(training, 2)).getSpec().getTemplate().getSpec().getRestartPolicy())
                .isEqualTo(expected);
    }

    @Test
    void theUsersTemplateIsKeptAndLocusLabelsAreOnThePods() {
        TrainingJob training =
                trainingJob("llm")
                        .template(
                                template()
                                        .label("team", "research")
                                        .container(
                                                container("trainer")
                                                        .env("EPOCHS", "3")
                                                        .limit("memory", "64Gi")))
                        .build();
        String before = Serialization.asJson(training);

        var pod = job(render(training, 2)).getSpec().getTemplate();

        assertThat(Serialization.asJson(training))
                .as("the hub object is untouched")
                .isEqualTo(before);
        assertThat(pod.getMetadata().getLabels())
                .containsEntry("team", "research")
                .containsAllEntriesOf(labels("llm", "ml", "uid-llm"));
        assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("trainer:1");
        assertThat(pod.getSpec().getContainers().get(0).getEnv().get(0))
                .isEqualTo(env("EPOCHS", "3"));
        assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
                .isEqualTo(quantities("memory", "64Gi", "nvidia.com/gpu", "8"));
    }

    @Test
    void aNameTooLongForPodHostnamesIsShortenedAlikeEverywhere() {
        // 64 characters: cut to 42 (at a dash, which goes) and a hash of the whole, so that
        // <job>-<index> stays a valid hostname.
        String name = "a-very-long-training-job-name-that-goes-on-and-on-and-on-forever";
        RemoteObjects remote = render(trainingJob(name).build(), 2);
        String expected = "a-very-long-training-job-name-that-goes-on-f302438b";

        assertThat(TrainingJobRenderer.name(trainingJob(name).build())).isEqualTo(expected);
        assertThat(job(remote).getMetadata().getName()).isEqualTo(expected);
        assertThat(service(remote).getMetadata().getName()).isEqualTo(expected);
        assertThat(job(remote).getSpec().getTemplate().getSpec().getSubdomain())
                .isEqualTo(expected);
        assertThat(job(remote).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .contains(env("MASTER_ADDR", expected + "-0." + expected));
    }

    @Test
    void theSkeletonNamesWhatDesiredRenders() {
        TrainingJob training = trainingJob("llama-3.1-sft").namespace("research").build();
        RemoteObjects skeleton = TrainingJobRenderer.skeleton(training, "fra-1");

        assertThat(skeleton.cluster()).isEqualTo("fra-1");
        assertThat(skeleton.namespace()).isEqualTo("research");
        for (RemoteObjects remote : List.of(skeleton, render(training, 4))) {
            assertThat(remote.objects())
                    .extracting(
                            HasMetadata::getKind,
                            o -> o.getMetadata().getNamespace(),
                            o -> o.getMetadata().getName())
                    .containsExactly(
                            tuple("Service", "research", "llama-3-1-sft"),
                            tuple("Job", "research", "llama-3-1-sft"));
        }
    }
}
