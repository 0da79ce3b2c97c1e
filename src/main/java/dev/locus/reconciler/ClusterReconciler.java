package dev.locus.reconciler;

import dev.locus.api.v1alpha1.Cluster;
import dev.locus.api.v1alpha1.ClusterStatus;
import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.GPUPool;
import dev.locus.api.v1alpha1.Statuses;
import dev.locus.capacity.ClusterStatusAggregator;
import dev.locus.dispatch.StaleCopies;
import dev.locus.fleet.ClusterProbe;
import dev.locus.fleet.MemberClients;
import dev.locus.fleet.MemberConnectionException;
import dev.locus.fleet.MemberWatches;
import dev.locus.hub.EventRecorder;
import dev.locus.hub.HubCache;
import dev.locus.inventory.EnergyMapping;
import dev.locus.inventory.Memberships;
import dev.locus.metrics.LocusMetrics;
import dev.locus.placement.PowerUse;
import dev.locus.scheduling.Sharing;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps each Cluster's status current: connect to its member API server, probe it, watch it, remove
 * stale copies there, and write Reachable, Ready, version, zones and capacity. Runs every probe
 * interval, and when the Cluster, a zone or one of its pools changes.
 */
@ControllerConfiguration(name = "cluster")
public class ClusterReconciler implements Reconciler<Cluster>, ConfigurableReconciler<Cluster> {

    private final HubCache hub;
    private final MemberClients members;
    private final MemberWatches watches;
    private final EventRecorder events;
    private final LocusMetrics metrics;
    private final Clock clock;
    private final ReconcilerSettings settings;
    private final Sharing sharing;
    private final SimpleInboundEventSource<Cluster> fleetChanges =
            new SimpleInboundEventSource<>("fleet-changes");

    @Inject
    public ClusterReconciler(
            HubCache hub,
            MemberClients members,
            MemberWatches watches,
            EventRecorder events,
            LocusMetrics metrics,
            Clock clock,
            ReconcilerSettings settings,
            Sharing sharing) {
        this.hub = hub;
        this.sharing = sharing;
        this.members = members;
        this.watches = watches;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
        // A zone's jurisdictions decide every cluster's membership; a pool, its cluster's capacity.
        hub.zones().onChange((before, after) -> HubControllers.wake(fleetChanges, clusterNames()));
        DelayedWakes poolChanges = new DelayedWakes(fleetChanges);
        hub.pools()
                .onChange(
                        (before, after) ->
                                poolChanges.wake(clusterOf(before == null ? after : before)));
        hub.clusters()
                .onChange(
                        (before, after) -> {
                            if (after == null) {
                                members.disconnect(before.getMetadata().getName());
                                metrics.forgetCluster(before.getMetadata().getName());
                            }
                        });
    }

    @Override
    public void updateConfigurationFrom(ControllerConfigurationOverrider<Cluster> override) {
        HubControllers.keepItemsIn(override, hub.clusters());
    }

    @Override
    public List<EventSource<?, Cluster>> prepareEventSources(EventSourceContext<Cluster> context) {
        HubControllers.reportSync(context, hub.clusters());
        return List.of(fleetChanges);
    }

    @Override
    public UpdateControl<Cluster> reconcile(Cluster cluster, Context<Cluster> context) {
        Instant now = clock.instant();
        String name = cluster.getMetadata().getName();
        // Validate: a Cluster that cannot be read is reported and not used (nothing is placed
        // on it: the scheduler leaves it out).
        Cluster read = hub.clusters().current(cluster);
        if (!read.isValid()) {
            ClusterStatus next =
                    cluster.getStatus() == null ? new ClusterStatus() : cluster.getStatus();
            InvalidObjects.report(read, next.getConditions(), events, now);
            return write(cluster, next);
        }
        // Observe: connect and probe when a probe is due; a change of the cluster's pools or
        // zones only recomputes the status from the last probe (a burst of pool changes must
        // not become a burst of probes and stale-copy sweeps).
        Instant lastProbe = lastProbeTime(cluster);
        boolean due =
                lastProbe == null
                        || !now.isBefore(lastProbe.plus(settings.probeInterval()))
                        || !Objects.equals(
                                cluster.getMetadata().getGeneration(),
                                cluster.getStatus().getObservedGeneration())
                        || members.client(name).isEmpty();
        ClusterStatusAggregator.Probe probe =
                due ? probe(cluster, now) : ClusterStatusAggregator.lastProbe(cluster.getStatus());
        if (probe == null) {
            probe = probe(cluster, now);
            due = true;
        }
        // Status.
        if (due) {
            announce(cluster, probe);
            metrics.clusterReachable(name, probe.reachable());
        }
        ClusterStatus desired =
                ClusterStatusAggregator.desired(
                        cluster,
                        cluster.getStatus(),
                        Memberships.of(hub.zones().list(), List.of(cluster)).zonesOf(name),
                        hub.pools().list(),
                        probe,
                        due ? now : lastProbe,
                        now);
        ReconcileErrors.clear(desired.getConditions());
        Conditions.remove(desired.getConditions(), Conditions.VALID);
        tls(cluster, desired, now);
        // Power Locus placed here, against the budget (counted by the engine's one rule).
        PowerUse power = sharing.powerInUse(now).get(name);
        desired.setPower(power == null ? null : EnergyMapping.status(power));
        metrics.clusterPower(
                name,
                power == null ? 0 : power.usedKilowatts(),
                power == null ? null : power.budgetKilowatts());
        Duration untilNextProbe =
                due
                        ? settings.probeInterval()
                        : Duration.between(now, lastProbe.plus(settings.probeInterval()));
        return write(cluster, desired)
                .rescheduleAfter(untilNextProbe.isNegative() ? Duration.ZERO : untilNextProbe);
    }

