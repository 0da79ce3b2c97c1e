package dev.locus.scheduling;

import dev.locus.api.v1alpha1.Conditions;
import dev.locus.api.v1alpha1.Statuses;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.WorkloadStatus;
import dev.locus.api.v1alpha1.Workloads;
import dev.locus.hub.EventRecorder;
import dev.locus.placement.Decision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The one writer of a workload's status (placement, phase, candidates, message, conditions): the
 * scheduler's decisions and relocations, and what dispatching found. Every write is a PUT of the
 * status subresource against the resourceVersion it was computed from; on a conflict it is computed
 * again on the latest version, if that is still the spec and the state the change applies to.
 * Scheduling writes run on a bounded pool of threads; dispatch reports on the caller's.
 */
public final class DecisionWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DecisionWriter.class);

    /** Attempts of one write before it is given up (the next pass or reconcile tries again). */
    static final int ATTEMPTS = 3;

    /** Whether a status write took effect. */
    public enum Written {
        /** Written. */
        YES,
        /** Nothing to write: the status already says it. */
        UNCHANGED,
        /** Not written: the object is gone, or changed so the change no longer applies. */
        NO,
        /** No answer (a timeout, say): it may or may not have been written. */
        UNKNOWN
    }

    private final KubernetesClient hub;
    private final ReservationLedger ledger;
    private final EventRecorder events;
    private final ExecutorService writers;
    private final List<java.util.function.Consumer<WorkloadResource>> preemptionListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param concurrency how many scheduling writes may be in flight at once
     */
    public DecisionWriter(
            KubernetesClient hub, ReservationLedger ledger, EventRecorder events, int concurrency) {
        this.hub = hub;
        this.ledger = ledger;
        this.events = events;
        AtomicInteger count = new AtomicInteger();
        this.writers =
                new ThreadPoolExecutor(
                        concurrency,
                        concurrency,
                        30,
                        TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(),
                        r -> {
                            Thread t = new Thread(r, "locus-writer-" + count.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        ((ThreadPoolExecutor) writers).allowCoreThreadTimeOut(true);
    }

    /**
     * Writes a scheduling decision: Placed with its placement (remembered in the ledger before the
     * write goes out), or Unschedulable with the reasons.
     */
    public CompletableFuture<Written> decide(WorkloadResource w, Decision d, Instant now) {
        long generation = Workloads.generation(w);
        UnaryOperator<WorkloadStatus> change = s -> DecisionStatus.apply(s, d, generation, now);
        WorkloadStatus next = change.apply(Workloads.copyOfStatus(w));
        if (!d.placed() && Statuses.same(w.getStatus(), next)) {
            // Still Unschedulable for the same reasons: nothing to write.
            return CompletableFuture.completedFuture(Written.UNCHANGED);
        }
        String uid = w.getMetadata().getUid();
        if (d.placed()) {
            ledger.wrote(
                    uid,
                    next.getPlacement().getDecidedAt(),
                    next.getPlacement().getAssignments(),
                    now);
        }
        return submit(
                () -> {
                    Written written = write(w, change, Workloads::awaitsDecision);
                    if (written == Written.NO && d.placed()) {
                        ledger.forget(uid);
                    }
                    if (written == Written.YES) {
                        if (d.placed()) {
                            events.normal(w, "Placed", d.policy());
                        } else if (d.isDeferred()) {
                            events.normal(w, d.reason().code(), d.message());
                        } else {
                            events.warning(w, d.reason().code(), d.message());
                        }
                    }
                    return written;
                });
    }

    /**
     * Writes a placement that takes the place of {@code victims}: each victim first goes back to
     * Pending (condition Preempted naming the preemptor), then the preemptor is placed. The victims
     * keep their holds in the ledger until the cache shows them released, and the preemptor's
     * counts from now, so no pool is over-booked meanwhile. If a victim cannot be written (it
     * changed, or went), the preemptor is not placed and the next pass decides again.
     */
    public CompletableFuture<Written> preempt(
            WorkloadResource w, Decision d, List<WorkloadResource> victims, Instant now) {
        long generation = Workloads.generation(w);
        UnaryOperator<WorkloadStatus> change = s -> DecisionStatus.apply(s, d, generation, now);
        WorkloadStatus next = change.apply(Workloads.copyOfStatus(w));
        String uid = w.getMetadata().getUid();
        ledger.wrote(
                uid, next.getPlacement().getDecidedAt(), next.getPlacement().getAssignments(), now);
        String preemptor = Workloads.key(w) + " (priority " + d.workload().priority() + ")";
        return submit(
                () -> {
                    for (WorkloadResource victim : victims) {
                        Written v = preemptOne(victim, preemptor, now);
                        if (v != Written.YES && v != Written.UNCHANGED) {
                            ledger.forget(uid);
                            return Written.NO;
                        }
                    }
                    Written written = write(w, change, Workloads::awaitsDecision);
                    if (written == Written.NO) {
                        ledger.forget(uid);
                    }
                    if (written == Written.YES) {
                        events.normal(w, "Placed", d.policy());
                        events.normal(
                                w,
                                "Preempting",
                                "took the place of "
                                        + String.join(
                                                ", ",
                                                victims.stream().map(Workloads::key).toList()));
                    }
                    return written;
                });
    }

    /**
     * Sends one placed workload back to Pending, if it still holds the placement it was chosen in.
     */
    private Written preemptOne(WorkloadResource victim, String preemptor, Instant now) {
        String decidedAt =
                victim.getStatus() == null || victim.getStatus().getPlacement() == null
                        ? null
                        : victim.getStatus().getPlacement().getDecidedAt();
        if (decidedAt == null) {
            return Written.NO;
        }
        long generation = Workloads.generation(victim);
        UnaryOperator<WorkloadStatus> change =
                s -> DecisionStatus.preempted(s, preemptor, generation, now);
        Written written =
                write(
                        victim,
                        change,
                        latest ->
                                Workloads.holdsReservation(latest)
                                        && decidedAt.equals(
                                                latest.getStatus().getPlacement().getDecidedAt()));
        if (written == Written.YES) {
            events.warning(victim, DecisionStatus.PREEMPTED, messageOf(change, victim));
            preemptionListeners.forEach(l -> l.accept(victim));
        }
        return written;
    }

    /** Called with each workload preempted, after its status was written. */
    public void onPreemption(java.util.function.Consumer<WorkloadResource> listener) {
        preemptionListeners.add(listener);
    }

    /**
     * Writes the outcome of deciding again a workload that must leave some clusters. Placed: the
     * new placement replaces the old. Not placed after a failover: it stays, saying why it cannot
     * move. Not placed when its data may no longer stay: it is withdrawn.
     */
    public CompletableFuture<Written> relocate(
            WorkloadResource w, Decision d, Relocations.Move move, Instant now) {
        long generation = Workloads.generation(w);
        String uid = w.getMetadata().getUid();
        UnaryOperator<WorkloadStatus> change;
        if (d.placed()) {
            change = s -> DecisionStatus.moved(s, d, move, generation, now);
            WorkloadStatus next = change.apply(Workloads.copyOfStatus(w));
            ledger.wrote(
                    uid,
                    next.getPlacement().getDecidedAt(),
                    next.getPlacement().getAssignments(),
                    now);
        } else if (move.outsideZone()) {
            change = s -> DecisionStatus.withdrawn(s, d, move, generation, now);
        } else {
            change = s -> DecisionStatus.failoverPending(s, d, move);
        }
        return submit(
                () -> {
                    Written written = write(w, change, Workloads::holdsReservation);
                    if (written == Written.NO && d.placed()) {
                        ledger.forget(uid);
                    }
                    if (written == Written.YES) {
                        if (d.placed() || move.outsideZone()) {
                            events.warning(w, move.reason(), messageOf(change, w));
                        } else {
                            events.warning(w, "FailoverPending", messageOf(change, w));
                        }
                    }
                    return written;
                });
    }

    /**
     * Writes what dispatching a placed workload found, on the caller's thread. A report about a
     * placement the workload no longer has is dropped.
     */
    public Written dispatched(WorkloadResource w, DispatchReport report, Instant now) {
        long generation = Workloads.generation(w);
        Predicate<WorkloadResource> samePlacement =
                latest ->
                        Workloads.holdsReservation(latest)
                                && java.util.Objects.equals(
                                        latest.getStatus().getPlacement().getDecidedAt(),
                                        report.placementDecidedAt());
        if (!samePlacement.test(w)) {
            return Written.NO;
        }
        WorkloadStatus before = w.getStatus();
        UnaryOperator<WorkloadStatus> change =
                s -> DecisionStatus.dispatched(s, report, generation, now);
        Written written = write(w, change, samePlacement);
        if (written == Written.YES) {
            WorkloadStatus after = change.apply(Workloads.copyOfStatus(w));
            boolean was = Conditions.isTrue(before.getConditions(), WorkloadStatus.DISPATCHED);
            if (report.dispatched() && !was) {
                events.normal(w, "Dispatched", report.message());
            }
            if (after.getPhase() != before.getPhase()
                    && after.getPhase() == WorkloadPhase.SUCCEEDED) {
                events.normal(w, "Succeeded", after.getMessage());
            } else if (after.getPhase() != before.getPhase()
                    && after.getPhase() == WorkloadPhase.FAILED) {
                events.warning(w, "Failed", after.getMessage());
            }
        }
        return written;
    }

    /**
     * Says on a workload that it cannot be acted on ({@code Valid=False}, reason InvalidSpec, the
     * field paths and rules), on the caller's thread. A merge patch of the status only, so a spec
     * the operator could not read is never written back.
     */
    public Written invalid(WorkloadResource w, Instant now) {
        java.util.List<String> problems = Workloads.problems(w);
        boolean statusReadable = problems.stream().noneMatch(p -> p.startsWith("status"));
        WorkloadStatus next = statusReadable ? Workloads.copyOfStatus(w) : w.newStatus();
        Conditions.invalid(next.getConditions(), problems, w.getMetadata().getGeneration(), now);
        next.setMessage("invalid spec, not scheduled: " + String.join("; ", problems));
        if (statusReadable && Statuses.same(w.getStatus(), next)) {
            return Written.UNCHANGED;
        }
        try {
            hub.resources(w.getClass())
                    .inNamespace(w.getMetadata().getNamespace())
                    .withName(w.getMetadata().getName())
                    .subresource("status")
                    .patch(
                            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                    io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                            io.fabric8.kubernetes.client.utils.Serialization.asJson(
                                    java.util.Map.of("status", next)));
        } catch (KubernetesClientException e) {
            return e.getCode() == 0 ? Written.UNKNOWN : Written.NO;
        }
        events.warning(w, Conditions.INVALID_SPEC, String.join("; ", problems));
        return Written.YES;
    }

    /** Waits for writes already submitted; for a pass that must finish its writes first. */
    public static void awaitAll(List<CompletableFuture<Written>> writes) {
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }

    @Override
    public void close() {
        writers.shutdownNow();
    }

    private CompletableFuture<Written> submit(java.util.function.Supplier<Written> write) {
        try {
            return CompletableFuture.supplyAsync(write, writers);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Written.UNKNOWN);
        }
    }

    private static String messageOf(UnaryOperator<WorkloadStatus> change, WorkloadResource w) {
        return change.apply(Workloads.copyOfStatus(w)).getMessage();
    }

    /**
     * Writes {@code change} applied to the workload's status; on a conflict, applies it again to
     * the latest version if that has the same generation and still passes {@code stillApplies}.
     */
    private Written write(
            WorkloadResource w,
            UnaryOperator<WorkloadStatus> change,
            Predicate<WorkloadResource> stillApplies) {
        WorkloadResource base = w;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            WorkloadStatus next = change.apply(Workloads.copyOfStatus(base));
            if (Statuses.same(base.getStatus(), next)) {
                return Written.UNCHANGED;
            }
            boolean mayHaveHappened = false;
            try {
                hub.resource(base.withStatus(next)).updateStatus();
                return Written.YES;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return Written.NO; // deleted meanwhile
                }
                // No answer, or a server error: the write may have happened all the same. Reading
                // the object tells.
                mayHaveHappened = e.getCode() == 0 || e.getCode() >= 500;
                if (e.getCode() != 409 && !mayHaveHappened) {
                    LOG.warnf(
                            "Could not write the status of %s: %s",
                            Workloads.key(w), e.getMessage());
                    return Written.NO;
                }
            }
            WorkloadResource latest;
            try {
                latest = (WorkloadResource) hub.resource(w).get();
            } catch (KubernetesClientException e) {
                return e.getCode() == 0 || mayHaveHappened ? Written.UNKNOWN : Written.NO;
            }
            if (latest != null && Statuses.same(latest.getStatus(), next)) {
                // It was stored before the error: an API server can fail after storing, and the
                // client's own retry of that then conflicts with the write that landed.
                return Written.YES;
            }
            if (latest == null
                    || Workloads.generation(latest) != Workloads.generation(w)
                    || !stillApplies.test(latest)) {
                return Written.NO;
            }
            base = latest;
        }
        return Written.NO;
    }
}
