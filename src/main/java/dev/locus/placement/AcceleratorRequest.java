package dev.locus.placement;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What accelerators a workload accepts.
 *
 * @param type family in lower case, or null for any
 * @param models accepted models in lower case; empty accepts any
 * @param minMemoryGiB minimum memory per accelerator, or null
 */
public record AcceleratorRequest(String type, Set<String> models, Integer minMemoryGiB) {

    private static final AcceleratorRequest ANY = new AcceleratorRequest(null, Set.of(), null);

    public AcceleratorRequest {
        type = type == null ? null : type.toLowerCase(Locale.ROOT);
        models =
                models.stream()
                        .map(m -> m.toLowerCase(Locale.ROOT))
                        .collect(Collectors.toUnmodifiableSet());
    }

    /** Accepts every accelerator. */
    public static AcceleratorRequest any() {
        return ANY;
    }
}
