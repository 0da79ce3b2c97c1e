package dev.locus.inventory;

import dev.locus.api.v1alpha1.AcceleratorRequest;
import dev.locus.api.v1alpha1.Classification;
import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterSpec;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Condition;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.DataOrigin;
import dev.locus.api.v1alpha1.DataSpec;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.GPUPoolSpec;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.InferenceEndpointSpec;
import dev.locus.api.v1alpha1.Location;
import dev.locus.api.v1alpha1.PlacementSpec;
import dev.locus.api.v1alpha1.PreemptionPolicy;
import dev.locus.api.v1alpha1.SovereigntyZone;
import dev.locus.api.v1alpha1.SovereigntyZoneSpec;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.TrainingJobSpec;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.WorkloadSpec;
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
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Maps API objects to the engine's records: the one place where the two meet. A field given as null
 * is absent, at every depth: a null spec is the default spec, a null list the empty one, a null
 * item of a list or value of a selector's map is not there, and a label whose value is null has the
 * empty value (as the API server stores it).
 */
public final class InventoryMapper {

    private InventoryMapper() {}

    /** Offline: a cluster is Ready unless its status says otherwise. */
    public static final Predicate<Cluster> READY_UNLESS_STATUS_SAYS_NOT =
            c ->
                    Conditions.find(conditions(c), ClusterStatus.READY)
                            .map(cond -> !"False".equals(cond.getStatus()))
                            .orElse(true);

    /** In the operator: a cluster is Ready only once a probe said so (fail closed). */
    public static final Predicate<Cluster> READY_WHEN_PROBED =
            c -> Conditions.isTrue(conditions(c), ClusterStatus.READY);

    /** Offline: status.capacity.available when given, else spec.capacity, else nothing. */
    public static final ToIntFunction<GPUPool> AVAILABLE_OR_DECLARED =
            p -> {
                if (p.getStatus() != null
                        && p.getStatus().getCapacity() != null
                        && p.getStatus().getCapacity().getAvailable() != null) {
                    return p.getStatus().getCapacity().getAvailable();
                }
                return declared(p);
            };

    /** The engine's snapshot of a fleet. */
    public static Snapshot snapshot(
            Collection<SovereigntyZone> zones,
            Collection<Cluster> clusters,
            Collection<GPUPool> pools,
            Predicate<Cluster> ready,
            ToIntFunction<GPUPool> free) {
        return new Snapshot(
                zones.stream().map(InventoryMapper::zone).toList(),
                clusters.stream().map(c -> site(c, ready.test(c))).toList(),
                pools.stream().map(p -> pool(p, free.applyAsInt(p))).toList());
    }

    public static Zone zone(SovereigntyZone zone) {
        var spec = zone.getSpec() == null ? new SovereigntyZoneSpec() : zone.getSpec();
        Set<String> jurisdictions =
                present(spec.getJurisdictions())
                        .map(j -> j.toUpperCase(Locale.ROOT))
                        .collect(Collectors.toSet());
        Set<DataClass> restricted =
                spec.getRestrictedClassifications() == null
                        ? DataClass.defaultRestricted()
                        : dataClasses(spec.getRestrictedClassifications());
        return new Zone(
                zone.getMetadata().getName(),
                jurisdictions,
                restricted,
                present(spec.getTransfersAllowedTo()).collect(Collectors.toSet()));
    }

    public static Site site(Cluster cluster, boolean ready) {
        var spec = cluster.getSpec() == null ? new ClusterSpec() : cluster.getSpec();
        Location location = spec.getLocation();
        String country =
                location == null || location.getCountry() == null || location.getCountry().isBlank()
                        ? null
                        : location.getCountry().toUpperCase(Locale.ROOT);
        List<Link> links = new ArrayList<>();
        present(spec.getInterconnects())
                .filter(i -> i.getCluster() != null && i.getLatencyMs() != null)
                .forEach(i -> links.add(new Link(i.getCluster(), i.getLatencyMs())));
        // The API server stores a label given as null with the empty value.
        Map<String, String> labels = new HashMap<>();
        if (cluster.getMetadata().getLabels() != null) {
            cluster.getMetadata()
                    .getLabels()
                    .forEach((key, value) -> labels.put(key, value == null ? "" : value));
        }
        return new Site(
                cluster.getMetadata().getName(),
                country,
                location == null ? null : point(location.getLatitude(), location.getLongitude()),
                labels,
                ready,
                spec.takesNoNewPlacements(),
                spec.getPower() == null ? null : spec.getPower().getCarbonIntensityGramsPerKwh(),
                links,
                EnergyMapping.sitePower(spec.getPower()));
    }

