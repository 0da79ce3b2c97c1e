package dev.locus.it;

import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.FailoverSpec;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.app.LocusConfig;
import dev.locus.cli.demo.MockApiServers;
import dev.locus.testing.FaultProxy;
import dev.locus.testing.OperatorProcess;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fleet for fault and restart tests: a hub and five member API servers (fabric8's mock, CRUD
 * mode), each behind a {@link FaultProxy} that the operator's clients go through (the hub
 * kubeconfig and the member kubeconfig Secrets name the proxies), the packaged operator run as OS
 * processes, and a {@link SoakHistory} watching every server directly.
 *
 * <p>Zones: eu (DE, FR, NL), uk (GB; confidential and personal data restricted, and may go to eu),
 * us (US). Clusters: fra-1 (DE), ams-1 (NL), lon-1 (GB), iad-1 (US), sin-1 (SG, in no zone).
 */
final class SoakFleet implements AutoCloseable {

    record ZoneDef(
            String name,
            List<String> countries,
            List<String> transfers,
            List<Classification> restricted) {}

    record ClusterDef(String name, String country) {}

    record PoolDef(String name, String cluster, String model, int capacity) {}

    static final List<ZoneDef> ZONES =
            List.of(
                    new ZoneDef("eu", List.of("DE", "FR", "NL"), List.of(), null),
                    new ZoneDef(
                            "uk",
                            List.of("GB"),
                            List.of("eu"),
                            List.of(Classification.CONFIDENTIAL, Classification.PERSONAL)),
                    new ZoneDef("us", List.of("US"), List.of(), null));

    static final List<ClusterDef> CLUSTERS =
            List.of(
                    new ClusterDef("fra-1", "DE"),
                    new ClusterDef("ams-1", "NL"),
                    new ClusterDef("lon-1", "GB"),
                    new ClusterDef("iad-1", "US"),
                    new ClusterDef("sin-1", "SG"));

    static final List<PoolDef> POOLS =
            List.of(
                    new PoolDef("fra-h100", "fra-1", "H100", 48),
                    new PoolDef("ams-h100", "ams-1", "H100", 32),
                    new PoolDef("ams-l40s", "ams-1", "L40S", 24),
                    new PoolDef("lon-h100", "lon-1", "H100", 32),
                    new PoolDef("iad-h100", "iad-1", "H100", 64),
                    new PoolDef("iad-l40s", "iad-1", "L40S", 32),
                    new PoolDef("sin-l40s", "sin-1", "L40S", 24));

    /** One workload the test applies. */
    record Spec(
            int index,
            boolean training,
            String namespace,
            String name,
            Classification classification,
            String zone,
            List<String> models,
            int units,
            int perUnit,
            Integer tolerationSeconds) {

        String kind() {
            return training ? "TrainingJob" : "InferenceEndpoint";
        }

        int accelerators() {
            return units * perUnit;
        }

        WorkloadResource build() {
            WorkloadResource w;
            if (training) {
                TrainingJob job = Hub.job(namespace, name, classification, zone, units, perUnit);
                w = job;
            } else {
                InferenceEndpoint endpoint =
                        Hub.endpoint(namespace, name, classification, zone, units);
                endpoint.getSpec().setAcceleratorsPerReplica(perUnit);
                w = endpoint;
            }
            w.getSpec().getAccelerator().setModels(models);
            if (tolerationSeconds != null) {
                FailoverSpec failover = new FailoverSpec();
                failover.setTolerationSeconds(tolerationSeconds);
                w.getSpec().setFailover(failover);
            }
            return w;
        }

        Class<? extends WorkloadResource> type() {
            return training ? TrainingJob.class : InferenceEndpoint.class;
        }

        @Override
        public String toString() {
            return kind() + " " + namespace + "/" + name;
        }
    }

    static final List<String> NAMESPACES = List.of("ml-a", "ml-b");

    final long seed;
    final Path dir;
    final MockApiServers servers = new MockApiServers();
    final KubernetesClient hub = servers.hub().client();
    final Vertx vertx = Vertx.vertx();
    final FaultProxy hubProxy;
    final Map<String, FaultProxy> memberProxies = new LinkedHashMap<>();
    final Path kubeconfig;
    final SoakHistory history;
    private final List<OperatorProcess> started = new ArrayList<>();
    private final Map<String, String> settings = new LinkedHashMap<>();

