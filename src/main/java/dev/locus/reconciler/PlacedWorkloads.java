package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.Workloads;
import dev.locus.dispatch.Dispatcher;
import dev.locus.dispatch.RemoteObjects;
import dev.locus.fleet.MemberWatches;
import dev.locus.hub.EventRecorder;
import dev.locus.hub.HubStore;
import dev.locus.metrics.LocusMetrics;
import dev.locus.scheduling.DecisionWriter;
import dev.locus.scheduling.DispatchReport;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * What the TrainingJob and InferenceEndpoint reconcilers share once a workload is placed: apply its
 * remote objects and say what happened, write that through the one writer of workload status, and
 * delete the remote objects when the workload goes.
 */
final class PlacedWorkloads {

    /** The Dispatched condition's reason when a member cluster could not be reached. */
    static final String CLUSTER_UNAVAILABLE = "ClusterUnavailable";

    /** Finalizer on workloads: remote objects are deleted before the workload goes. */
    static final String FINALIZER = Workloads.FINALIZER;

    /** How soon deletion retries a member cluster that did not answer. */
    static final Duration DELETE_RETRY = Duration.ofSeconds(15);

    /**
     * How soon dispatch retries a member cluster that did not answer: no event may come to wake the
     * reconciler (a failure reported twice does not change the status).
     */
    static final Duration DISPATCH_RETRY = Duration.ofSeconds(5);

    /** Remote objects a workload left behind, and since when. */
    private record Leftovers(List<RemoteObjects> objects, java.time.Instant since) {}

    private final Map<String, Leftovers> leftovers = new ConcurrentHashMap<>();
    private final Dispatcher dispatcher;
    private final DecisionWriter writer;
    private final EventRecorder events;
    private final LocusMetrics metrics;
    private final Clock clock;

