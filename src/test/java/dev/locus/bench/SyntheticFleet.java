package dev.locus.bench;

import dev.locus.placement.AcceleratorRequest;
import dev.locus.placement.DataClass;
import dev.locus.placement.GeoPoint;
import dev.locus.placement.LabelSelector;
import dev.locus.placement.Link;
import dev.locus.placement.Objective;
import dev.locus.placement.Origin;
import dev.locus.placement.PlacedWorkload;
import dev.locus.placement.Pool;
import dev.locus.placement.PreemptionPolicy;
import dev.locus.placement.Quota;
import dev.locus.placement.Site;
import dev.locus.placement.Snapshot;
import dev.locus.placement.UserRegion;
import dev.locus.placement.Workload;
import dev.locus.placement.WorkloadRef;
import dev.locus.placement.Zone;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A large random but reproducible fleet for benchmarks: clusters in 30 countries grouped in 10
 * zones, a sparse interconnect mesh, pools of six models, and a mix of workloads. {@link #shared}
 * adds FleetQuotas over its 20 namespaces, workloads already placed, and preemption.
 */
final class SyntheticFleet {

    private static final String[] MODELS = {"H100", "H200", "GB200", "L40S", "MI300X", "B200"};
    private static final int[] MEMORY = {80, 141, 192, 48, 192, 192};

    final Snapshot snapshot;
    final List<Workload> workloads;

    /**
     * This fleet shared by 10 teams (two namespaces each) in two cohorts: each quota caps the
     * H100/H200 of one zone and all it holds; {@code placed} low-priority jobs hold 32 or 64
     * accelerators each (taken off their pools: with 2,000 of them, about half the fleet), and 30 %
     * of the workloads may preempt.
     */
    static SyntheticFleet shared(
            int clusters, int pools, int workloadCount, int placed, long seed) {
        SyntheticFleet base = new SyntheticFleet(clusters, pools, workloadCount, seed);
        Random random = new Random(seed + 1);
        List<Quota> quotas = new ArrayList<>();
        Map<String, Map<String, String>> namespaces = new java.util.HashMap<>();
        for (int n = 0; n < 20; n++) {
            namespaces.put("ns-" + n, Map.of("team", "t" + n / 2));
        }
        for (int q = 0; q < 10; q++) {
            quotas.add(
                    new Quota(
                            "t" + q,
                            new LabelSelector(Map.of("team", "t" + q), List.of()),
                            "c" + q % 2,
                            List.of(
                                    new Quota.Limit(
                                            "zone-" + q, Set.of("H100", "H200"), 512, 256, null),
                                    Quota.Limit.of(16_384)),
                            1 + q % 3));
        }
        List<PlacedWorkload> held = new ArrayList<>();
        for (int i = 0; i < placed; i++) {
            Pool pool = base.snapshot.pools().get(random.nextInt(pools));
            Workload w =
                    Workload.builder(
                                    WorkloadRef.Kind.TRAINING_JOB,
                                    "ns-" + random.nextInt(20),
                                    "held" + i)
                            .priority(random.nextInt(2))
                            .build();
            held.add(
                    new PlacedWorkload(
                            w,
                            List.of(
                                    new PlacedWorkload.Holding(
                                            pool.cluster(),
                                            pool.name(),
                                            32 << random.nextInt(2),
                                            false)),
                            random.nextInt(10) == 0
                                    ? null
                                    : Instant.parse("2026-12-01T00:00:00Z")
                                            .plusSeconds(random.nextInt(86_400))));
        }
        List<Workload> workloads = new ArrayList<>();
        for (Workload w : base.workloads) {
            workloads.add(
                    new Workload(
                            w.ref(),
                            w.sequence(),
                            w.priority(),
                            w.created(),
                            w.classification(),
                            w.zone(),
                            w.origin(),
                            w.accelerator(),
                            w.objective(),
                            w.maxLatencyMs(),
                            w.requiredFeatures(),
                            w.clusterSelector(),
                            w.units(),
                            w.acceleratorsPerUnit(),
                            w.users(),
                            random.nextInt(10) < 3
                                    ? PreemptionPolicy.PREEMPT_LOWER_PRIORITY
                                    : PreemptionPolicy.NEVER));
        }
        return new SyntheticFleet(
                base.snapshot
                        .sharing(quotas, namespaces, held)
                        .at(Instant.parse("2026-12-02T00:00:00Z")),
                workloads);
    }

    private SyntheticFleet(Snapshot snapshot, List<Workload> workloads) {
        this.snapshot = snapshot;
        this.workloads = workloads;
    }

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
