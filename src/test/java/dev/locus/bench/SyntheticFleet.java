package dev.locus.bench;

import dev.locus.placement.AcceleratorRequest;
import dev.locus.placement.DataClass;
import dev.locus.placement.GeoPoint;
import dev.locus.placement.LabelSelector;
import dev.locus.placement.Link;
import dev.locus.placement.Objective;
import dev.locus.placement.Origin;
import dev.locus.placement.Pool;
import dev.locus.placement.Site;
import dev.locus.placement.Snapshot;
import dev.locus.placement.UserRegion;
import dev.locus.placement.Workload;
import dev.locus.placement.WorkloadRef;
import dev.locus.placement.Zone;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A large random but reproducible fleet for benchmarks: clusters in 30 countries grouped in 10
 * zones, a sparse interconnect mesh, pools of six models, and a mix of workloads.
 */
final class SyntheticFleet {

    private static final String[] MODELS = {"H100", "H200", "GB200", "L40S", "MI300X", "B200"};
    private static final int[] MEMORY = {80, 141, 192, 48, 192, 192};

    final Snapshot snapshot;
    final List<Workload> workloads;

    SyntheticFleet(int clusters, int pools, int workloadCount, long seed) {
        Random random = new Random(seed);
        List<String> countries = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            countries.add("" + (char) ('A' + i / 26) + (char) ('A' + i % 26));
        }
        List<Zone> zones = new ArrayList<>();
        for (int z = 0; z < 10; z++) {
            Set<String> transfers = z % 3 == 0 ? Set.of("zone-" + ((z + 1) % 10)) : Set.of();
            zones.add(
                    new Zone(
                            "zone-" + z,
                            Set.copyOf(countries.subList(z * 3, z * 3 + 3)),
                            DataClass.defaultRestricted(),
                            transfers));
        }
        List<Site> sites = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            List<Link> links = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                links.add(new Link("c" + random.nextInt(clusters), 1 + random.nextDouble() * 80));
            }
            sites.add(
                    new Site(
                            "c" + c,
                            countries.get(random.nextInt(countries.size())),
                            new GeoPoint(
                                    -60 + random.nextDouble() * 120,
                                    -170 + random.nextDouble() * 340),
                            Map.of("tier", random.nextBoolean() ? "core" : "edge"),
                            random.nextInt(50) != 0,
                            random.nextInt(100) == 0,
                            random.nextInt(10) == 0 ? null : 20 + random.nextDouble() * 500,
                            links));
        }
        List<Pool> poolList = new ArrayList<>();
        for (int p = 0; p < pools; p++) {
            int m = random.nextInt(MODELS.length);
            Set<String> features = new HashSet<>();
            if (random.nextBoolean()) {
                features.add("infiniband");
            }
            if (random.nextBoolean()) {
                features.add("nvlink");
            }
            poolList.add(
                    new Pool(
                            "p" + p,
                            "c" + random.nextInt(clusters),
                            "gpu",
                            MODELS[m],
                            MEMORY[m],
                            features,
                            1 + random.nextInt(40) / 10.0,
                            64 + 32 * random.nextInt(8)));
        }
        snapshot = new Snapshot(zones, sites, poolList);
        workloads = new ArrayList<>();
        for (int i = 0; i < workloadCount; i++) {
            DataClass cls = DataClass.values()[random.nextInt(4)];
            String zone =
                    cls == DataClass.PUBLIC && random.nextBoolean()
                            ? null
                            : "zone-" + random.nextInt(10);
            Set<String> models = new HashSet<>();
            models.add(MODELS[random.nextInt(MODELS.length)]);
            if (random.nextBoolean()) {
                models.add(MODELS[random.nextInt(MODELS.length)]);
            }
            boolean endpoint = random.nextInt(10) < 3;
            Workload.Builder b =
                    Workload.builder(
                                    endpoint
                                            ? WorkloadRef.Kind.INFERENCE_ENDPOINT
                                            : WorkloadRef.Kind.TRAINING_JOB,
                                    "ns-" + random.nextInt(20),
                                    "w" + i)
                            .sequence(i)
                            .priority(random.nextInt(3))
                            .data(cls, zone)
                            .origin(Origin.ofCluster("c" + random.nextInt(clusters)))
                            .accelerator(new AcceleratorRequest("gpu", models, null))
                            .objective(Objective.values()[random.nextInt(3)])
                            .maxLatencyMs(random.nextInt(4) == 0 ? 50.0 : null)
                            .requiredFeatures(
                                    random.nextInt(4) == 0 ? Set.of("infiniband") : Set.of())
                            .clusterSelector(
                                    random.nextInt(10) == 0
                                            ? new LabelSelector(Map.of("tier", "core"), List.of())
                                            : LabelSelector.everything());
            if (endpoint) {
                b.shape(1 + random.nextInt(6), 1);
                int regions = random.nextInt(3);
                for (int r = 0; r < regions; r++) {
                    b.user(
                            new UserRegion(
                                    "r" + r,
                                    Origin.ofPlace(
                                            null,
                                            new GeoPoint(
                                                    -60 + random.nextDouble() * 120,
                                                    -170 + random.nextDouble() * 340)),
                                    1 + random.nextInt(3)));
                }
            } else {
                b.shape(1 + random.nextInt(4), 1 << random.nextInt(4));
            }
            workloads.add(b.build());
        }
    }
}
