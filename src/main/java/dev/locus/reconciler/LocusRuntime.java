package dev.locus.reconciler;

import dev.locus.capacity.CapacityController;
import dev.locus.capacity.PoolCapacity;
import dev.locus.dispatch.RemoteLabels;
import dev.locus.fleet.MemberClients;
import dev.locus.fleet.MemberWatches;
import dev.locus.fleet.RemoteChange;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Everything the reconcilers share, wired in plain Java: the hub caches, the member clients and
 * watches, the scheduler and the event recorder. The Quarkus application produces one as a CDI
 * bean; the embedded operator (demo, integration tests) builds one directly.
 */
public final class LocusRuntime implements AutoCloseable {

    private final KubernetesClient hub;
    private final LocusConfig config;
    private final Clock clock;
    private final HubCache cache;
    private final MemberClients members;
    private final MemberWatches watches;
    private final EventRecorder events;
    private final Scheduler scheduler;
    private final CapacityController capacity;
    private final LocusMetrics metrics;
    private final Map<String, Consumer<ResourceID>> triggers = new ConcurrentHashMap<>();
    private boolean leading;

    public LocusRuntime(
            KubernetesClient hub, LocusConfig config, Clock clock, MeterRegistry registry) {
        this.hub = hub;
        this.config = config;
        this.clock = clock;
        this.cache = new HubCache(hub);
        this.members = new MemberClients(hub, config.namespace());
        this.watches =
                new MemberWatches(
                        RemoteLabels.WORKLOAD_UID,
                        RemoteLabels.WORKLOAD,
                        RemoteLabels.WORKLOAD_NAMESPACE,
                        RemoteLabels.WORKLOAD_KIND,
                        this::remoteChanged);
        this.events = new EventRecorder(hub, clock, config.namespace());
        this.scheduler = new Scheduler(hub, cache, clock, events, config.resyncInterval());
        this.capacity =
                new CapacityController(
                        hub,
                        cache::pools,
                        () -> {
                            var held = scheduler.held();
                            return new CapacityController.Reservations(
                                    held.perPool(), held.workloadsPerPool());
                        },
                        watches,
                        new PoolCapacity(RemoteLabels.WORKLOAD_UID),
                        clock,
                        config.resyncInterval());
        this.metrics = new LocusMetrics(registry, cache);
        members.onDisconnect((cluster, client) -> watches.stop(cluster));
        cache.onChange(scheduler::requestPass);
        // Reservations and pools change capacity; so do nodes and pods in the members.
        cache.onChange(capacity::requestCycle);
        watches.onInventoryChange(cluster -> capacity.requestCycle());
        cache.onClusterDeleted(members::disconnect);
        scheduler.onPass(metrics::pass);
        capacity.afterCycle(() -> metrics.fleet(cache.pools(), cache.clusters()));
    }

    /** Starts the caches and, without leader election, the scheduler and capacity controller. */
    public void start() {
        startCaches();
        startLeading();
    }

    /** Starts the hub caches; every replica keeps them warm. */
    public void startCaches() {
        cache.start();
    }

    /**
     * Starts what only one replica may run at a time: the scheduler, which writes decisions, and
     * the capacity controller, which writes pool status. With leader election this runs when the
     * replica becomes the leader.
     */
    public synchronized void startLeading() {
        if (leading) {
            return;
        }
        leading = true;
        cache.start();
        scheduler.start();
        capacity.start();
    }

    @Override
    public void close() {
        metrics.close();
        capacity.close();
        scheduler.close();
        watches.close();
        members.close();
        cache.close();
    }

    /** Routes changes of remote objects of this kind to a reconciler's trigger. */
    public void registerTrigger(String kind, Consumer<ResourceID> trigger) {
        triggers.put(kind, trigger);
    }

    private void remoteChanged(RemoteChange change) {
        Consumer<ResourceID> trigger = change.kind() == null ? null : triggers.get(change.kind());
        if (trigger != null) {
            trigger.accept(new ResourceID(change.name(), change.namespace()));
        }
    }

    public KubernetesClient hub() {
        return hub;
    }

    public LocusConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public HubCache cache() {
        return cache;
    }

    public MemberClients members() {
        return members;
    }

    public MemberWatches watches() {
        return watches;
    }

    public EventRecorder events() {
        return events;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public CapacityController capacity() {
        return capacity;
    }

    public LocusMetrics metrics() {
        return metrics;
    }
}