    PlacedWorkloads(
            Dispatcher dispatcher,
            DecisionWriter writer,
            EventRecorder events,
            LocusMetrics metrics,
            Clock clock) {
        this.dispatcher = dispatcher;
        this.writer = writer;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Wakes a workload's reconciler when something Locus made for it in a member changes. */
    static void wakeOnRemoteChanges(
            MemberWatches watches, String kind, SimpleInboundEventSource<?> source) {
        watches.onRemoteChange(
                change -> {
                    if (kind.equals(change.kind())) {
                        source.propagateEvent(new ResourceID(change.name(), change.namespace()));
                    }
                });
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Creates or adopts the remote objects; reports conflicts and unreachable clusters. */
    DispatchReport apply(WorkloadResource w, List<RemoteObjects> desired) {
        String placed = w.getStatus().getPlacement().getDecidedAt();
        String namespace = w.getMetadata().getNamespace();
        if (dispatcher.isReserved(namespace)) {
            return DispatchReport.notDispatched(
                    placed,
                    "ReservedNamespace",
                    "Locus never dispatches into namespace "
                            + namespace
                            + " (kept for Kubernetes and the operator); move the workload to"
                            + " another namespace");
        }
        var applied = dispatcher.apply(w, desired);
        if (!applied.conflicts().isEmpty()) {
            String message =
                    "not created, an object of the same name exists that Locus did not create for"
                            + " this workload: "
                            + String.join(", ", applied.conflicts());
            events.warning(w, "NameConflict", message);
            applied.conflictedClusters().forEach(c -> metrics.dispatchError(c, "NameConflict"));
            return DispatchReport.notDispatched(placed, "NameConflict", message);
        }
        if (!applied.unavailable().isEmpty()) {
            applied.unavailable().forEach(c -> metrics.dispatchError(c, "ClusterUnavailable"));
            return DispatchReport.notDispatched(
                    placed,
                    CLUSTER_UNAVAILABLE,
                    "cannot reach clusters " + applied.unavailable() + "; retrying");
        }
        return DispatchReport.dispatched(placed, String.join(", ", applied.clients().keySet()));
    }

    /** The pool the workload was placed on is gone: nothing can be rendered for it. */
    DispatchReport poolMissing(WorkloadResource w, String pool) {
        return DispatchReport.notDispatched(
                w.getStatus().getPlacement().getDecidedAt(),
                "PoolNotFound",
                "GPUPool " + pool + " no longer exists");
    }

    /** Writes the report into the workload's status (the DecisionWriter does the writing). */
    void write(WorkloadResource w, DispatchReport report) {
        writer.dispatched(w, report, clock.instant());
    }

    /** What the reconciler returns after a report: a cluster that did not answer is tried again. */
    static <P extends HasMetadata> UpdateControl<P> after(DispatchReport report) {
        UpdateControl<P> none = UpdateControl.noUpdate();
        return CLUSTER_UNAVAILABLE.equals(report.reason())
                ? none.rescheduleAfter(DISPATCH_RETRY.toMillis())
                : none;
    }

    /**
     * Remembers the remote objects of workloads that stop holding a placement while they live on
     * (preempted, or withdrawn from a zone): their next reconcile removes them, rather than the
     * next sweep of stale copies. Listens to the workloads' hub store.
     */
    <W extends WorkloadResource> void followLeaving(
            HubStore<W> store, BiFunction<W, List<Assignment>, List<RemoteObjects>> skeletons) {
        store.onChange(
                (before, after) -> {
                    if (before == null
                            || after == null
                            || before.getStatus() == null
                            || before.getStatus().getPlacement() == null
                            || before.getStatus().getPlacement().getAssignments().isEmpty()
                            || (after.getStatus() != null
                                    && after.getStatus().getPlacement() != null)
                            || after.getMetadata().getDeletionTimestamp() != null) {
                        return;
                    }
                    leftovers.put(
                            after.getMetadata().getUid(),
                            new Leftovers(
                                    skeletons.apply(
                                            before,
                                            before.getStatus().getPlacement().getAssignments()),
                                    clock.instant()));
                });
    }

    /**
     * Removes what a workload left behind when it stopped holding a placement. Empty when done (or
     * nothing to do); else when to try again. A member that stays unreachable past the deletion
     * bound is left to the stale-copy sweep.
     */
    Optional<Duration> removeLeftovers(WorkloadResource w) {
        String uid = w.getMetadata().getUid();
        Leftovers left = leftovers.get(uid);
        if (left == null || Workloads.holdsReservation(w)) {
            leftovers.remove(uid);
            return Optional.empty();
        }
        var cleanup = dispatcher.cleanup(w, left.objects(), clock.instant());
        if (cleanup.unreachable().isEmpty()
                || !clock.instant()
                        .isBefore(left.since().plus(dispatcher.unreachableDeletionTimeout()))) {
            leftovers.remove(uid, left);
            return Optional.empty();
        }
        return Optional.of(DELETE_RETRY);
    }

    /** The workload cannot be read whole or breaks the schema: say so on it. */
    void invalid(WorkloadResource w) {
        writer.invalid(w, clock.instant());
    }

    /** A reconcile failed unexpectedly: say so in Dispatched, and let JOSDK retry. */
    void failed(WorkloadResource w, Exception e) {
        if (dev.locus.api.v1alpha1.Workloads.holdsReservation(w)) {
            write(
                    w,
                    DispatchReport.notDispatched(
                            w.getStatus().getPlacement().getDecidedAt(),
                            "ReconcileError",
                            e.getClass().getSimpleName()
                                    + (e.getMessage() == null ? "" : ": " + e.getMessage())
                                    + " (retrying)"));
        }
    }

    /**
     * Deletes the remote objects. A member that cannot be reached is retried until the configured
     * bound after the deletion began; then the workload is let go with a warning.
     */
    DeleteControl cleanup(WorkloadResource w, List<RemoteObjects> remote) {
        if (remote.isEmpty()) {
            return DeleteControl.defaultDelete();
        }
        var cleanup = dispatcher.cleanup(w, remote, clock.instant());
        long minutes = dispatcher.unreachableDeletionTimeout().toMinutes();
        if (cleanup.unreachable().isEmpty()) {
            return DeleteControl.defaultDelete();
        }
        if (cleanup.abandoned()) {
            events.warning(
                    w,
                    "CleanupAbandoned",
                    "clusters "
                            + cleanup.unreachable()
                            + " stayed unreachable for "
                            + minutes
                            + " min; remote objects there may remain and are labelled"
                            + " locus.dev/workload-uid="
                            + w.getMetadata().getUid());
            return DeleteControl.defaultDelete();
        }
        events.warning(
                w,
                "CleanupPending",
                "waiting for clusters "
                        + cleanup.unreachable()
                        + " to delete remote objects (gives up "
                        + minutes
                        + " min after deletion began)");
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(DELETE_RETRY.toMillis());
    }
}
