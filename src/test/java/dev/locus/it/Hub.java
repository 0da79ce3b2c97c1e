package dev.locus.it;

import dev.locus.api.v1alpha1.Accelerator;
import dev.locus.api.v1alpha1.AcceleratorRequest;
import dev.locus.api.v1alpha1.AcceleratorType;
import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.Connection;
import dev.locus.api.v1alpha1.DataOrigin;
import dev.locus.api.v1alpha1.DataSpec;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.Location;
import dev.locus.api.v1alpha1.SecretKeyRef;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Fluent builders of hub objects for integration tests. */
final class Hub {

    private Hub() {}

    static SovereigntyZone zone(String name, List<String> countries, String... transfersTo) {
        SovereigntyZone zone = new SovereigntyZone();
        zone.setMetadata(new ObjectMetaBuilder().withName(name).build());
        zone.getSpec().setJurisdictions(countries);
        zone.getSpec().setTransfersAllowedTo(List.of(transfersTo));
        return zone;
    }

    /** A Cluster reached through the kubeconfig Secret {@code <name>-kubeconfig}. */
    static Cluster member(String name, String country) {
        Cluster cluster = new Cluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).build());
        Location location = new Location();
        location.setCountry(country);
        cluster.getSpec().setLocation(location);
        Connection connection = new Connection();
        connection.setKubeconfigSecretRef(
                new SecretKeyRef(null, name + "-kubeconfig", "kubeconfig"));
        cluster.getSpec().setConnection(connection);
        return cluster;
    }

    static GPUPool pool(String name, String cluster, String model, int capacity, double cost) {
        GPUPool pool = new GPUPool();
        pool.setMetadata(new ObjectMetaBuilder().withName(name).build());
        pool.getSpec().setCluster(cluster);
        Accelerator accelerator = new Accelerator();
        accelerator.setType(AcceleratorType.GPU);
        accelerator.setModel(model);
        accelerator.setMemoryGiB(80);
        pool.getSpec().setAccelerator(accelerator);
        pool.getSpec().setNodeSelector(Map.of("nvidia.com/gpu.product", model));
        pool.getSpec().setCapacity(capacity);
        pool.getSpec().setCostPerAcceleratorHour(cost);
        return pool;
    }

    static TrainingJob job(
            String namespace,
            String name,
            Classification classification,
            String zone,
            int workers,
            int perWorker) {
        TrainingJob job = new TrainingJob();
        job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        common(job.getSpec(), classification, zone);
        job.getSpec().setWorkers(workers);
        job.getSpec().setAcceleratorsPerWorker(perWorker);
        return job;
    }

    static InferenceEndpoint endpoint(
            String namespace,
            String name,
            Classification classification,
            String zone,
            int replicas) {
        InferenceEndpoint endpoint = new InferenceEndpoint();
        endpoint.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        common(endpoint.getSpec(), classification, zone);
        endpoint.getSpec().setReplicas(replicas);
        endpoint.getSpec().setAcceleratorsPerReplica(1);
        endpoint.getSpec().setPort(8000);
        return endpoint;
    }

    static <T> T with(T object, Consumer<T> change) {
        change.accept(object);
        return object;
    }

    private static void common(WorkloadSpec spec, Classification classification, String zone) {
        DataSpec data = new DataSpec();
        data.setClassification(classification);
        data.setZone(zone);
        spec.setData(data);
        AcceleratorRequest accelerator = new AcceleratorRequest();
        accelerator.setModels(List.of("H100"));
        spec.setAccelerator(accelerator);
        PodTemplateSpec template =
                new PodTemplateSpecBuilder()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("main")
                        .withImage("example.com/trainer:1")
                        .endContainer()
                        .endSpec()
                        .build();
        spec.setTemplate(template);
    }

    static DataOrigin originCluster(String cluster) {
        DataOrigin origin = new DataOrigin();
        origin.setCluster(cluster);
        return origin;
    }
}
