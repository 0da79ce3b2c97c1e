package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.FleetQuota;
import dev.locus.api.v1alpha1.FleetQuotaStatus;
import dev.locus.api.v1alpha1.QuotaUsed;
import dev.locus.api.v1alpha1.Statuses;
import dev.locus.capacity.QuotaStatusAggregator;
import dev.locus.hub.EventRecorder;
import dev.locus.hub.HubCache;
import dev.locus.metrics.LocusMetrics;
import dev.locus.placement.QuotaUsage;
import dev.locus.scheduling.ReservationLedger;
import dev.locus.scheduling.Scheduler;
import dev.locus.scheduling.Sharing;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Keeps each FleetQuota's status current: accelerators used and borrowed per limit, workloads
 * admitted and waiting, and a Ready condition that names what keeps the quota from governing as
 * written (overlapping quotas, unknown zones, a selector that matches nothing). It also runs the
 * one Namespace informer, whose labels quotas select on. Runs when the quota or a namespace
 * changes, and at most once a second while placements come and go.
 */
@ControllerConfiguration(name = "fleetquota")
public class FleetQuotaReconciler
        implements Reconciler<FleetQuota>, ConfigurableReconciler<FleetQuota>, AutoCloseable {

    /** How long changes of placements are gathered before quotas are counted again. */
    static final Duration USAGE_DELAY = Duration.ofSeconds(1);

    /** The reports of one count, shared by the quotas reconciled after it. */
    private record Count(long version, Map<String, Sharing.QuotaReport> reports) {}

    private final HubCache hub;
    private final Scheduler scheduler;
    private final EventRecorder events;
    private final LocusMetrics metrics;
    private final Clock clock;
    private final SimpleInboundEventSource<FleetQuota> usageChanges =
            new SimpleInboundEventSource<>("usage-changes");
    private final AtomicLong version = new AtomicLong();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "locus-quota-usage");
                        t.setDaemon(true);
                        return t;
                    });
    private volatile Count last = new Count(-1, Map.of());

    @Inject
    public FleetQuotaReconciler(
            HubCache hub,
            Scheduler scheduler,
            ReservationLedger ledger,
            EventRecorder events,
            LocusMetrics metrics,
            Clock clock) {
        this.hub = hub;
        this.scheduler = scheduler;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        // Usage moves with every placement and release, waiting counts with every workload.
        ledger.onPoolChange(pool -> usageChanged());
        hub.trainingJobs().onChange((before, after) -> usageChanged());
        hub.inferenceEndpoints().onChange((before, after) -> usageChanged());
        hub.quotas()
                .onChange(
                        (before, after) -> {
                            version.incrementAndGet();
                            if (after == null) {
                                metrics.forgetQuota(before.getMetadata().getName());
                            }
                            // Another quota's selector or limits can change this one's overlaps.
                            wakeAll();
                        });
    }

    @Override
    public void updateConfigurationFrom(ControllerConfigurationOverrider<FleetQuota> override) {
        HubControllers.keepItemsIn(override, hub.quotas());
    }

    @Override
    public List<EventSource<?, FleetQuota>> prepareEventSources(
            EventSourceContext<FleetQuota> context) {
        HubControllers.reportSync(context, hub.quotas());
        InformerEventSource<Namespace, FleetQuota> namespaces =
                new InformerEventSource<>(
                        InformerEventSourceConfiguration.from(Namespace.class, FleetQuota.class)
                                .withName("namespaces")
                                .withItemStore(hub.namespaces())
                                // Any namespace may be selected by any quota.
                                .withSecondaryToPrimaryMapper(ns -> allQuotas())
                                .build(),
                        context);
        HubControllers.reportSync(namespaces, hub.namespaces());
        hub.namespaces().onChange((before, after) -> version.incrementAndGet());
        return List.of(usageChanges, namespaces);
    }

    @Override
    public UpdateControl<FleetQuota> reconcile(FleetQuota quota, Context<FleetQuota> context) {
        // Validate: a quota that cannot be read still governs its namespaces, with nothing to
        // give (the scheduler fails closed); say why on it.
        FleetQuota read = hub.quotas().current(quota);
        Instant now = clock.instant();
        FleetQuotaStatus next;
        if (!read.isValid()) {
            next = quota.getStatus() == null ? new FleetQuotaStatus() : quota.getStatus();
            InvalidObjects.report(read, next.getConditions(), events, now);
            Conditions.set(
                    next.getConditions(),
                    FleetQuotaStatus.READY,
                    false,
                    Conditions.INVALID_SPEC,
                    "the quota cannot be read as written: its namespaces get nothing placed"
                            + " until it is fixed",
                    quota.getMetadata().getGeneration(),
                    now);
        } else {
            // Observe: what its namespaces hold and wait for, as the scheduler counts it.
            Sharing.QuotaReport report = reports(now).get(quota.getMetadata().getName());
            next = QuotaStatusAggregator.desired(quota, usage(report), now);
            Conditions.remove(next.getConditions(), Conditions.VALID);
            ReconcileErrors.clear(next.getConditions());
            metrics.quota(
                    quota.getMetadata().getName(), next.getUsed(), quota.getSpec().getLimits());
        }
        if (Statuses.same(quota.getStatus(), next)) {
            return UpdateControl.noUpdate();
        }
        quota.setStatus(next);
        return UpdateControl.patchStatus(quota);
    }

    @Override
    public ErrorStatusUpdateControl<FleetQuota> updateErrorStatus(
            FleetQuota quota, Context<FleetQuota> context, Exception e) {
        FleetQuotaStatus next =
                quota.getStatus() == null ? new FleetQuotaStatus() : quota.getStatus();
        ReconcileErrors.record(next.getConditions(), quota, e, clock.instant());
        quota.setStatus(next);
        return ErrorStatusUpdateControl.patchStatus(quota);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** Counts once per version of what quotas depend on; quotas reconciled together share it. */
    private Map<String, Sharing.QuotaReport> reports(Instant now) {
        long v = version.get();
        Count count = last;
        if (count.version() != v) {
            count = new Count(v, scheduler.sharing().reports(now));
            last = count;
        }
        return count.reports();
    }

    private static QuotaStatusAggregator.Usage usage(Sharing.QuotaReport report) {
        if (report == null) {
            return new QuotaStatusAggregator.Usage(List.of(), 0, 0, 0, List.of(), List.of());
        }
        QuotaUsage u = report.usage();
        List<QuotaUsed> used =
                u.used().stream()
                        .map(
                                l -> {
                                    QuotaUsed q = new QuotaUsed();
                                    q.setZone(l.zone());
                                    q.setModels(l.models().stream().sorted().toList());
                                    q.setAccelerators((int) l.accelerators());
                                    q.setBorrowed((int) l.borrowed());
                                    return q;
                                })
                        .toList();
        return new QuotaStatusAggregator.Usage(
                used,
                u.admitted(),
                report.pending(),
                report.namespaces(),
                u.overlappingNamespaces(),
                u.unknownZones());
    }

    private void usageChanged() {
        version.incrementAndGet();
        if (hub.quotas().size() > 0 && wakeQueued.compareAndSet(false, true)) {
            timer.schedule(
                    () -> {
                        wakeQueued.set(false);
                        wakeAll();
                    },
                    USAGE_DELAY.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void wakeAll() {
        HubControllers.wake(
                usageChanges,
                hub.quotas().list().stream().map(q -> q.getMetadata().getName()).toList());
    }

    private Set<ResourceID> allQuotas() {
        return hub.quotas().list().stream()
                .map(q -> new ResourceID(q.getMetadata().getName()))
                .collect(Collectors.toSet());
    }
}
