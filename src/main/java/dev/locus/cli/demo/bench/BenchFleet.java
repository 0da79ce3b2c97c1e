package dev.locus.cli.demo.bench;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.SecretKeyRef;
import dev.locus.app.LocusConfig;
import dev.locus.cli.demo.MockApiServers;
import dev.locus.cli.demo.SimulatedNodes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The benchmark's fleet on embedded API servers ({@link MockApiServers}): a hub with the Locus
 * CRDs, one API server per member cluster with Ready GPU nodes that match its pools' nodeSelectors
 * (so pool capacity comes from nodes, as in production), the members' kubeconfig Secrets in {@code
 * locus-system}, four sovereignty zones, the Clusters (linked in a ring, by distance) and the
 * GPUPools.
 */
final class BenchFleet implements AutoCloseable {

    /** The size of a fleet. */
    record Shape(int members, int poolsPerMember, int gpusPerPool, int gpusPerNode) {
        int nodesPerPool() {
            return (gpusPerPool + gpusPerNode - 1) / gpusPerNode;
        }

        int pools() {
            return members * poolsPerMember;
        }

        int nodes() {
            return pools() * nodesPerPool();
        }

        long gpus() {
            return (long) pools() * gpusPerPool;
        }

        @Override
        public String toString() {
            return String.format(
                    "%d members, %d pools of %,d GPUs (%,d nodes of %d GPUs)",
                    members, pools(), gpusPerPool, nodes(), gpusPerNode);
        }
    }

    /** A member cluster: its name, site and pools. */
    record Member(String name, Site site, List<String> pools) {}

    private final Shape shape;
    private final MockApiServers servers = new MockApiServers();
    private final RequestLog requests = new RequestLog(servers);
    private final List<Member> members = new ArrayList<>();
    private final List<GPUPool> pools = new ArrayList<>();

    /**
     * Starts the hub and the members' API servers, and creates the members' nodes and kubeconfig
     * Secrets (the Locus objects, {@link FleetObjects}, come with {@link #applyLocusObjects()}).
     */
    BenchFleet(Shape shape, int threads, Duration timeout)
            throws InterruptedException, TimeoutException {
        this.shape = shape;
        KubernetesClient hub = hub();
        MockApiServers.ensureNamespace(hub, LocusConfig.DEFAULT_NAMESPACE);
        members.addAll(members(shape));
        pools.addAll(FleetObjects.pools(shape));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> started = new ArrayList<>();
            for (Member member : members) {
                started.add(pool.submit(() -> startMember(member)));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<?> f : started) {
                try {
                    f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("cannot start a member", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void startMember(Member member) {
        MockApiServers.Server server;
        synchronized (servers) {
            server = servers.addMember(member.name());
        }
        hub().secrets()
                .inNamespace(LocusConfig.DEFAULT_NAMESPACE)
                .resource(
                        new SecretBuilder()
                                .withNewMetadata()
                                .withName(member.name() + "-kubeconfig")
                                .endMetadata()
                                .addToStringData(
                                        SecretKeyRef.DEFAULT_KEY, MockApiServers.kubeconfig(server))
                                .build())
                .create();
        for (String poolName : member.pools()) {
            GPUPool pool =
                    pools.stream()
                            .filter(p -> p.getMetadata().getName().equals(poolName))
                            .findFirst()
                            .orElseThrow();
            createNodes(server.client(), pool);
        }
    }

    Shape shape() {
        return shape;
    }

    KubernetesClient hub() {
        return servers.hub().client();
    }

    MockApiServers servers() {
        return servers;
    }

    /** The requests the fleet's API servers answered so far. */
    RequestLog requests() {
        return requests;
    }

    List<Member> members() {
        return members;
    }

    /** A kubeconfig that reaches the hub (for the operator's process). */
    String hubKubeconfig() {
        return MockApiServers.kubeconfig(servers.hub());
    }

    /** The zones, Clusters and GPUPools, as a platform team applies them. Returns the count. */
    int applyLocusObjects() {
        List<HasMetadata> objects = FleetObjects.locusObjects(shape);
        objects.forEach(o -> hub().resource(o).create());
        return objects.size();
    }

    /** Member i stands at site i modulo the sites, named after its market: fra-1, ..., fra-2. */
    static List<Member> members(Shape shape) {
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < shape.members(); i++) {
            Site site = Site.SITES.get(i % Site.SITES.size());
            String name = site.market() + "-" + (i / Site.SITES.size() + 1);
            List<String> poolNames = new ArrayList<>();
            for (int j = 0; j < shape.poolsPerMember(); j++) {
                poolNames.add(FleetObjects.pool(shape, name, i, j, site).getMetadata().getName());
            }
            out.add(new Member(name, site, List.copyOf(poolNames)));
        }
        return out;
    }

    /** Clusters whose status says Ready. */
    long readyClusters() {
        return hub().resources(Cluster.class).list().getItems().stream()
                .filter(
                        c ->
                                c.getStatus() != null
                                        && Conditions.isTrue(
                                                c.getStatus().getConditions(), ClusterStatus.READY))
                .count();
    }

    /** Pools whose status reports every accelerator of their nodes as available. */
    long poolsWithCapacity() {
        return hub().resources(GPUPool.class).list().getItems().stream()
                .filter(
                        p ->
                                p.getStatus() != null
                                        && p.getStatus().getCapacity() != null
                                        && p.getStatus().getCapacity().getTotal() != null
                                        && p.getStatus().getCapacity().getTotal()
                                                == shape.nodesPerPool() * shape.gpusPerNode())
                .count();
    }

    /** Every Cluster is Ready and every pool reports its nodes' accelerators. */
    boolean ready() {
        return readyClusters() == members.size() && poolsWithCapacity() == pools.size();
    }

    @Override
    public void close() {
        requests.close();
        servers.close();
    }

    /** Ready nodes carrying the pool's labels, {@link Shape#gpusPerNode()} accelerators each. */
    private void createNodes(KubernetesClient member, GPUPool pool) {
        int perNode = shape.gpusPerNode();
        String poolName = pool.getMetadata().getName();
        for (int k = 0; k < shape.nodesPerPool(); k++) {
            Map<String, String> labels = new LinkedHashMap<>(pool.getSpec().getNodeSelector());
            labels.put("kubernetes.io/hostname", poolName + "-" + k);
            Map<String, Quantity> resources =
                    Map.of(
                            FleetObjects.GPU,
                            new Quantity(Integer.toString(perNode)),
                            "cpu",
                            new Quantity("112"),
                            "memory",
                            new Quantity("2048Gi"));
            SimulatedNodes.createReady(member, poolName + "-" + k, labels, resources);
        }
    }
}
