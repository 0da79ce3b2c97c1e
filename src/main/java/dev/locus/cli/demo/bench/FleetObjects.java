package dev.locus.cli.demo.bench;

import dev.locus.api.v1alpha1.Accelerator;
import dev.locus.api.v1alpha1.AcceleratorType;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.Connection;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.Interconnect;
import dev.locus.api.v1alpha1.Location;
import dev.locus.api.v1alpha1.Power;
import dev.locus.api.v1alpha1.SecretKeyRef;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.app.LocusConfig;
import dev.locus.cli.demo.bench.BenchFleet.Member;
import dev.locus.cli.demo.bench.BenchFleet.Shape;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Locus objects of a benchmark fleet: four sovereignty zones, Clusters in a ring, GPUPools. */
final class FleetObjects {

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

    private FleetObjects() {}

    static List<GPUPool> pools(Shape shape) {
        List<GPUPool> out = new ArrayList<>();
        List<Member> members = BenchFleet.members(shape);
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
        List<Member> members = BenchFleet.members(shape);
        for (int i = 0; i < members.size(); i++) {
            objects.add(cluster(members, i));
        }
        objects.addAll(pools(shape));
        return objects;
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
    static GPUPool pool(Shape shape, String cluster, int i, int j, Site site) {
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
}
