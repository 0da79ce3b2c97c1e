package dev.locus.cli.demo.bench;

import dev.locus.api.v1alpha1.Accelerator;
import dev.locus.api.v1alpha1.AcceleratorType;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.Connection;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.Interconnect;
import dev.locus.api.v1alpha1.Location;
import dev.locus.api.v1alpha1.Power;
import dev.locus.api.v1alpha1.SecretKeyRef;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.app.LocusConfig;
import dev.locus.cli.demo.MockApiServers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
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

    /**
     * An accelerator model of a pool: what nodes call it, its memory, and whether it has NVLink.
     */
    record Model(String name, String product, int memoryGiB, boolean fabric) {}

    static final Model H100 = new Model("H100", "NVIDIA-H100-80GB-HBM3", 80, true);
    static final Model H200 = new Model("H200", "NVIDIA-H200", 141, true);
    static final Model L40S = new Model("L40S", "NVIDIA-L40S", 48, false);
    static final Model GB200 = new Model("GB200", "NVIDIA-GB200", 192, true);

    /** The sovereignty zones: jurisdictions and where their restricted data may also go. */
    static final Map<String, List<List<String>>> ZONES =
            Map.of(
                    "eu", List.of(List.of("DE", "NL", "FR", "NO"), List.of("uk")),
                    "uk", List.of(List.of("GB"), List.of("eu")),
                    "us", List.of(List.of("US"), List.of()),
                    "jp", List.of(List.of("JP"), List.of("eu")));

    static final String NODE_POOL_LABEL = "locus.dev/node-pool";
    static final String GPU = "nvidia.com/gpu";

    private final Shape shape;
    private final MockApiServers servers = new MockApiServers();
    private final RequestLog requests = new RequestLog(servers);
    private final List<Member> members = new ArrayList<>();
    private final List<GPUPool> pools = new ArrayList<>();

    /**
     * Starts the hub and the members' API servers, and creates the members' nodes and kubeconfig
     * Secrets (the Locus objects come with {@link #applyLocusObjects()}).
     */
    BenchFleet(Shape shape, int threads, Duration timeout)
            throws InterruptedException, TimeoutException {
        this.shape = shape;
        KubernetesClient hub = hub();
        MockApiServers.ensureNamespace(hub, LocusConfig.DEFAULT_NAMESPACE);
        members.addAll(members(shape));
        pools.addAll(pools(shape));
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
        List<HasMetadata> objects = locusObjects(shape);
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
                poolNames.add(pool(shape, name, i, j, site).getMetadata().getName());
            }
            out.add(new Member(name, site, List.copyOf(poolNames)));
        }
        return out;
    }

    static List<GPUPool> pools(Shape shape) {
        List<GPUPool> out = new ArrayList<>();
        List<Member> members = members(shape);
        for (int i = 0; i < members.size(); i++) {
            for (int j = 0; j < shape.poolsPerMember(); j++) {
                out.add(pool(shape, members.get(i).name(), i, j, members.get(i).site()));
            }
        }
        return out;
    }

    /** The zones, Clusters and GPUPools of a fleet of this shape. */
    static List<HasMetadata> locusObjects(Shape shape) {
        List<HasMetadata> objects = new ArrayList<>();
        ZONES.keySet().stream().sorted().forEach(z -> objects.add(zone(z)));
        List<Member> members = members(shape);
        for (int i = 0; i < members.size(); i++) {
            objects.add(cluster(members, i));
        }
        objects.addAll(pools(shape));
        return objects;
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

    static SovereigntyZone zone(String name) {
        SovereigntyZone zone = new SovereigntyZone();
        zone.setMetadata(new ObjectMetaBuilder().withName(name).build());
        zone.getSpec().setJurisdictions(ZONES.get(name).get(0));
        zone.getSpec().setTransfersAllowedTo(ZONES.get(name).get(1));
        return zone;
    }

    /** Member i: at its site, linked to the next member (a ring) and to the first of its market. */
    static Cluster cluster(List<Member> members, int i) {
        Member member = members.get(i);
        Site site = member.site();
        Cluster cluster = new Cluster();
        cluster.setMetadata(
                new ObjectMetaBuilder()
                        .withName(member.name())
                        .withLabels(
                                Map.of(
                                        "locus.dev/tier",
                                        site.zone() == null ? "edge" : "core",
                                        "topology.kubernetes.io/region",
                                        site.region()))
                        .build());
        Location location = new Location();
        location.setCountry(site.country());
        location.setRegion(site.region());
        location.setMarket(site.market());
        location.setLatitude(site.latitude());
        location.setLongitude(site.longitude());
        cluster.getSpec().setLocation(location);
        cluster.getSpec().setProvider(i % 3 == 0 ? "equinix" : i % 3 == 1 ? "nscale" : "aws");
        Connection connection = new Connection();
        connection.setKubeconfigSecretRef(
                new SecretKeyRef(
                        LocusConfig.DEFAULT_NAMESPACE,
                        member.name() + "-kubeconfig",
                        SecretKeyRef.DEFAULT_KEY));
        cluster.getSpec().setConnection(connection);
        List<Interconnect> links = new ArrayList<>();
        if (members.size() > 1) {
            Member next = members.get((i + 1) % members.size());
            links.add(link(next.name(), site.roundTripMsTo(next.site()), 100.0));
        }
        int first = i % Site.SITES.size();
        if (first != i && first != (i + 1) % members.size()) {
            links.add(link(members.get(first).name(), 0.8, 400.0));
        }
        cluster.getSpec().setInterconnects(links);
        Power power = new Power();
        power.setRenewableFraction(site.renewable());
        power.setCarbonIntensityGramsPerKwh(Math.round((1 - site.renewable()) * 500.0) * 1.0);
        cluster.getSpec().setPower(power);
        return cluster;
    }

    private static Interconnect link(String to, double latencyMs, double gbps) {
        Interconnect link = new Interconnect();
        link.setCluster(to);
        link.setLatencyMs(latencyMs);
        link.setBandwidthGbps(gbps);
        return link;
    }

    /** Pool j of member i: H100 first, then H200 or L40S, GB200, then more H100. */
    private static GPUPool pool(Shape shape, String cluster, int i, int j, Site site) {
        Model model =
                switch (j) {
                    case 0 -> H100;
                    case 1 -> i % 2 == 0 ? H200 : L40S;
                    case 2 -> GB200;
                    default -> H100;
                };
        String name = cluster + "-" + model.name().toLowerCase(java.util.Locale.ROOT);
        if (j > 2) {
            name = name + "-" + j;
        }
        GPUPool pool = new GPUPool();
        pool.setMetadata(new ObjectMetaBuilder().withName(name).build());
        pool.getSpec().setCluster(cluster);
        Accelerator accelerator = new Accelerator();
        accelerator.setType(AcceleratorType.GPU);
        accelerator.setVendor("nvidia");
        accelerator.setModel(model.name());
        accelerator.setMemoryGiB(model.memoryGiB());
        pool.getSpec().setAccelerator(accelerator);
        pool.getSpec().setResourceName(GPU);
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put("nvidia.com/gpu.product", model.product());
        selector.put(NODE_POOL_LABEL, name);
        pool.getSpec().setNodeSelector(selector);
        if (model.fabric()) {
            pool.getSpec()
                    .setTolerations(
                            List.of(
                                    new TolerationBuilder()
                                            .withKey(GPU)
                                            .withOperator("Exists")
                                            .withEffect("NoSchedule")
                                            .build()));
            pool.getSpec().setFeatures(List.of("nvlink", "infiniband"));
        }
        pool.getSpec().setCapacity(shape.gpusPerPool());
        double premium = model == H100 ? 0 : model == L40S ? -1.2 : model == H200 ? 0.9 : 2.5;
        pool.getSpec().setCostPerAcceleratorHour(Math.round((site.cost() + premium) * 100) / 100.0);
        return pool;
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
                            GPU,
                            new Quantity(Integer.toString(perNode)),
                            "cpu",
                            new Quantity("112"),
                            "memory",
                            new Quantity("2048Gi"));
            Node node =
                    new NodeBuilder()
                            .withNewMetadata()
                            .withName(poolName + "-" + k)
                            .withLabels(labels)
                            .endMetadata()
                            .withNewStatus()
                            .withCapacity(resources)
                            .withAllocatable(resources)
                            .addNewCondition()
                            .withType("Ready")
                            .withStatus("True")
                            .endCondition()
                            .endStatus()
                            .build();
            Node created = member.nodes().resource(node).create();
            if (created.getStatus() == null || created.getStatus().getAllocatable() == null) {
                created.setStatus(node.getStatus());
                member.nodes().resource(created).updateStatus();
            }
        }
    }
}
