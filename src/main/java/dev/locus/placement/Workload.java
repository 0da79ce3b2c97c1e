package dev.locus.placement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A workload waiting for a decision: what data it processes, what hardware it needs, where it
 * prefers to run, and its shape (a gang of workers, or replicas spread over user regions).
 *
 * @param sequence input order, the last tie-break when no creation time is known
 * @param created creation time, or null
 * @param zone name of the governing zone, or null
 * @param maxLatencyMs hard latency bound, or null
 * @param units workers (TrainingJob) or replicas (InferenceEndpoint)
 * @param acceleratorsPerUnit accelerators per worker or replica
 * @param users regions an endpoint serves; empty means the data origin is the one region
 * @param preemption whether, fitting nowhere, it may preempt work of lower priority (TrainingJobs
 *     only: an endpoint never preempts)
 * @param schedule deadline and estimated run time of a TrainingJob, or null: with one, and
 *     optimizing for carbon or cost, it may be deferred ({@link Deferral})
 */
public record Workload(
        WorkloadRef ref,
        long sequence,
        int priority,
        Instant created,
        DataClass classification,
        String zone,
        Origin origin,
        AcceleratorRequest accelerator,
        Objective objective,
        Double maxLatencyMs,
        Set<String> requiredFeatures,
        LabelSelector clusterSelector,
        int units,
        int acceleratorsPerUnit,
        List<UserRegion> users,
        PreemptionPolicy preemption,
        Schedule schedule) {

    public Workload {
        requiredFeatures =
                requiredFeatures.stream()
                        .map(f -> f.toLowerCase(Locale.ROOT))
                        .collect(Collectors.toUnmodifiableSet());
        users = List.copyOf(users);
        preemption = preemption == null ? PreemptionPolicy.NEVER : preemption;
    }

    /** A workload that never preempts. */
    public Workload(
            WorkloadRef ref,
            long sequence,
            int priority,
            Instant created,
            DataClass classification,
            String zone,
            Origin origin,
            AcceleratorRequest accelerator,
            Objective objective,
            Double maxLatencyMs,
            Set<String> requiredFeatures,
            LabelSelector clusterSelector,
            int units,
            int acceleratorsPerUnit,
            List<UserRegion> users) {
        this(
                ref,
                sequence,
                priority,
                created,
                classification,
                zone,
                origin,
                accelerator,
                objective,
                maxLatencyMs,
                requiredFeatures,
                clusterSelector,
                units,
                acceleratorsPerUnit,
                users,
                PreemptionPolicy.NEVER,
                null);
    }

    /** A workload without a schedule. */
    public Workload(
            WorkloadRef ref,
            long sequence,
            int priority,
            Instant created,
            DataClass classification,
            String zone,
            Origin origin,
            AcceleratorRequest accelerator,
            Objective objective,
            Double maxLatencyMs,
            Set<String> requiredFeatures,
            LabelSelector clusterSelector,
            int units,
            int acceleratorsPerUnit,
            List<UserRegion> users,
            PreemptionPolicy preemption) {
        this(
                ref,
                sequence,
                priority,
                created,
                classification,
                zone,
                origin,
                accelerator,
                objective,
                maxLatencyMs,
                requiredFeatures,
                clusterSelector,
                units,
                acceleratorsPerUnit,
                users,
                preemption,
                null);
    }

    /** This workload with preemption off (a workload that moves takes no one's place). */
    public Workload withoutPreemption() {
        return preemption == PreemptionPolicy.NEVER
                ? this
                : new Workload(
                        ref,
                        sequence,
                        priority,
                        created,
                        classification,
                        zone,
                        origin,
                        accelerator,
                        objective,
                        maxLatencyMs,
                        requiredFeatures,
                        clusterSelector,
                        units,
                        acceleratorsPerUnit,
                        users,
                        PreemptionPolicy.NEVER,
                        schedule);
    }

    /** True when it may preempt: a TrainingJob whose policy says so. */
    public boolean mayPreempt() {
        return preemption == PreemptionPolicy.PREEMPT_LOWER_PRIORITY && isGang();
    }

    /** True for a TrainingJob: all workers go to one pool or none. */
    public boolean isGang() {
        return ref.kind() == WorkloadRef.Kind.TRAINING_JOB;
    }

    /** Accelerators the whole workload needs. */
    public long totalAccelerators() {
        return (long) units * acceleratorsPerUnit;
    }

    /** A builder with the defaults a manifest would get. */
    public static Builder builder(WorkloadRef.Kind kind, String namespace, String name) {
        return new Builder(new WorkloadRef(kind, namespace, name));
    }

    /** Fluent construction of a {@link Workload}. */
    public static final class Builder {
        private final WorkloadRef ref;
        private long sequence;
        private int priority;
        private Instant created;
        private DataClass classification = DataClass.PUBLIC;
        private String zone;
        private Origin origin = Origin.none();
        private AcceleratorRequest accelerator = AcceleratorRequest.any();
        private Objective objective = Objective.LATENCY;
        private Double maxLatencyMs;
        private Set<String> requiredFeatures = Set.of();
        private LabelSelector clusterSelector = LabelSelector.everything();
        private int units = 1;
        private int acceleratorsPerUnit = 1;
        private final List<UserRegion> users = new ArrayList<>();
        private PreemptionPolicy preemption = PreemptionPolicy.NEVER;
        private Schedule schedule;

        private Builder(WorkloadRef ref) {
            this.ref = ref;
        }

        public Builder sequence(long sequence) {
            this.sequence = sequence;
            return this;
        }

        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        public Builder created(Instant created) {
            this.created = created;
            return this;
        }

        public Builder data(DataClass classification, String zone) {
            this.classification = classification;
            this.zone = zone;
            return this;
        }

        public Builder origin(Origin origin) {
            this.origin = origin;
            return this;
        }

        public Builder accelerator(AcceleratorRequest accelerator) {
            this.accelerator = accelerator;
            return this;
        }

        public Builder objective(Objective objective) {
            this.objective = objective;
            return this;
        }

        public Builder maxLatencyMs(Double maxLatencyMs) {
            this.maxLatencyMs = maxLatencyMs;
            return this;
        }

        public Builder requiredFeatures(Set<String> requiredFeatures) {
            this.requiredFeatures = requiredFeatures;
            return this;
        }

        public Builder clusterSelector(LabelSelector clusterSelector) {
            this.clusterSelector = clusterSelector;
            return this;
        }

        public Builder shape(int units, int acceleratorsPerUnit) {
            this.units = units;
            this.acceleratorsPerUnit = acceleratorsPerUnit;
            return this;
        }

        public Builder user(UserRegion user) {
            this.users.add(user);
            return this;
        }

        public Builder preemption(PreemptionPolicy preemption) {
            this.preemption = preemption;
            return this;
        }

        public Builder schedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        public Workload build() {
            return new Workload(
                    ref,
                    sequence,
                    priority,
                    created,
                    classification,
                    zone,
                    origin,
                    accelerator,
                    objective,
                    maxLatencyMs,
                    requiredFeatures,
                    clusterSelector,
                    units,
                    acceleratorsPerUnit,
                    users,
                    preemption,
                    schedule);
        }
    }
}