    /** Connects, probes, watches the member, and removes what no longer belongs there. */
    private ClusterStatusAggregator.Probe probe(Cluster cluster, Instant now) {
        String name = cluster.getMetadata().getName();
        try {
            KubernetesClient client = members.connect(cluster);
            var result = ClusterProbe.probe(client);
            if (result.reachable()) {
                watches.ensure(name, client);
                collectStaleCopies(cluster, client, now);
            }
            return new ClusterStatusAggregator.Probe(
                    result.reachable(),
                    result.kubernetesVersion(),
                    result.reason(),
                    result.message());
        } catch (MemberConnectionException e) {
            return new ClusterStatusAggregator.Probe(false, null, e.reason(), e.getMessage());
        }
    }

    private static Instant lastProbeTime(Cluster cluster) {
        String time = cluster.getStatus() == null ? null : cluster.getStatus().getLastProbeTime();
        if (time == null) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public ErrorStatusUpdateControl<Cluster> updateErrorStatus(
            Cluster cluster, Context<Cluster> context, Exception e) {
        ClusterStatus next =
                cluster.getStatus() == null ? new ClusterStatus() : cluster.getStatus();
        ReconcileErrors.record(next.getConditions(), cluster, e, clock.instant());
        cluster.setStatus(next);
        return ErrorStatusUpdateControl.patchStatus(cluster);
    }

    /** Says, on a member reached without checking its certificate, that it is. */
    private void tls(Cluster cluster, ClusterStatus desired, Instant now) {
        Long generation = cluster.getMetadata().getGeneration();
        var conditions = desired.getConditions();
        switch (members.tls(cluster.getMetadata().getName()).orElse(MemberClients.Tls.VERIFIED)) {
            case INSECURE_ACCEPTED ->
                    Conditions.set(
                            conditions,
                            ClusterStatus.TLS_VERIFIED,
                            false,
                            "InsecureSkipTLSVerify",
                            "the member API server's certificate is not checked"
                                    + " (spec.connection.insecureSkipTLSVerify: true)",
                            generation,
                            now);
            case PLAIN_HTTP ->
                    Conditions.set(
                            conditions,
                            ClusterStatus.TLS_VERIFIED,
                            false,
                            "PlainHTTP",
                            "the member API server is reached over plain HTTP",
                            generation,
                            now);
            case VERIFIED -> {
                if (cluster.getSpec().getConnection() != null
                        && !cluster.getSpec().getConnection().targetsHub()) {
                    Conditions.set(
                            conditions,
                            ClusterStatus.TLS_VERIFIED,
                            true,
                            "Verified",
                            "the member API server's certificate is checked",
                            generation,
                            now);
                } else {
                    Conditions.remove(conditions, ClusterStatus.TLS_VERIFIED);
                }
            }
        }
    }

    private void collectStaleCopies(Cluster cluster, KubernetesClient client, Instant now) {
        if (!hub.isSynced()) {
            return; // an unknown workload may just not be in the cache yet
        }
        String name = cluster.getMetadata().getName();
        List<HasMetadata> remote = new ArrayList<>();
        remote.addAll(watches.jobs(name));
        remote.addAll(watches.deployments(name));
        var removed = StaleCopies.collect(name, client, remote, hub::workload, now);
        if (!removed.isEmpty()) {
            events.normal(cluster, "StaleCopiesRemoved", "removed " + String.join(", ", removed));
        }
    }

    private void announce(Cluster cluster, ClusterStatusAggregator.Probe probe) {
        boolean wasReady =
                cluster.getStatus() != null
                        && Conditions.isTrue(
                                cluster.getStatus().getConditions(), ClusterStatus.READY);
        if (wasReady && !probe.reachable()) {
            events.warning(cluster, "ClusterNotReady", probe.message());
        } else if (!wasReady && probe.reachable()) {
            events.normal(cluster, "ClusterReady", probe.message());
        } else if (!probe.reachable() && cluster.getStatus() == null) {
            events.warning(cluster, probe.reason(), probe.message());
        }
    }

    private static UpdateControl<Cluster> write(Cluster cluster, ClusterStatus desired) {
        if (Statuses.same(cluster.getStatus(), desired)) {
            return UpdateControl.noUpdate();
        }
        cluster.setStatus(desired);
        return UpdateControl.patchStatus(cluster);
    }

    private List<String> clusterNames() {
        return hub.clusters().list().stream().map(c -> c.getMetadata().getName()).toList();
    }

    private static Set<String> clusterOf(GPUPool pool) {
        return pool.getSpec() == null || pool.getSpec().getCluster() == null
                ? Set.of()
                : Set.of(pool.getSpec().getCluster());
    }
}
