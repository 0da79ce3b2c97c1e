package dev.locus.dispatch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/** Labels on every remote object, tying it to the hub workload it was created for. */
public final class RemoteLabels {

    public static final String WORKLOAD = "locus.dev/workload";
    public static final String WORKLOAD_NAMESPACE = "locus.dev/workload-namespace";
    public static final String WORKLOAD_UID = "locus.dev/workload-uid";
    public static final String WORKLOAD_KIND = "locus.dev/workload-kind";
    public static final String POOL = "locus.dev/pool";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "locus";

    /** Annotation with a hash of what Locus rendered, so an unchanged object is not rewritten. */
    public static final String SPEC_HASH = "locus.dev/spec-hash";

    private RemoteLabels() {}

    /** The labels that identify the remote objects of one workload. */
    public static Map<String, String> of(HasMetadata workload) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(WORKLOAD, workload.getMetadata().getName());
        labels.put(WORKLOAD_NAMESPACE, workload.getMetadata().getNamespace());
        labels.put(WORKLOAD_UID, workload.getMetadata().getUid());
        labels.put(WORKLOAD_KIND, workload.getKind());
        labels.put(MANAGED_BY, MANAGER);
        return labels;
    }

    /** True when a remote object was created by Locus for the workload with this uid. */
    public static boolean ownedBy(HasMetadata remote, String workloadUid) {
        Map<String, String> labels = remote.getMetadata().getLabels();
        return labels != null
                && workloadUid != null
                && workloadUid.equals(labels.get(WORKLOAD_UID));
    }
}
