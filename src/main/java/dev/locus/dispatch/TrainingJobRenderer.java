package dev.locus.dispatch;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.GPUPoolSpec;
import dev.locus.api.v1alpha1.TrainingJob;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;

/**
 * Renders a placed TrainingJob: an Indexed Job with one pod per worker on the chosen pool, and a
 * headless Service through which the workers find rank 0.
 */
public final class TrainingJobRenderer {

    /** Port of the rendezvous (torch.distributed's MASTER_PORT default). */
    public static final int MASTER_PORT = 29500;

    /** The annotation Kubernetes puts the completion index of an Indexed Job's pod under. */
    static final String COMPLETION_INDEX =
            "metadata.annotations['batch.kubernetes.io/job-completion-index']";

    private TrainingJobRenderer() {}

    /** The Job's (and Service's) name: a DNS label, short enough for "-index" pod hostnames. */
    public static String name(TrainingJob job) {
        return Names.dnsLabel(job.getMetadata().getName(), 52);
    }

    /** The names of the remote objects only (metadata), enough to find and delete them. */
    public static RemoteObjects skeleton(TrainingJob job, String cluster) {
        String name = name(job);
        String namespace = job.getMetadata().getNamespace();
        return new RemoteObjects(
                cluster,
                namespace,
                List.of(
                        new ServiceBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withNamespace(namespace)
                                .endMetadata()
                                .build(),
                        new JobBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withNamespace(namespace)
                                .endMetadata()
                                .build()));
    }

    public static RemoteObjects desired(TrainingJob job, Assignment assignment, GPUPoolSpec pool) {
        String name = name(job);
        String namespace = job.getMetadata().getNamespace();
        Map<String, String> labels = RemoteLabels.of(job);
        labels.put(RemoteLabels.POOL, assignment.getPool());
        int workers = assignment.getReplicas();
        int perWorker =
                job.getSpec().getAcceleratorsPerWorker() == null
                        ? 1
                        : job.getSpec().getAcceleratorsPerWorker();
        List<EnvVar> env =
                List.of(
                        new EnvVarBuilder()
                                .withName("WORLD_SIZE")
                                .withValue(Integer.toString(workers))
                                .build(),
                        new EnvVarBuilder()
                                .withName("RANK")
                                .withNewValueFrom()
                                .withNewFieldRef()
                                .withFieldPath(COMPLETION_INDEX)
                                .endFieldRef()
                                .endValueFrom()
                                .build(),
                        new EnvVarBuilder()
                                .withName("MASTER_ADDR")
                                .withValue(name + "-0." + name)
                                .build(),
                        new EnvVarBuilder()
                                .withName("MASTER_PORT")
                                .withValue(Integer.toString(MASTER_PORT))
                                .build(),
                        new EnvVarBuilder()
                                .withName("LOCUS_CLUSTER")
                                .withValue(assignment.getCluster())
                                .build(),
                        new EnvVarBuilder()
                                .withName("LOCUS_POOL")
                                .withValue(assignment.getPool())
                                .build());
        PodTemplateSpec template =
                PodTemplates.forPool(job.getSpec().getTemplate(), labels, pool, perWorker, env);
        // Pods of an Indexed Job get the hostname <job>-<index>; with this subdomain rank 0
        // resolves as <job>-0.<service>.
        template.getSpec().setSubdomain(name);
        String restart = template.getSpec().getRestartPolicy();
        if (restart == null || restart.equals("Always")) {
            template.getSpec().setRestartPolicy("Never");
        }
        Job remote =
                new JobBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withCompletionMode("Indexed")
                        .withCompletions(workers)
                        .withParallelism(workers)
                        .withTemplate(template)
                        .endSpec()
                        .build();
        Service service =
                new ServiceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withClusterIP("None")
                        .withPublishNotReadyAddresses(true)
                        .withSelector(Map.of(RemoteLabels.WORKLOAD_UID, job.getMetadata().getUid()))
                        .addNewPort()
                        .withName("rendezvous")
                        .withPort(MASTER_PORT)
                        .endPort()
                        .endSpec()
                        .build();
        return new RemoteObjects(
                assignment.getCluster(), namespace, List.<HasMetadata>of(service, remote));
    }
}
