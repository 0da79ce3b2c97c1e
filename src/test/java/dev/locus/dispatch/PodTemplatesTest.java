package dev.locus.dispatch;

import static dev.locus.dispatch.DispatchFixtures.container;
import static dev.locus.dispatch.DispatchFixtures.env;
import static dev.locus.dispatch.DispatchFixtures.pool;
import static dev.locus.dispatch.DispatchFixtures.quantities;
import static dev.locus.dispatch.DispatchFixtures.template;
import static dev.locus.dispatch.DispatchFixtures.toleration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.api.v1alpha1.GPUPoolSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How the user's pod template merges with what Locus sets for a pool. */
class PodTemplatesTest {

    static final Map<String, String> LOCUS_LABELS =
            Map.of(RemoteLabels.WORKLOAD_UID, "uid-1", RemoteLabels.POOL, "fra-1-h100");

    static final EnvVar RANK =
            new EnvVarBuilder()
                    .withName("RANK")
                    .withNewValueFrom()
                    .withNewFieldRef()
                    .withFieldPath(TrainingJobRenderer.COMPLETION_INDEX)
                    .endFieldRef()
                    .endValueFrom()
                    .build();
    static final List<EnvVar> LOCUS_ENV = List.of(env("WORLD_SIZE", "4"), RANK);

    static final Toleration GPU_TAINT = toleration("nvidia.com/gpu", "NoSchedule");
    static final Toleration SPOT_TAINT = toleration("spot", "NoExecute");

    static PodTemplateSpec merge(PodTemplateSpec template, GPUPoolSpec pool, int accelerators) {
        return PodTemplates.forPool(template, LOCUS_LABELS, pool, accelerators, LOCUS_ENV);
    }