    SoakFleet(long seed, Path dir, boolean permitAccessReviews) {
        this.seed = seed;
        this.dir = dir;
        MockApiServers.ensureNamespace(hub, LocusConfig.DEFAULT_NAMESPACE);
        for (String ns : NAMESPACES) {
            MockApiServers.ensureNamespace(hub, ns);
        }
        hubProxy = FaultProxy.start(vertx, "hub", servers.hub().url(), seed);
        if (permitAccessReviews) {
            hubProxy.permitAccessReviews();
        }
        int i = 0;
        for (ClusterDef c : CLUSTERS) {
            var server = servers.addMember(c.name());
            FaultProxy proxy = FaultProxy.start(vertx, c.name(), server.url(), seed + ++i);
            memberProxies.put(c.name(), proxy);
            String kubeconfig = OperatorProcess.kubeconfigYaml(c.name(), proxy.url());
            hub.secrets()
                    .inNamespace(LocusConfig.DEFAULT_NAMESPACE)
                    .resource(
                            new SecretBuilder()
                                    .withNewMetadata()
                                    .withName(c.name() + "-kubeconfig")
                                    .endMetadata()
                                    .addToStringData("kubeconfig", kubeconfig)
                                    .build())
                    .create();
        }
        kubeconfig = OperatorProcess.kubeconfig(dir, "hub", hubProxy.url());
        history = new SoakHistory(hub, members());
        for (ZoneDef z : ZONES) {
            SovereigntyZone zone =
                    Hub.zone(z.name(), z.countries(), z.transfers().toArray(String[]::new));
            zone.getSpec().setRestrictedClassifications(z.restricted());
            hub.resource(zone).create();
        }
        for (ClusterDef c : CLUSTERS) {
            hub.resource(Hub.member(c.name(), c.country())).create();
        }
        for (PoolDef p : POOLS) {
            hub.resource(Hub.pool(p.name(), p.cluster(), p.model(), p.capacity(), cost(p)))
                    .create();
        }
        settings.putAll(OperatorProcess.quickSettings());
        settings.put("locus.deletion.unreachable-timeout", "3m");
        if (Boolean.getBoolean("soak.debug")) {
            settings.put("quarkus.log.category.\"dev.locus\".level", "DEBUG");
        }
    }

    private static double cost(PoolDef p) {
        return 1.0 + (Math.abs(p.name().hashCode()) % 100) / 50.0;
    }

    Map<String, KubernetesClient> members() {
        Map<String, KubernetesClient> out = new LinkedHashMap<>();
        servers.members().forEach((name, server) -> out.put(name, server.client()));
        return out;
    }

    KubernetesClient member(String name) {
        return servers.members().get(name).client();
    }

    /** Every proxy, the hub's first. */
    List<FaultProxy> proxies() {
        List<FaultProxy> out = new ArrayList<>();
        out.add(hubProxy);
        out.addAll(memberProxies.values());
        return out;
    }

    void faults(FaultProxy.Faults faults) {
        proxies().forEach(p -> p.faults(faults));
    }

    long faultsInjected() {
        return proxies().stream().mapToLong(FaultProxy::injected).sum();
    }

    Map<FaultProxy.Fault, Long> faultCounts() {
        Map<FaultProxy.Fault, Long> out = new java.util.EnumMap<>(FaultProxy.Fault.class);
        proxies().forEach(p -> p.counts().forEach((f, n) -> out.merge(f, n, Long::sum)));
        return out;
    }

    /** Starts an operator process in a profile ("standalone", or "prod" to elect a leader). */
    OperatorProcess startOperator(String name, String profile) {
        OperatorProcess p =
                OperatorProcess.start(name, kubeconfig, profile, settings, dir.resolve("logs"));
        started.add(p);
        return p;
    }

    List<OperatorProcess> started() {
        return List.copyOf(started);
    }

    // --- the oracle: which clusters may hold which data, independent of the operator's code

    /** The clusters that may hold data of this classification governed by this zone. */
    static Set<String> allowedClusters(Classification classification, String zone) {
        Set<String> all = new LinkedHashSet<>();
        CLUSTERS.forEach(c -> all.add(c.name()));
        if (zone == null) {
            return classification == Classification.PUBLIC ? all : Set.of();
        }
        ZoneDef z = ZONES.stream().filter(d -> d.name().equals(zone)).findFirst().orElse(null);
        if (z == null) {
            return Set.of();
        }
        List<Classification> restricted =
                z.restricted() != null
                        ? z.restricted()
                        : List.of(
                                Classification.INTERNAL,
                                Classification.CONFIDENTIAL,
                                Classification.PERSONAL);
        if (!restricted.contains(classification)) {
            return all;
        }
        Set<String> countries = new LinkedHashSet<>(z.countries());
        for (String t : z.transfers()) {
            ZONES.stream()
                    .filter(d -> d.name().equals(t))
                    .forEach(d -> countries.addAll(d.countries()));
        }
        Set<String> out = new LinkedHashSet<>();
        CLUSTERS.stream()
                .filter(c -> countries.contains(c.country()))
                .forEach(c -> out.add(c.name()));
        return out;
    }

    static PoolDef pool(String name) {
        return POOLS.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    @Override
    public void close() {
        started.forEach(OperatorProcess::close);
        history.close();
        proxies().forEach(FaultProxy::close);
        servers.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
