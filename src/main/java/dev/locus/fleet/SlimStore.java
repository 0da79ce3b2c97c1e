package dev.locus.fleet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The store of a member informer that keeps only what capacity reads: of a node, its name, labels,
 * schedulability, Ready condition and extended resources (accelerators); of a pod, only a live one
 * that requests an extended resource, with its node, those requests and Locus' label. So a member's
 * cache grows with its accelerators in use, not with every pod it runs. Of the Jobs, Deployments
 * and Services Locus made, it keeps what dispatch, progress and the stale-copy sweep read:
 * identity, labels, Locus' annotations, a Job's completions, a Deployment's replicas and their
 * status; not the pod templates, which the hub's workloads hold already.
 */
final class SlimStore<T extends HasMetadata> implements ItemStore<T> {

    private final UnaryOperator<T> slim;
    private final ConcurrentHashMap<String, T> items = new ConcurrentHashMap<>();

    /**
     * @param slim what to keep of an object; null to keep nothing of it
     */
    private SlimStore(UnaryOperator<T> slim) {
        this.slim = slim;
    }

    static SlimStore<Node> nodes() {
        return new SlimStore<>(SlimStore::slimNode);
    }

    /**
     * @param keepLabel the one label of a pod worth keeping (which workload made it)
     */
    static SlimStore<Pod> pods(String keepLabel) {
        return new SlimStore<>(p -> slimPod(p, keepLabel));
    }

    /**
     * @param annotations the prefix of the annotations worth keeping ("locus.dev/")
     */
    static SlimStore<Job> jobs(String annotations) {
        return new SlimStore<>(
                job -> {
                    Job slim = new Job();
                    slim.setMetadata(remoteMetadata(job.getMetadata(), annotations));
                    if (job.getSpec() != null) {
                        JobSpec spec = new JobSpec();
                        spec.setCompletions(job.getSpec().getCompletions());
                        slim.setSpec(spec);
                    }
                    slim.setStatus(job.getStatus());
                    return slim;
                });
    }

    static SlimStore<Deployment> deployments(String annotations) {
        return new SlimStore<>(
                deployment -> {
                    Deployment slim = new Deployment();
                    slim.setMetadata(remoteMetadata(deployment.getMetadata(), annotations));
                    if (deployment.getSpec() != null) {
                        DeploymentSpec spec = new DeploymentSpec();
                        spec.setReplicas(deployment.getSpec().getReplicas());
                        slim.setSpec(spec);
                    }
                    slim.setStatus(deployment.getStatus());
                    return slim;
                });
    }

    static SlimStore<Service> services(String annotations) {
        return new SlimStore<>(
                service -> {
                    Service slim = new Service();
                    slim.setMetadata(remoteMetadata(service.getMetadata(), annotations));
                    return slim;
                });
    }

    @Override
    public String getKey(T object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public T put(String key, T object) {
        T kept = slim.apply(object);
        return kept == null ? items.remove(key) : items.put(key, kept);
    }

    @Override
    public T remove(String key) {
        return items.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return items.values().stream();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public T get(String key) {
        return items.get(key);
    }

    /** Accelerators and other extended resources ("vendor.com/name"), not cpu or memory. */
    private static Map<String, Quantity> extended(Map<String, Quantity> resources) {
        if (resources == null || resources.isEmpty()) {
            return null;
        }
        Map<String, Quantity> out = new LinkedHashMap<>();
        resources.forEach(
                (name, amount) -> {
                    if (name.contains("/")) {
                        out.put(name, amount);
                    }
                });
        return out.isEmpty() ? null : out;
    }

    /** Identity, labels, times and the annotations under {@code prefix} of an object Locus made. */
    static ObjectMeta remoteMetadata(ObjectMeta m, String prefix) {
        Map<String, String> annotations = null;
        if (m.getAnnotations() != null) {
            annotations = new LinkedHashMap<>();
            for (var e : m.getAnnotations().entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    annotations.put(e.getKey(), e.getValue());
                }
            }
        }
        return new ObjectMetaBuilder()
                .withName(m.getName())
                .withNamespace(m.getNamespace())
                .withUid(m.getUid())
                .withLabels(m.getLabels())
                .withAnnotations(annotations)
                .withResourceVersion(m.getResourceVersion())
                .withGeneration(m.getGeneration())
                .withCreationTimestamp(m.getCreationTimestamp())
                .withDeletionTimestamp(m.getDeletionTimestamp())
                .build();
    }

    static Node slimNode(Node node) {
        var status = node.getStatus();
        List<NodeCondition> ready = new ArrayList<>();
        if (status != null && status.getConditions() != null) {
            status.getConditions().stream()
                    .filter(c -> "Ready".equals(c.getType()))
                    .forEach(ready::add);
        }
        return new NodeBuilder()
                .withMetadata(
                        new ObjectMetaBuilder()
                                .withName(node.getMetadata().getName())
                                .withLabels(node.getMetadata().getLabels())
                                .withResourceVersion(node.getMetadata().getResourceVersion())
                                .build())
                .withNewSpec()
                .withUnschedulable(
                        node.getSpec() == null ? null : node.getSpec().getUnschedulable())
                .endSpec()
                .withNewStatus()
                .withCapacity(status == null ? null : extended(status.getCapacity()))
                .withAllocatable(status == null ? null : extended(status.getAllocatable()))
                .withConditions(ready)
                .endStatus()
                .build();
    }

    static Pod slimPod(Pod pod, String keepLabel) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase) || pod.getSpec() == null) {
            return null;
        }
        List<Container> containers = slim(pod.getSpec().getContainers());
        List<Container> init = slim(pod.getSpec().getInitContainers());
        if (containers.isEmpty() && init.isEmpty()) {
            return null; // requests no accelerator: it uses none of any pool
        }
        Map<String, String> labels = pod.getMetadata().getLabels();
        String value = labels == null ? null : labels.get(keepLabel);
        return new PodBuilder()
                .withMetadata(
                        new ObjectMetaBuilder()
                                .withName(pod.getMetadata().getName())
                                .withNamespace(pod.getMetadata().getNamespace())
                                .withLabels(value == null ? Map.of() : Map.of(keepLabel, value))
                                .withResourceVersion(pod.getMetadata().getResourceVersion())
                                .build())
                .withNewSpec()
                .withNodeName(pod.getSpec().getNodeName())
                .withContainers(containers)
                .withInitContainers(init)
                .endSpec()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }

    private static List<Container> slim(List<Container> containers) {
        List<Container> out = new ArrayList<>();
        if (containers == null) {
            return out;
        }
        for (Container c : containers) {
            var resources = c.getResources();
            Map<String, Quantity> requests =
                    resources == null ? null : extended(resources.getRequests());
            Map<String, Quantity> limits =
                    resources == null ? null : extended(resources.getLimits());
            if (requests != null || limits != null) {
                Container slim = new Container();
                slim.setName(c.getName());
                slim.setResources(
                        new ResourceRequirementsBuilder()
                                .withRequests(requests)
                                .withLimits(limits)
                                .build());
                out.add(slim);
            }
        }
        return out;
    }
}