    public static Pool pool(GPUPool pool, int free) {
        var spec = pool.getSpec() == null ? new GPUPoolSpec() : pool.getSpec();
        var accelerator = spec.getAccelerator();
        return new Pool(
                pool.getMetadata().getName(),
                spec.getCluster(),
                accelerator == null || accelerator.getType() == null
                        ? "gpu"
                        : accelerator.getType().wireName(),
                accelerator == null ? null : accelerator.getModel(),
                accelerator == null ? null : accelerator.getMemoryGiB(),
                present(spec.getFeatures()).collect(Collectors.toSet()),
                spec.getCostPerAcceleratorHour(),
                free,
                spec.getTier() == null ? 0 : Math.max(0, Math.min(9, spec.getTier())),
                accelerator == null ? null : accelerator.getWatts());
    }

    /** A TrainingJob or an InferenceEndpoint as the engine sees it. */
    public static Workload workload(WorkloadResource w, long sequence) {
        return w instanceof TrainingJob job
                ? trainingJob(job, sequence)
                : inferenceEndpoint((InferenceEndpoint) w, sequence);
    }

    /**
     * What a pool offers Locus before its own reservations, in the operator: allocatable less what
     * other tenants' pods use, from the pool's status; {@link #declared} until there is one.
     */
    public static int offered(GPUPool pool) {
        var status = pool.getStatus();
        if (status != null
                && status.getCapacity() != null
                && status.getCapacity().getAllocatable() != null) {
            Integer others = status.getCapacity().getUsedByOthers();
            return Math.max(
                    0, status.getCapacity().getAllocatable() - (others == null ? 0 : others));
        }
        return declared(pool);
    }

    /** The pool's declared spec.capacity, 0 when absent or negative. */
    public static int declared(GPUPool pool) {
        Integer declared = pool.getSpec() == null ? null : pool.getSpec().getCapacity();
        return declared == null ? 0 : Math.max(0, declared);
    }

    public static Workload trainingJob(TrainingJob job, long sequence) {
        var spec = job.getSpec() == null ? new TrainingJobSpec() : job.getSpec();
        return common(
                        Workload.builder(
                                WorkloadRef.Kind.TRAINING_JOB,
                                namespace(job),
                                job.getMetadata().getName()),
                        job,
                        spec,
                        sequence)
                .shape(orOne(spec.getWorkers()), orOne(spec.getAcceleratorsPerWorker()))
                .schedule(EnergyMapping.schedule(spec.getSchedule()))
                .build();
    }

    public static Workload inferenceEndpoint(InferenceEndpoint endpoint, long sequence) {
        var spec = endpoint.getSpec() == null ? new InferenceEndpointSpec() : endpoint.getSpec();
        Workload.Builder builder =
                common(
                                Workload.builder(
                                        WorkloadRef.Kind.INFERENCE_ENDPOINT,
                                        namespace(endpoint),
                                        endpoint.getMetadata().getName()),
                                endpoint,
                                spec,
                                sequence)
                        .shape(orOne(spec.getReplicas()), orOne(spec.getAcceleratorsPerReplica()));
        present(spec.getUsers())
                .forEach(
                        user ->
                                builder.user(
                                        new UserRegion(
                                                user.getName(),
                                                Origin.ofPlace(
                                                        user.getCountry(),
                                                        point(
                                                                user.getLatitude(),
                                                                user.getLongitude())),
                                                user.getWeight() == null
                                                        ? 1
                                                        : Math.max(1, user.getWeight()))));
        return builder.build();
    }

