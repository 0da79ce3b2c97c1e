package dev.locus.placement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Fluent fixtures for engine tests: a fleet of zones, sites and pools, and workloads. */
final class Fleet {

    private final Map<String, ZoneFixture> zones = new LinkedHashMap<>();
    private final Map<String, SiteFixture> sites = new LinkedHashMap<>();
    private final Map<String, PoolFixture> pools = new LinkedHashMap<>();
    private final Map<String, QuotaFixture> quotas = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> namespaces = new LinkedHashMap<>();
    private final List<PlacedWorkload> placed = new ArrayList<>();
    private Instant now;

    static Fleet create() {
        return new Fleet();
    }

    /** Zones eu (DE, FR; transfers to uk), uk (GB), us (US); sites fra-1, par-1, lon-1, iad-1. */
    static Fleet europe() {
        return create().zone("eu", z -> z.jurisdictions("DE", "FR").transfersTo("uk"))
                .zone("uk", z -> z.jurisdictions("GB"))
                .zone(
                        "us",
                        z ->
                                z.jurisdictions("US")
                                        .restricts(DataClass.CONFIDENTIAL, DataClass.PERSONAL))
                .site("fra-1", s -> s.country("DE").at(50.11, 8.68).link("par-1", 9.8).carbon(380))
                .site("par-1", s -> s.country("FR").at(48.86, 2.35).link("lon-1", 8.1).carbon(55))
                .site(
                        "lon-1",
                        s -> s.country("GB").at(51.51, -0.13).link("fra-1", 14.2).carbon(200))
                .site(
                        "iad-1",
                        s -> s.country("US").at(39.04, -77.49).link("lon-1", 76).carbon(410));
    }

    Fleet zone(String name, Consumer<ZoneFixture> spec) {
        ZoneFixture z = zones.computeIfAbsent(name, ZoneFixture::new);
        spec.accept(z);
        return this;
    }

    Fleet site(String name, Consumer<SiteFixture> spec) {
        SiteFixture s = sites.computeIfAbsent(name, SiteFixture::new);
        spec.accept(s);
        return this;
    }

    Fleet pool(String name, Consumer<PoolFixture> spec) {
        PoolFixture p = pools.computeIfAbsent(name, PoolFixture::new);
        spec.accept(p);
        return this;
    }

    /** An H100 pool with 64 free accelerators on the given cluster. */
    Fleet h100(String name, String cluster) {
        return pool(name, p -> p.cluster(cluster));
    }

    /** A FleetQuota. */
    Fleet quota(String name, Consumer<QuotaFixture> spec) {
        QuotaFixture q = quotas.computeIfAbsent(name, QuotaFixture::new);
        spec.accept(q);
        return this;
    }

    /** A namespace with labels given as "key=value". */
    Fleet namespace(String name, String... labels) {
        Map<String, String> map = namespaces.computeIfAbsent(name, n -> new HashMap<>());
        for (String label : labels) {
            String[] kv = label.split("=", 2);
            map.put(kv[0], kv[1]);
        }
        return this;
    }

    /**
     * A workload already placed: {@code accelerators} on each pool named, which the engine takes
     * off the pools' free counts (pools whose free is their declared size).
     */
    Fleet placed(Workload w, Instant decidedAt, String pool, int accelerators) {
        return placed(w, decidedAt, false, Map.of(pool, accelerators));
    }

    /** A workload already placed on several pools (an endpoint). */
    Fleet placed(Workload w, Instant decidedAt, boolean takenFromFree, Map<String, Integer> on) {
        List<PlacedWorkload.Holding> holdings = new ArrayList<>();
        new java.util.TreeMap<>(on)
                .forEach(
                        (pool, n) -> {
                            PoolFixture p = pools.get(pool);
                            holdings.add(
                                    new PlacedWorkload.Holding(
                                            p == null ? null : p.cluster, pool, n, takenFromFree));
                        });
        placed.add(new PlacedWorkload(w, holdings, decidedAt));
        return this;
    }

