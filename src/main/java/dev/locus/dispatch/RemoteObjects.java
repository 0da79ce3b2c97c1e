package dev.locus.dispatch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** The objects one workload needs in one member cluster. */
public record RemoteObjects(String cluster, String namespace, List<HasMetadata> objects) {
    public RemoteObjects {
        objects = List.copyOf(objects);
    }
}
