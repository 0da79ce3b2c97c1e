package dev.locus.dispatch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies rendered objects to a member cluster, idempotently: what is missing is created, what
 * Locus created for the same workload is adopted (and updated if it drifted), and an object of the
 * same name that Locus did not create for this workload is never touched.
 */
public final class RemoteApplier {

    /** What applying one object did. */
    public enum Outcome {
        CREATED,
        ADOPTED,
        UPDATED,
        CONFLICT
    }

    /** The outcome for one object. */
    public record Result(HasMetadata object, Outcome outcome) {
        public String describe() {
            return object.getKind()
                    + " "
                    + object.getMetadata().getNamespace()
                    + "/"
                    + object.getMetadata().getName();
        }
    }

    private RemoteApplier() {}

    /**
     * What Locus already knows of a member, so that applying need not ask it: the objects Locus
     * made there as the member's cache holds them, and the namespaces it made sure of.
     */
    public interface Known {
        /**
         * The object of this kind, namespace and name as the cache holds it: present, empty when
         * the cache knows it is not there, or null when the cache cannot say.
         */
        Optional<HasMetadata> cached(HasMetadata desired);

        /** True when the namespace is known to exist. */
        boolean hasNamespace(String namespace);

        /** Remembers that the namespace exists. */
        void namespaceExists(String namespace);

        /** Knows nothing: every object and namespace is read from the member. */
        Known NOTHING =
                new Known() {
                    @Override
                    public Optional<HasMetadata> cached(HasMetadata desired) {
                        return null;
                    }

                    @Override
                    public boolean hasNamespace(String namespace) {
                        return false;
                    }

                    @Override
                    public void namespaceExists(String namespace) {}
                };
    }

    /** Applies every object; stops at nothing, so one conflict does not hide the others. */
    public static List<Result> apply(
            KubernetesClient client, RemoteObjects remote, String workloadUid) {
        return apply(client, remote, workloadUid, Known.NOTHING, Map.of());
    }

    /**
     * Applies every object, reading what the member's cache already knows instead of asking the
     * member; a namespace Locus creates gets {@code namespaceLabels} (Pod Security Admission).
     */
    public static List<Result> apply(
            KubernetesClient client,
            RemoteObjects remote,
            String workloadUid,
            Known known,
            Map<String, String> namespaceLabels) {
        if (!known.hasNamespace(remote.namespace())) {
            ensureNamespace(client, remote.namespace(), namespaceLabels);
            known.namespaceExists(remote.namespace());
        }
        List<Result> results = new ArrayList<>();
        for (HasMetadata desired : remote.objects()) {
            results.add(applyOne(client, stamped(desired), workloadUid, known));
        }
        return results;
    }

    /**
     * Deletes the objects if (and only if) Locus created them for this workload.
     *
     * @throws KubernetesClientException when the member cannot be reached
     */
    public static void delete(KubernetesClient client, RemoteObjects remote, String workloadUid) {
        for (HasMetadata desired : remote.objects()) {
            HasMetadata existing = client.resource(desired).get();
            if (existing != null && RemoteLabels.ownedBy(existing, workloadUid)) {
                client.resource(existing)
                        .withPropagationPolicy(
                                io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
                        .delete();
            }
        }
    }

    private static Result applyOne(
            KubernetesClient client, HasMetadata desired, String uid, Known known) {
        Optional<HasMetadata> cached = known.cached(desired);
        HasMetadata existing =
                cached == null ? client.resource(desired).get() : cached.orElse(null);
        if (existing == null) {
            try {
                client.resource(desired).create();
                return new Result(desired, Outcome.CREATED);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                existing = client.resource(desired).get(); // created meanwhile: look again
                if (existing == null) {
                    throw e;
                }
            }
        }
        if (!RemoteLabels.ownedBy(existing, uid)) {
            return new Result(existing, Outcome.CONFLICT);
        }
        String want = desired.getMetadata().getAnnotations().get(RemoteLabels.SPEC_HASH);
        Map<String, String> annotations = existing.getMetadata().getAnnotations();
        String have = annotations == null ? null : annotations.get(RemoteLabels.SPEC_HASH);
        if (want.equals(have) || existing instanceof Job) {
            // A Job's pod template cannot change once created: it runs as it was dispatched.
            return new Result(existing, Outcome.ADOPTED);
        }
        desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        try {
            client.resource(desired).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 || cached == null) {
                throw e;
            }
            // The cache was behind: apply against the member's own view of it.
            return applyOne(client, desired, uid, Known.NOTHING);
        }
        return new Result(desired, Outcome.UPDATED);
    }

    /** A copy carrying the hash of what was rendered, to tell drift from no change. */
    private static HasMetadata stamped(HasMetadata desired) {
        HasMetadata copy = Serialization.clone(desired);
        Map<String, String> annotations =
                copy.getMetadata().getAnnotations() == null
                        ? new HashMap<>()
                        : new HashMap<>(copy.getMetadata().getAnnotations());
        annotations.remove(RemoteLabels.SPEC_HASH);
        copy.getMetadata().setAnnotations(annotations);
        annotations.put(
                RemoteLabels.SPEC_HASH, Names.hash(Serialization.asJson(copy)).substring(0, 16));
        return copy;
    }

    private static void ensureNamespace(
            KubernetesClient client, String namespace, Map<String, String> labels) {
        if (client.namespaces().withName(namespace).get() != null) {
            return;
        }
        try {
            client.namespaces()
                    .resource(
                            new NamespaceBuilder()
                                    .withNewMetadata()
                                    .withName(namespace)
                                    .addToLabels(labels)
                                    .addToLabels(RemoteLabels.MANAGED_BY, RemoteLabels.MANAGER)
                                    .endMetadata()
                                    .build())
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }
}
