package dev.locus.it;

import dev.locus.api.v1alpha1.Assignment;
import dev.locus.api.v1alpha1.InferenceEndpoint;
import dev.locus.api.v1alpha1.TrainingJob;
import dev.locus.api.v1alpha1.WorkloadPhase;
import dev.locus.api.v1alpha1.WorkloadResource;
import dev.locus.dispatch.RemoteLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything that happened, as seen by watches on the API servers themselves (not through the
 * proxies): every version of every workload on the hub, and every Job, Deployment and Service in
 * every member. Invariants over the whole run are checked on this, not only on the end state.
 */
final class SoakHistory implements AutoCloseable {

    /** One version of a workload. */
    record WorkloadEvent(
            long seq,
            long rv,
            String action,
            String kind,
            String uid,
            String key,
            WorkloadPhase phase,
            boolean deleting,
            List<Assignment> assignments,
            String decidedAt,
            int restarts) {

        /** Holds accelerators: placed or running, not being deleted, with a placement. */
        boolean holds() {
            return !action.equals("DELETED")
                    && !deleting
                    && phase != null
                    && phase.holdsReservation()
                    && assignments != null;
        }
    }

    /** One version of a remote object in a member. */
    record RemoteEvent(
            long seq,
            String cluster,
            String action,
            String kind,
            String namespace,
            String name,
            String uid,
            String workloadUid) {}

    private final AtomicLong seq = new AtomicLong();
    private final List<WorkloadEvent> workloads = new ArrayList<>();
    private final List<RemoteEvent> remote = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<Watch> watches = new ArrayList<>();
    private volatile boolean closing;

    SoakHistory(KubernetesClient hub, Map<String, KubernetesClient> members) {
        watches.add(
                hub.resources(TrainingJob.class).inAnyNamespace().watch(workloadWatcher("hub")));
        watches.add(
                hub.resources(InferenceEndpoint.class)
                        .inAnyNamespace()
                        .watch(workloadWatcher("hub")));
        members.forEach(
                (cluster, client) -> {
                    watches.add(
                            client.batch()
                                    .v1()
                                    .jobs()
                                    .inAnyNamespace()
                                    .watch(remoteWatcher(cluster)));
                    watches.add(
                            client.apps()
                                    .deployments()
                                    .inAnyNamespace()
                                    .watch(remoteWatcher(cluster)));
                    watches.add(client.services().inAnyNamespace().watch(remoteWatcher(cluster)));
                });
    }

    /** Workload versions in the order the hub made them (by resourceVersion). */
    synchronized List<WorkloadEvent> workloads() {
        List<WorkloadEvent> out = new ArrayList<>(workloads);
        out.sort(Comparator.comparingLong(WorkloadEvent::rv).thenComparingLong(WorkloadEvent::seq));
        return out;
    }

    /** Remote object versions in the order they were seen. */
    synchronized List<RemoteEvent> remote() {
        return List.copyOf(remote);
    }

    /** Watches of the recorder that ended: the history may be incomplete. */
    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    synchronized int size() {
        return workloads.size() + remote.size();
    }

    /** Writes the history to a file, hub events in resourceVersion order, for post-mortems. */
    void write(java.nio.file.Path file) {
        StringBuilder out = new StringBuilder();
        for (WorkloadEvent e : workloads()) {
            out.append(
                    String.format(
                            "hub rv=%d seq=%d %s %s uid=%s phase=%s deleting=%s"
                                    + " decidedAt=%s restarts=%d pools=%s%n",
                            e.rv(),
                            e.seq(),
                            e.action(),
                            e.key(),
                            e.uid(),
                            e.phase(),
                            e.deleting(),
                            e.decidedAt(),
                            e.restarts(),
                            e.assignments() == null
                                    ? "-"
                                    : e.assignments().stream()
                                            .map(a -> a.getPool() + "=" + a.getAccelerators())
                                            .toList()));
        }
        for (RemoteEvent e : remote()) {
            out.append(
                    String.format(
                            "member seq=%d %s %s %s %s/%s uid=%s workload=%s%n",
                            e.seq(),
                            e.cluster(),
                            e.action(),
                            e.kind(),
                            e.namespace(),
                            e.name(),
                            e.uid(),
                            e.workloadUid()));
        }
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closing = true;
        watches.forEach(Watch::close);
    }

    private <T extends WorkloadResource> Watcher<T> workloadWatcher(String where) {
        return new Watcher<>() {
            private long lastRv;

            @Override
            public void eventReceived(Action action, T w) {
                long rv = rv(w);
                // A deletion may carry the object's last resourceVersion: it happened after
                // everything this watch saw before it.
                if (action == Action.DELETED) {
                    rv = Math.max(rv, lastRv);
                }
                lastRv = Math.max(lastRv, rv);
                var status = w.getStatus();
                var placement = status == null ? null : status.getPlacement();
                WorkloadEvent e =
                        new WorkloadEvent(
                                seq.incrementAndGet(),
                                rv,
                                action.name(),
                                w.getKind(),
                                w.getMetadata().getUid(),
                                w.getKind()
                                        + " "
                                        + w.getMetadata().getNamespace()
                                        + "/"
                                        + w.getMetadata().getName(),
                                status == null ? null : status.getPhase(),
                                w.getMetadata().getDeletionTimestamp() != null,
                                placement == null ? null : List.copyOf(placement.getAssignments()),
                                placement == null ? null : placement.getDecidedAt(),
                                status == null || status.getRestarts() == null
                                        ? 0
                                        : status.getRestarts());
                synchronized (SoakHistory.this) {
                    workloads.add(e);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                ended(where, cause);
            }
        };
    }

    private <T extends HasMetadata> Watcher<T> remoteWatcher(String cluster) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T o) {
                Map<String, String> labels = o.getMetadata().getLabels();
                RemoteEvent e =
                        new RemoteEvent(
                                seq.incrementAndGet(),
                                cluster,
                                action.name(),
                                o.getKind(),
                                o.getMetadata().getNamespace(),
                                o.getMetadata().getName(),
                                o.getMetadata().getUid(),
                                labels == null ? null : labels.get(RemoteLabels.WORKLOAD_UID));
                synchronized (SoakHistory.this) {
                    remote.add(e);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                ended(cluster, cause);
            }
        };
    }

    private synchronized void ended(String where, WatcherException cause) {
        if (!closing) {
            problems.add("the recorder's watch on " + where + " ended: " + cause.getMessage());
        }
    }

    private static long rv(HasMetadata o) {
        try {
            return Long.parseLong(o.getMetadata().getResourceVersion());
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