    /** The pass' clock. */
    Fleet at(Instant now) {
        this.now = now;
        return this;
    }

    Snapshot snapshot() {
        return new Snapshot(
                zones.values().stream().map(ZoneFixture::build).toList(),
                sites.values().stream().map(SiteFixture::build).toList(),
                pools.values().stream().map(PoolFixture::build).toList(),
                quotas.values().stream().map(QuotaFixture::build).toList(),
                namespaces,
                placed,
                now);
    }

    PlacementEngine engine() {
        return new PlacementEngine(snapshot(), PlacementEngine.Explain.ALL);
    }

    /** A TrainingJob in namespace ml: public data, one worker with one accelerator. */
    static Workload.Builder job(String name) {
        return Workload.builder(WorkloadRef.Kind.TRAINING_JOB, "ml", name);
    }

    /** An InferenceEndpoint in namespace ml: public data, one replica with one accelerator. */
    static Workload.Builder endpoint(String name) {
        return Workload.builder(WorkloadRef.Kind.INFERENCE_ENDPOINT, "ml", name);
    }

    static AcceleratorRequest models(String... models) {
        return new AcceleratorRequest(null, Set.of(models), null);
    }

    /** A TrainingJob in a namespace: public data, one worker with one accelerator. */
    static Workload.Builder job(String namespace, String name) {
        return Workload.builder(WorkloadRef.Kind.TRAINING_JOB, namespace, name);
    }

    /** An InferenceEndpoint in a namespace: public data, one replica with one accelerator. */
    static Workload.Builder endpoint(String namespace, String name) {
        return Workload.builder(WorkloadRef.Kind.INFERENCE_ENDPOINT, namespace, name);
    }

    static final class QuotaFixture {
        private final String name;
        private LabelSelector selector;
        private String cohort;
        private final List<Quota.Limit> limits = new ArrayList<>();
        private double weight = 1;

        QuotaFixture(String name) {
            this.name = name;
        }

        /** Namespaces labelled key=value. */
        QuotaFixture selects(String key, String value) {
            selector = new LabelSelector(Map.of(key, value), List.of());
            return this;
        }

        QuotaFixture selects(LabelSelector selector) {
            this.selector = selector;
            return this;
        }

        QuotaFixture selectsEveryNamespace() {
            selector = LabelSelector.everything();
            return this;
        }

        QuotaFixture cohort(String cohort) {
            this.cohort = cohort;
            return this;
        }

        /** Forgets the limits given so far. */
        QuotaFixture clearLimits() {
            limits.clear();
            return this;
        }

        /** A limit on every placement. */
        QuotaFixture limit(int accelerators) {
            limits.add(Quota.Limit.of(accelerators));
            return this;
        }

        /** A limit on placements in a zone (null: any) of these models (none: any). */
        QuotaFixture limit(String zone, int accelerators, String... models) {
            limits.add(new Quota.Limit(zone, Set.of(models), accelerators, null, null));
            return this;
        }

        /** A limit in a zone of these models, with borrowing and lending limits (null: none). */
        QuotaFixture limit(
                String zone,
                int accelerators,
                Integer borrowingLimit,
                Integer lendingLimit,
                String... models) {
            limits.add(
                    new Quota.Limit(
                            zone, Set.of(models), accelerators, borrowingLimit, lendingLimit));
            return this;
        }

        QuotaFixture weight(double weight) {
            this.weight = weight;
            return this;
        }

        Quota build() {
            return new Quota(name, selector, cohort, limits, weight);
        }
    }

    static final class ZoneFixture {
        private final String name;
        private final Set<String> jurisdictions = new HashSet<>();
        private Set<DataClass> restricted = DataClass.defaultRestricted();
        private final Set<String> transfers = new HashSet<>();

        ZoneFixture(String name) {
            this.name = name;
        }