    private static Workload.Builder common(
            Workload.Builder builder, HasMetadata resource, WorkloadSpec spec, long sequence) {
        DataSpec data = spec.getData();
        // Fail closed: data without a classification is treated as the most sensitive kind.
        Classification classification =
                data == null || data.getClassification() == null
                        ? Classification.PERSONAL
                        : data.getClassification();
        builder.sequence(sequence)
                .priority(spec.getPriority() == null ? 0 : spec.getPriority())
                .created(created(resource))
                .data(dataClass(classification), data == null ? null : data.getZone())
                .origin(origin(data == null ? null : data.getOrigin()));
        AcceleratorRequest accelerator = spec.getAccelerator();
        if (accelerator != null) {
            builder.accelerator(
                    new dev.locus.placement.AcceleratorRequest(
                            accelerator.getType() == null ? null : accelerator.getType().wireName(),
                            present(accelerator.getModels()).collect(Collectors.toSet()),
                            accelerator.getMinMemoryGiB()));
        }
        PlacementSpec placement = spec.getPlacement();
        if (placement != null) {
            builder.objective(
                            placement.getOptimizeFor() == null
                                    ? Objective.LATENCY
                                    : Objective.valueOf(placement.getOptimizeFor().name()))
                    .maxLatencyMs(placement.getMaxLatencyMs())
                    .requiredFeatures(
                            present(placement.getRequiredFeatures()).collect(Collectors.toSet()))
                    .clusterSelector(selector(placement.getClusterSelector()))
                    .preemption(
                            placement.getPreemptionPolicy()
                                            == PreemptionPolicy.PREEMPT_LOWER_PRIORITY
                                    ? dev.locus.placement.PreemptionPolicy.PREEMPT_LOWER_PRIORITY
                                    : dev.locus.placement.PreemptionPolicy.NEVER);
        }
        return builder;
    }

    static Origin origin(DataOrigin origin) {
        if (origin == null) {
            return Origin.none();
        }
        if (origin.getCluster() != null && !origin.getCluster().isBlank()) {
            return Origin.ofCluster(origin.getCluster());
        }
        GeoPoint point = point(origin.getLatitude(), origin.getLongitude());
        if (point == null && origin.getCountry() == null) {
            return Origin.none();
        }
        return Origin.ofPlace(origin.getCountry(), point);
    }

    static LabelSelector selector(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        if (selector == null) {
            return LabelSelector.everything();
        }
        List<LabelSelector.Requirement> requirements = new ArrayList<>();
        for (LabelSelectorRequirement r : present(selector.getMatchExpressions()).toList()) {
            Set<String> values = present(r.getValues()).collect(Collectors.toSet());
            LabelSelector.Operator operator =
                    switch (r.getOperator() == null ? "" : r.getOperator()) {
                        case "In" -> LabelSelector.Operator.IN;
                        case "NotIn" -> LabelSelector.Operator.NOT_IN;
                        case "Exists" -> LabelSelector.Operator.EXISTS;
                        case "DoesNotExist" -> LabelSelector.Operator.DOES_NOT_EXIST;
                        // An operator Locus does not know selects nothing, rather than
                        // everything.
                        default -> null;
                    };
            requirements.add(
                    operator == null
                            ? new LabelSelector.Requirement(
                                    r.getKey(), LabelSelector.Operator.IN, Set.of())
                            : new LabelSelector.Requirement(r.getKey(), operator, values));
        }
        // A value given as null is absent, as the API server prunes it from the map.
        Map<String, String> matchLabels = new HashMap<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels()
                    .forEach(
                            (key, value) -> {
                                if (value != null) {
                                    matchLabels.put(key, value);
                                }
                            });
        }
        return new LabelSelector(matchLabels, requirements);
    }

    private static GeoPoint point(Double latitude, Double longitude) {
        return latitude == null || longitude == null ? null : new GeoPoint(latitude, longitude);
    }

    private static Set<DataClass> dataClasses(Collection<Classification> classifications) {
        Set<DataClass> out = EnumSet.noneOf(DataClass.class);
        present(classifications).forEach(c -> out.add(dataClass(c)));
        return out;
    }

    /** The items of a list that are there: a null list is empty, a null item absent. */
    static <T> Stream<T> present(Collection<T> items) {
        return items == null ? Stream.empty() : items.stream().filter(Objects::nonNull);
    }

    /** A cluster's conditions that are there. */
    private static List<Condition> conditions(Cluster cluster) {
        return cluster.getStatus() == null
                ? List.of()
                : present(cluster.getStatus().getConditions()).toList();
    }

    private static DataClass dataClass(Classification c) {
        return DataClass.valueOf(c.name());
    }

    private static String namespace(HasMetadata resource) {
        String ns = resource.getMetadata().getNamespace();
        return ns == null || ns.isBlank() ? "default" : ns;
    }

    private static Instant created(HasMetadata resource) {
        return instant(resource.getMetadata().getCreationTimestamp());
    }

    /** An RFC 3339 time, or null when absent or unreadable. */
    static Instant instant(String ts) {
        if (ts == null || ts.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(ts);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int orOne(Integer value) {
        return value == null ? 1 : value;
    }
}
