package dev.locus.dispatch;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.GPUPoolSpec;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.TrainingJob;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small fluent builders for the objects the dispatch tests render and apply. */
final class DispatchFixtures {

    private DispatchFixtures() {}

    static TrainingJobFixture trainingJob(String name) {
        return new TrainingJobFixture(name);
    }

    static EndpointFixture inferenceEndpoint(String name) {
        return new EndpointFixture(name);
    }

    static PoolFixture pool() {
        return new PoolFixture();
    }

    static TemplateFixture template() {
        return new TemplateFixture();
    }

    static ContainerFixture container(String name) {
        return new ContainerFixture(name);
    }

    static Assignment assignment(String cluster, String pool, int replicas) {
        return new Assignment(cluster, pool, replicas, null, 0.0);
    }

    static Toleration toleration(String key, String effect) {
        return new TolerationBuilder()
                .withKey(key)
                .withOperator("Exists")
                .withEffect(effect)
                .build();
    }

    static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    static Map<String, Quantity> quantities(String... keyValues) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put(keyValues[i], new Quantity(keyValues[i + 1]));
        }
        return out;
    }

    /** A placed TrainingJob as the hub has it: namespace, uid and a one-container template. */
    static final class TrainingJobFixture {
        private final String name;
        private String namespace = "ml";
        private String uid;
        private Integer workers = 4;
        private Integer acceleratorsPerWorker = 8;
        private PodTemplateSpec template =
                DispatchFixtures.template().container(container("trainer")).build();

        private TrainingJobFixture(String name) {
            this.name = name;
            this.uid = "uid-" + name;
        }

        TrainingJobFixture namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        TrainingJobFixture uid(String uid) {
            this.uid = uid;
            return this;
        }

        TrainingJobFixture workers(Integer workers) {
            this.workers = workers;
            return this;
        }

        TrainingJobFixture acceleratorsPerWorker(Integer acceleratorsPerWorker) {
            this.acceleratorsPerWorker = acceleratorsPerWorker;
            return this;
        }

        TrainingJobFixture template(PodTemplateSpec template) {
            this.template = template;
            return this;
        }

        TrainingJobFixture template(TemplateFixture template) {
            return template(template.build());
        }

        TrainingJob build() {
            TrainingJob job = new TrainingJob();
            job.setMetadata(
                    new ObjectMetaBuilder()
                            .withName(name)
                            .withNamespace(namespace)
                            .withUid(uid)
                            .build());
            job.getSpec().setWorkers(workers);
            job.getSpec().setAcceleratorsPerWorker(acceleratorsPerWorker);
            job.getSpec().setTemplate(template);
            return job;
        }
    }

    /** A placed InferenceEndpoint as the hub has it. */
    static final class EndpointFixture {
        private final String name;
        private String namespace = "ml";
        private String uid;
        private Integer acceleratorsPerReplica = 1;
        private Integer port;
        private PodTemplateSpec template =
                DispatchFixtures.template().container(container("server")).build();

        private EndpointFixture(String name) {
            this.name = name;
            this.uid = "uid-" + name;
        }

        EndpointFixture namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        EndpointFixture uid(String uid) {
            this.uid = uid;
            return this;
        }

        EndpointFixture acceleratorsPerReplica(Integer acceleratorsPerReplica) {
            this.acceleratorsPerReplica = acceleratorsPerReplica;
            return this;
        }

        EndpointFixture port(Integer port) {
            this.port = port;
            return this;
        }

        EndpointFixture template(TemplateFixture template) {
            this.template = template.build();
            return this;
        }

        InferenceEndpoint build() {
            InferenceEndpoint endpoint = new InferenceEndpoint();
            endpoint.setMetadata(
                    new ObjectMetaBuilder()
                            .withName(name)
                            .withNamespace(namespace)
                            .withUid(uid)
                            .build());
            endpoint.getSpec().setAcceleratorsPerReplica(acceleratorsPerReplica);
            endpoint.getSpec().setPort(port);
            endpoint.getSpec().setTemplate(template);
            return endpoint;
        }
    }

    /** A GPUPool's spec: what dispatch reads of it. */
    static final class PoolFixture {
        private final Map<String, String> nodeSelector = new LinkedHashMap<>();
        private final List<Toleration> tolerations = new ArrayList<>();
        private String resourceName;

        PoolFixture nodeSelector(String key, String value) {
            nodeSelector.put(key, value);
            return this;
        }

        PoolFixture toleration(Toleration toleration) {
            tolerations.add(toleration);
            return this;
        }

        PoolFixture resourceName(String resourceName) {
            this.resourceName = resourceName;
            return this;
        }

        GPUPoolSpec build() {
            GPUPoolSpec spec = new GPUPoolSpec();
            spec.setNodeSelector(new LinkedHashMap<>(nodeSelector));
            spec.setTolerations(new ArrayList<>(tolerations));
            spec.setResourceName(resourceName);
            return spec;
        }
    }

    /** A user's pod template. */
    static final class TemplateFixture {
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> nodeSelector = new LinkedHashMap<>();
        private final List<Toleration> tolerations = new ArrayList<>();
        private final List<Container> containers = new ArrayList<>();
        private String restartPolicy;

        TemplateFixture label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        TemplateFixture nodeSelector(String key, String value) {
            nodeSelector.put(key, value);
            return this;
        }

        TemplateFixture toleration(Toleration toleration) {
            tolerations.add(toleration);
            return this;
        }

        TemplateFixture container(ContainerFixture container) {
            containers.add(container.build());
            return this;
        }

        TemplateFixture restartPolicy(String restartPolicy) {
            this.restartPolicy = restartPolicy;
            return this;
        }

        PodTemplateSpec build() {
            return new PodTemplateSpecBuilder()
                    .withNewMetadata()
                    .withLabels(labels.isEmpty() ? null : new LinkedHashMap<>(labels))
                    .endMetadata()
                    .withNewSpec()
                    .withNodeSelector(
                            nodeSelector.isEmpty() ? null : new LinkedHashMap<>(nodeSelector))
                    .withTolerations(tolerations.isEmpty() ? null : new ArrayList<>(tolerations))
                    .withContainers(new ArrayList<>(containers))
                    .withRestartPolicy(restartPolicy)
                    .endSpec()
                    .build();
        }
    }

    /** One container of a user's template. */
    static final class ContainerFixture {
        private final ContainerBuilder container;
        private final Map<String, Quantity> limits = new LinkedHashMap<>();
        private final Map<String, Quantity> requests = new LinkedHashMap<>();

        private ContainerFixture(String name) {
            container = new ContainerBuilder().withName(name).withImage(name + ":1");
        }

        ContainerFixture env(String name, String value) {
            container.addToEnv(DispatchFixtures.env(name, value));
            return this;
        }

        ContainerFixture limit(String resource, String quantity) {
            limits.put(resource, new Quantity(quantity));
            return this;
        }

        ContainerFixture request(String resource, String quantity) {
            requests.put(resource, new Quantity(quantity));
            return this;
        }

        ContainerFixture port(String name, int port) {
            container.addNewPort().withName(name).withContainerPort(port).endPort();
            return this;
        }

        Container build() {
            Container built = container.build();
            if (!limits.isEmpty() || !requests.isEmpty()) {
                built.setResources(
                        new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                                .withLimits(limits.isEmpty() ? null : new LinkedHashMap<>(limits))
                                .withRequests(
                                        requests.isEmpty() ? null : new LinkedHashMap<>(requests))
                                .build());
            }
            return built;
        }
    }
}