        ZoneFixture jurisdictions(String... countries) {
            jurisdictions.addAll(Arrays.asList(countries));
            return this;
        }

        ZoneFixture restricts(DataClass... classes) {
            restricted = classes.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(classes));
            return this;
        }

        ZoneFixture transfersTo(String... zones) {
            transfers.addAll(Arrays.asList(zones));
            return this;
        }

        Zone build() {
            return new Zone(name, jurisdictions, restricted, transfers);
        }
    }

    static final class SiteFixture {
        private final String name;
        private String country;
        private GeoPoint location;
        private final Map<String, String> labels = new HashMap<>();
        private boolean ready = true;
        private boolean cordoned;
        private Double carbon;
        private final List<Link> links = new ArrayList<>();
        private Double renewable;
        private Double price;
        private Double budget;
        private final List<SitePower.ForecastHour> forecast = new ArrayList<>();

        SiteFixture(String name) {
            this.name = name;
        }

        SiteFixture country(String country) {
            this.country = country;
            return this;
        }

        SiteFixture at(double latitude, double longitude) {
            this.location = new GeoPoint(latitude, longitude);
            return this;
        }

        SiteFixture nowhere() {
            this.location = null;
            return this;
        }

        SiteFixture label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        SiteFixture notReady() {
            ready = false;
            return this;
        }

        SiteFixture cordoned() {
            cordoned = true;
            return this;
        }

        SiteFixture carbon(double gramsPerKwh) {
            carbon = gramsPerKwh;
            return this;
        }

        SiteFixture link(String to, double latencyMs) {
            links.add(new Link(to, latencyMs));
            return this;
        }

        SiteFixture renewable(double fraction) {
            renewable = fraction;
            return this;
        }

        SiteFixture price(double perKwh) {
            price = perKwh;
            return this;
        }

        /** A power budget for accelerators Locus places here, in kW. */
        SiteFixture budget(double kilowatts) {
            budget = kilowatts;
            return this;
        }

        /** One forecast hour from {@code from}: carbon intensity and price (either may be null). */
        SiteFixture forecast(Instant from, Double carbon, Double price) {
            forecast.add(new SitePower.ForecastHour(from, carbon, price));
            return this;
        }

        /** Hourly carbon intensities from {@code from}, one per value. */
        SiteFixture carbonHours(Instant from, double... values) {
            for (int i = 0; i < values.length; i++) {
                forecast(from.plusSeconds(3600L * i), values[i], null);
            }
            return this;
        }

        Site build() {
            return new Site(
                    name,
                    country,
                    location,
                    labels,
                    ready,
                    cordoned,
                    carbon,
                    links,
                    new SitePower(renewable, price, budget, forecast));
        }
    }

    static final class PoolFixture {
        private final String name;
        private String cluster;
        private String type = "gpu";
        private String model = "H100";
        private Integer memory = 80;
        private final Set<String> features = new HashSet<>();
        private Double cost = 2.0;
        private int free = 64;
        private int tier;
        private Double watts;

        PoolFixture(String name) {
            this.name = name;
        }

        PoolFixture cluster(String cluster) {
            this.cluster = cluster;
            return this;
        }

        PoolFixture type(String type) {
            this.type = type;
            return this;
        }

        PoolFixture model(String model) {
            this.model = model;
            return this;
        }

        PoolFixture memory(Integer memoryGiB) {
            this.memory = memoryGiB;
            return this;
        }

        PoolFixture features(String... features) {
            this.features.addAll(Arrays.asList(features));
            return this;
        }

        PoolFixture cost(Double cost) {
            this.cost = cost;
            return this;
        }

        PoolFixture free(int free) {
            this.free = free;
            return this;
        }

        PoolFixture tier(int tier) {
            this.tier = tier;
            return this;
        }

        PoolFixture watts(Double watts) {
            this.watts = watts;
            return this;
        }

        Pool build() {
            return new Pool(name, cluster, type, model, memory, features, cost, free, tier, watts);
        }
    }
}
