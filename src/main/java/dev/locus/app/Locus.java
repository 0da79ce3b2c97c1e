package dev.locus.app;

import dev.locus.api.v1alpha1.Workloads;
import dev.locus.capacity.PoolCapacity;
import dev.locus.dispatch.Dispatcher;
import dev.locus.dispatch.RemoteLabels;
import dev.locus.fleet.MemberClients;
import dev.locus.fleet.MemberWatches;
import dev.locus.hub.EventRecorder;
import dev.locus.hub.HubCache;
import dev.locus.metrics.LocusMetrics;
import dev.locus.reconciler.ClusterReconciler;
import dev.locus.reconciler.FleetQuotaReconciler;
import dev.locus.reconciler.GPUPoolReconciler;
import dev.locus.reconciler.InferenceEndpointReconciler;
import dev.locus.reconciler.ReconcilerSettings;
import dev.locus.reconciler.SovereigntyZoneReconciler;
import dev.locus.reconciler.TrainingJobReconciler;
import dev.locus.scheduling.DecisionWriter;
import dev.locus.scheduling.ReservationLedger;
import dev.locus.scheduling.Scheduler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;

/**
 * The operator's parts, built once and wired through their constructors: the composition root that
 * the Quarkus producers and the embedded operator (demo, tests) both use. Nothing reaches these
 * parts through it at run time; it only builds, starts and closes them.
 */
public final class Locus implements AutoCloseable {

    /** Status writes of the scheduler that may be in flight at once. */
    static final int WRITE_CONCURRENCY = 8;

    final LocusConfig config;
    final Clock clock;
    final HubCache hub = new HubCache();
    final MemberClients members;
    final MemberWatches watches;
    final EventRecorder events;
    final ReservationLedger ledger = new ReservationLedger();
    final DecisionWriter writer;
    final Scheduler scheduler;
    final Dispatcher dispatcher;
    final PoolCapacity capacity = new PoolCapacity(RemoteLabels.WORKLOAD_UID);
    final LocusMetrics metrics;
    final ReconcilerSettings settings;

    public Locus(KubernetesClient client, LocusConfig config, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.clock = clock;
        this.members = new MemberClients(client, config.namespace());
        this.watches =
                new MemberWatches(
                        RemoteLabels.WORKLOAD_UID,
                        RemoteLabels.WORKLOAD,
                        RemoteLabels.WORKLOAD_NAMESPACE,
                        RemoteLabels.WORKLOAD_KIND);
        this.events = new EventRecorder(client, clock, config.namespace());
        this.writer = new DecisionWriter(client, ledger, events, WRITE_CONCURRENCY);
        this.scheduler =
                new Scheduler(
                        hub, ledger, writer, clock, config.resyncInterval(), Workloads::followed);
        this.dispatcher =
                new Dispatcher(
                        members,
                        watches,
                        hub::cluster,
                        new Dispatcher.Settings(
                                config.unreachableDeletionTimeout(),
                                Dispatcher.Settings.reserved(config.namespace()),
                                Dispatcher.Settings.podSecurity(
                                        config.podSecurityEnforce(), config.podSecurityWarn())));
        this.metrics = new LocusMetrics(registry, scheduler::pendingByReason);
        this.settings = new ReconcilerSettings(config.probeInterval(), config.resyncInterval());
        members.onDisconnect((cluster, c) -> watches.stop(cluster));
        scheduler.onPass(p -> metrics.pass(p.elapsed(), p.decisions(), p.decisionTimes()));
        writer.onPreemption(w -> metrics.preempted(w.getKind()));
    }

    /** The reconcilers, each given what it needs; for an operator built by hand. */
    public List<Reconciler<?>> reconcilers() {
        return List.of(
                new ClusterReconciler(
                        hub,
                        members,
                        watches,
                        events,
                        metrics,
                        clock,
                        settings,
                        scheduler.sharing()),
                new SovereigntyZoneReconciler(hub, events, clock),
                new GPUPoolReconciler(
                        hub, watches, ledger, events, capacity, metrics, clock, settings),
                new TrainingJobReconciler(hub, dispatcher, writer, watches, events, metrics, clock),
                new InferenceEndpointReconciler(
                        hub, dispatcher, writer, watches, events, metrics, clock),
                new FleetQuotaReconciler(hub, scheduler, ledger, events, metrics, clock));
    }

    /**
     * Starts what only one replica may run: the scheduler, which writes decisions. With leader
     * election this runs when the replica becomes the leader.
     */
    public void startLeading() {
        scheduler.start();
    }

    /** Ready: every hub kind has been listed once, and every informer still watches. */
    public boolean isReady() {
        return hub.isSynced() && hub.notWatching().isEmpty();
    }

    /** The hub kinds whose informer stopped watching (for the readiness probe's data). */
    public List<String> notWatching() {
        return hub.notWatching();
    }

    /** Live: scheduling is not stuck. */
    public boolean isLive() {
        return scheduler.isHealthy();
    }

    public HubCache hub() {
        return hub;
    }

    public ReservationLedger ledger() {
        return ledger;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        metrics.close();
        scheduler.close();
        writer.close();
        watches.close();
        members.close();
    }
}
