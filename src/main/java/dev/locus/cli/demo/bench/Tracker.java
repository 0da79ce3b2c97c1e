package dev.locus.cli.demo.bench;

import dev.locus.api.v1alpha1.Groups;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.api.v1alpha1.WorkloadStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the hub shows of the benchmark's workloads, as it happens: one informer per workload kind in
 * the benchmark's process (no polling) notes, for every workload of a {@link Run}, the first time
 * its status has a placement and the first time its Dispatched condition is True, and when it is
 * gone. Times are {@link System#nanoTime()}, as are the create times the load records. The
 * informers read generic objects: the two status fields are all they need, and reading the typed
 * ones (schema checks included) would take CPU from the operator on the same machine.
 */
final class Tracker implements AutoCloseable {

    /** One workload: when the client created it, and when the hub showed it placed, dispatched. */
    static final class Entry {
        final Run run;
        volatile long created;
        volatile long placed;
        volatile long dispatched;
        volatile boolean gone;

        Entry(Run run) {
            this.run = run;
        }
    }

    /** The workloads of one phase and latches that count them placed, dispatched and gone. */
    static final class Run {
        final String phase;
        final Map<String, Entry> entries = new ConcurrentHashMap<>();
        final CountDownLatch placed;
        final CountDownLatch dispatched;
        final CountDownLatch gone;

        Run(String phase, int size) {
            this.phase = phase;
            this.placed = new CountDownLatch(size);
            this.dispatched = new CountDownLatch(size);
            this.gone = new CountDownLatch(size);
        }

        int size() {
            return entries.size();
        }

        long placedCount() {
            return entries.size() - placed.getCount();
        }

        long dispatchedCount() {
            return entries.size() - dispatched.getCount();
        }

        long goneCount() {
            return entries.size() - gone.getCount();
        }

        void created(WorkloadResource w, long nanos) {
            entries.get(key(w)).created = nanos;
        }

        /**
         * Waits until every workload is placed, the time is up, or {@code going} turns false (the
         * operator ended); true if all were placed.
         */
        boolean awaitPlaced(long deadlineNanos, BooleanSupplier going) throws InterruptedException {
            return await(placed, deadlineNanos, going);
        }

        boolean awaitDispatched(long deadlineNanos, BooleanSupplier going)
                throws InterruptedException {
            return await(dispatched, deadlineNanos, going);
        }

        boolean awaitGone(long deadlineNanos, BooleanSupplier going) throws InterruptedException {
            return await(gone, deadlineNanos, going);
        }

        /**
         * Counts as gone every workload of the run that the hub no longer has ({@code present}: the
         * keys it listed): for a deletion whose watch event the informer never delivered.
         */
        void goneExcept(java.util.Set<String> present) {
            entries.forEach(
                    (key, e) -> {
                        if (!e.gone && !present.contains(key)) {
                            e.gone = true;
                            gone.countDown();
                        }
                    });
        }

        private static boolean await(CountDownLatch latch, long deadline, BooleanSupplier going)
                throws InterruptedException {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return latch.getCount() == 0;
                }
                if (latch.await(Math.min(left, 1_000_000_000L), TimeUnit.NANOSECONDS)) {
                    return true;
                }
                if (!going.getAsBoolean()) {
                    return latch.getCount() == 0;
                }
            }
        }

        /** Milliseconds from create to placed of the workloads placed so far. */
        List<Double> toPlacedMillis() {
            List<Double> out = new ArrayList<>();
            for (Entry e : entries.values()) {
                if (e.created != 0 && e.placed != 0) {
                    out.add((e.placed - e.created) / 1e6);
                }
            }
            return out;
        }

        List<Double> toDispatchedMillis() {
            List<Double> out = new ArrayList<>();
            for (Entry e : entries.values()) {
                if (e.created != 0 && e.dispatched != 0) {
                    out.add((e.dispatched - e.created) / 1e6);
                }
            }
            return out;
        }

        long lastPlaced() {
            return entries.values().stream().mapToLong(e -> e.placed).max().orElse(0);
        }

        long lastDispatched() {
            return entries.values().stream().mapToLong(e -> e.dispatched).max().orElse(0);
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    /** Starts the informers on the hub and waits for their first list. */
    Tracker(KubernetesClient hub, Duration timeout) {
        informers.add(inform(hub, "TrainingJob", timeout));
        informers.add(inform(hub, "InferenceEndpoint", timeout));
    }

    private SharedIndexInformer<GenericKubernetesResource> inform(
            KubernetesClient hub, String kind, Duration timeout) {
        SharedIndexInformer<GenericKubernetesResource> informer =
                hub.genericKubernetesResources(Groups.API_VERSION, kind)
                        .inAnyNamespace()
                        .runnableInformer(0);
        informer.addEventHandler(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource w) {
                        seen(w);
                    }

                    @Override
                    public void onUpdate(
                            GenericKubernetesResource before, GenericKubernetesResource after) {
                        seen(after);
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource w, boolean finalStateUnknown) {
                        Entry e = entries.get(key(w));
                        if (e != null && !e.gone) {
                            e.gone = true;
                            e.run.gone.countDown();
                        }
                    }
                });
        try {
            informer.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            informer.close();
            throw new IllegalStateException("the hub's " + kind + " informer did not start", e);
        }
        return informer;
    }

    /** Follows the given workloads (none of them applied yet) as one phase. */
    Run start(String phase, List<WorkloadResource> workloads) {
        Run run = new Run(phase, workloads.size());
        for (WorkloadResource w : workloads) {
            Entry e = new Entry(run);
            run.entries.put(key(w), e);
            entries.put(key(w), e);
        }
        return run;
    }

    /** Stops following a phase's workloads. */
    void forget(Run run) {
        run.entries.keySet().forEach(entries::remove);
    }

    private void seen(GenericKubernetesResource w) {
        Entry e = entries.get(key(w));
        if (e == null || !(w.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
            return;
        }
        long now = System.nanoTime();
        if (e.placed == 0 && status.get("placement") != null) {
            e.placed = now;
            e.run.placed.countDown();
        }
        if (e.dispatched == 0 && dispatched(status)) {
            if (e.placed == 0) {
                e.placed = now;
                e.run.placed.countDown();
            }
            e.dispatched = now;
            e.run.dispatched.countDown();
        }
    }

    /** The status's Dispatched condition is True. */
    static boolean dispatched(Map<?, ?> status) {
        if (status.get("conditions") instanceof List<?> conditions) {
            for (Object c : conditions) {
                if (c instanceof Map<?, ?> condition
                        && WorkloadStatus.DISPATCHED.equals(condition.get("type"))
                        && "True".equals(condition.get("status"))) {
                    return true;
                }
            }
        }
        return false;
    }

    static String key(HasMetadata w) {
        return w.getKind() + "/" + w.getMetadata().getNamespace() + "/" + w.getMetadata().getName();
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
