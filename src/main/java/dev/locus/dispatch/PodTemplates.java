package dev.locus.dispatch;

import dev.locus.api.v1alpha1.GPUPoolSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a workload's pod template into the one a pool's nodes can run. */
final class PodTemplates {

    private PodTemplates() {}

    /**
     * A copy of the user's template with the workload's labels, the pool's nodeSelector and
     * tolerations, the accelerator limit on the first container, and extra env on every container.
     * The user's own template object is never modified.
     */
    static PodTemplateSpec forPool(
            PodTemplateSpec template,
            Map<String, String> labels,
            GPUPoolSpec pool,
            int accelerators,
            List<EnvVar> env) {
        PodTemplateSpec copy =
                template == null ? new PodTemplateSpec() : Serialization.clone(template);
        ObjectMeta metadata = copy.getMetadata() == null ? new ObjectMeta() : copy.getMetadata();
        Map<String, String> podLabels = new LinkedHashMap<>();
        if (metadata.getLabels() != null) {
            podLabels.putAll(metadata.getLabels());
        }
        podLabels.putAll(labels);
        metadata.setLabels(podLabels);
        copy.setMetadata(metadata);

        PodSpec spec = copy.getSpec() == null ? new PodSpec() : copy.getSpec();
        copy.setSpec(spec);
        Map<String, String> selector = new LinkedHashMap<>();
        if (spec.getNodeSelector() != null) {
            selector.putAll(spec.getNodeSelector());
        }
        if (pool.getNodeSelector() != null) {
            // The pool's labels win: they are what makes the pod land on its accelerators.
            selector.putAll(pool.getNodeSelector());
        }
        spec.setNodeSelector(selector.isEmpty() ? null : selector);
        List<Toleration> tolerations = new ArrayList<>();
        if (spec.getTolerations() != null) {
            tolerations.addAll(spec.getTolerations());
        }
        if (pool.getTolerations() != null) {
            for (Toleration t : pool.getTolerations()) {
                if (!tolerations.contains(t)) {
                    tolerations.add(t);
                }
            }
        }
        spec.setTolerations(tolerations.isEmpty() ? null : tolerations);

        List<Container> containers =
                spec.getContainers() == null ? new ArrayList<>() : spec.getContainers();
        spec.setContainers(containers);
        if (containers.isEmpty()) {
            return copy; // nothing to run: the API server will say so when it is applied
        }
        Container main = containers.get(0);
        ResourceRequirements resources =
                main.getResources() == null ? new ResourceRequirements() : main.getResources();
        Map<String, Quantity> limits =
                resources.getLimits() == null
                        ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(resources.getLimits());
        Quantity count = new Quantity(Integer.toString(accelerators));
        limits.put(pool.resourceNameOrDefault(), count);
        resources.setLimits(limits);
        if (resources.getRequests() != null
                && resources.getRequests().containsKey(pool.resourceNameOrDefault())) {
            Map<String, Quantity> requests = new LinkedHashMap<>(resources.getRequests());
            requests.put(pool.resourceNameOrDefault(), count);
            resources.setRequests(requests);
        }
        main.setResources(resources);
        for (Container c : containers) {
            List<EnvVar> merged = new ArrayList<>();
            if (c.getEnv() != null) {
                // Locus' values win over same-named ones the template sets.
                c.getEnv().stream()
                        .filter(e -> env.stream().noneMatch(x -> x.getName().equals(e.getName())))
                        .forEach(merged::add);
            }
            merged.addAll(env);
            c.setEnv(merged);
        }
        return copy;
    }
}