    static Stream<Arguments> nodeSelectors() {
        return Stream.of(
                Arguments.of("neither sets one", template(), pool(), null),
                Arguments.of(
                        "only the pool",
                        template(),
                        pool().nodeSelector("gpu", "h100"),
                        Map.of("gpu", "h100")),
                Arguments.of(
                        "only the user",
                        template().nodeSelector("disk", "ssd"),
                        pool(),
                        Map.of("disk", "ssd")),
                Arguments.of(
                        "both: the user's kept, the pool's win on the same key",
                        template().nodeSelector("disk", "ssd").nodeSelector("gpu", "a100"),
                        pool().nodeSelector("gpu", "h100").nodeSelector("site", "fra"),
                        Map.of("disk", "ssd", "gpu", "h100", "site", "fra")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodeSelectors")
    void nodeSelector(
            String name,
            DispatchFixtures.TemplateFixture template,
            DispatchFixtures.PoolFixture pool,
            Map<String, String> expected) {
        assertThat(
                        merge(template.container(container("main")).build(), pool.build(), 1)
                                .getSpec()
                                .getNodeSelector())
                .isEqualTo(expected);
    }

    static Stream<Arguments> tolerations() {
        return Stream.of(
                Arguments.of("neither sets one", template(), pool(), null),
                Arguments.of(
                        "only the pool",
                        template(),
                        pool().toleration(GPU_TAINT),
                        List.of(GPU_TAINT)),
                Arguments.of(
                        "the user's first, then the pool's",
                        template().toleration(SPOT_TAINT),
                        pool().toleration(GPU_TAINT),
                        List.of(SPOT_TAINT, GPU_TAINT)),
                Arguments.of(
                        "one both give is not repeated",
                        template().toleration(GPU_TAINT).toleration(SPOT_TAINT),
                        pool().toleration(toleration("nvidia.com/gpu", "NoSchedule")),
                        List.of(GPU_TAINT, SPOT_TAINT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tolerations")
    void tolerations(
            String name,
            DispatchFixtures.TemplateFixture template,
            DispatchFixtures.PoolFixture pool,
            List<Toleration> expected) {
        assertThat(
                        merge(template.container(container("main")).build(), pool.build(), 1)
                                .getSpec()
                                .getTolerations())
                .isEqualTo(expected);
    }

    static Stream<Arguments> resources() {
        return Stream.of(
                Arguments.of(
                        "no resources: the accelerator limit alone, no request",
                        container("main"),
                        pool(),
                        quantities("nvidia.com/gpu", "8"),
                        Map.of()),
                Arguments.of(
                        "the user's other limits are kept",
                        container("main").limit("cpu", "16").limit("memory", "64Gi"),
                        pool(),
                        quantities("cpu", "16", "memory", "64Gi", "nvidia.com/gpu", "8"),
                        Map.of()),
                Arguments.of(
                        "an existing limit for the same resource is overridden",
                        container("main").limit("nvidia.com/gpu", "2").limit("cpu", "4"),
                        pool(),
                        quantities("nvidia.com/gpu", "8", "cpu", "4"),
                        Map.of()),
                Arguments.of(
                        "a request for the resource follows the limit, other requests are kept",
                        container("main").request("nvidia.com/gpu", "2").request("cpu", "1"),
                        pool(),
                        quantities("nvidia.com/gpu", "8"),
                        quantities("nvidia.com/gpu", "8", "cpu", "1")),
                Arguments.of(
                        "requests without the resource get none",
                        container("main").request("cpu", "1"),
                        pool(),
                        quantities("nvidia.com/gpu", "8"),
                        quantities("cpu", "1")),
                Arguments.of(
                        "the pool's resourceName",
                        container("main").limit("nvidia.com/gpu", "1"),
                        pool().resourceName("amd.com/gpu"),
                        quantities("nvidia.com/gpu", "1", "amd.com/gpu", "8"),
                        Map.of()),
                Arguments.of(
                        "a blank resourceName is the default",
                        container("main"),
                        pool().resourceName(" "),
                        quantities("nvidia.com/gpu", "8"),
                        Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resources")
    void acceleratorLimitOnTheFirstContainer(
            String name,
            DispatchFixtures.ContainerFixture main,
            DispatchFixtures.PoolFixture pool,
            Map<String, Quantity> limits,
            Map<String, Quantity> requests) {
        PodSpec spec =
                merge(
                                template()
                                        .container(main)
                                        .container(container("sidecar").limit("cpu", "1"))
                                        .build(),
                                pool.build(),
                                8)
                        .getSpec();

        assertThat(spec.getContainers().get(0).getResources().getLimits()).isEqualTo(limits);
        assertThat(spec.getContainers().get(0).getResources().getRequests()).isEqualTo(requests);
        // Only the first container asks for accelerators.
        assertThat(spec.getContainers().get(1).getResources().getLimits())
                .isEqualTo(quantities("cpu", "1"));
    }

    static Stream<Arguments> envs() {
        return Stream.of(
                Arguments.of("no env of its own", container("main"), LOCUS_ENV),
                Arguments.of(
                        "the user's env first, then Locus'",
                        container("main").env("NCCL_DEBUG", "INFO"),
                        List.of(env("NCCL_DEBUG", "INFO"), env("WORLD_SIZE", "4"), RANK)),
                Arguments.of(
                        "a user env named RANK is replaced by Locus' RANK",
                        container("main").env("RANK", "7").env("EPOCHS", "3"),
                        List.of(env("EPOCHS", "3"), env("WORLD_SIZE", "4"), RANK)),
                Arguments.of(
                        "every name Locus sets wins",
                        container("main").env("WORLD_SIZE", "1").env("RANK", "0"),
                        LOCUS_ENV));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("envs")
    void envOnEveryContainer(
            String name, DispatchFixtures.ContainerFixture main, List<EnvVar> expected) {
        PodSpec spec =
                merge(
                                template()
                                        .container(main)
                                        .container(container("sidecar").env("RANK", "x"))
                                        .build(),
                                pool().build(),
                                1)
                        .getSpec();

        assertThat(spec.getContainers().get(0).getEnv()).isEqualTo(expected);
        assertThat(spec.getContainers().get(1).getEnv()).isEqualTo(LOCUS_ENV);
    }

    @Test
    void locusLabelsAreAddedToTheUsersAndWinOnTheSameKey() {
        PodTemplateSpec merged =
                merge(
                        template()
                                .label("app", "trainer")
                                .label(RemoteLabels.WORKLOAD_UID, "spoofed")
                                .container(container("main"))
                                .build(),
                        pool().build(),
                        1);

        assertThat(merged.getMetadata().getLabels())
                .isEqualTo(
                        Map.of(
                                "app",
                                "trainer",
                                RemoteLabels.WORKLOAD_UID,
                                "uid-1",
                                RemoteLabels.POOL,
                                "fra-1-h100"));
    }

    @Test
    void aTemplateWithoutContainersGetsThePoolButNoLimitOrEnv() {
        PodTemplateSpec merged =
                merge(
                        template().toleration(SPOT_TAINT).build(),
                        pool().nodeSelector("gpu", "h100").toleration(GPU_TAINT).build(),
                        8);

        assertThat(merged.getSpec().getContainers()).isEmpty();
        assertThat(merged.getSpec().getNodeSelector()).isEqualTo(Map.of("gpu", "h100"));
        assertThat(merged.getSpec().getTolerations()).isEqualTo(List.of(SPOT_TAINT, GPU_TAINT));
        assertThat(merged.getMetadata().getLabels()).isEqualTo(LOCUS_LABELS);
    }

    static Stream<Arguments> emptyTemplates() {
        PodTemplateSpec noSpec = new PodTemplateSpec();
        PodTemplateSpec nullContainers = new PodTemplateSpec();
        nullContainers.setSpec(new PodSpec());
        nullContainers.getSpec().setContainers(null);
        return Stream.of(
                Arguments.of("no template", null),
                Arguments.of("a template without metadata or spec", noSpec),
                Arguments.of("containers: null", nullContainers));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emptyTemplates")
    void anEmptyTemplateBecomesOneForThePool(String name, PodTemplateSpec template) {
        PodTemplateSpec merged = merge(template, pool().nodeSelector("gpu", "h100").build(), 8);

        assertThat(merged.getMetadata().getLabels()).isEqualTo(LOCUS_LABELS);
        assertThat(merged.getSpec().getNodeSelector()).isEqualTo(Map.of("gpu", "h100"));
        assertThat(merged.getSpec().getTolerations()).isNull();
        assertThat(merged.getSpec().getContainers()).isEmpty();
    }

    @Test
    void theUsersTemplateIsNeverModified() {
        PodTemplateSpec template =
                template()
                        .label("app", "trainer")
                        .nodeSelector("disk", "ssd")
                        .toleration(SPOT_TAINT)
                        .container(container("main").env("RANK", "7").limit("nvidia.com/gpu", "1"))
                        .build();
        String before = Serialization.asJson(template);

        merge(template, pool().nodeSelector("gpu", "h100").toleration(GPU_TAINT).build(), 8);

        assertThat(Serialization.asJson(template)).isEqualTo(before);
    }
}
