package dev.locus.placement;

import java.util.Set;

/**
 * A GPU pool: accelerators of one model in one cluster, and how many are free now.
 *
 * @param type accelerator family in lower case (gpu, tpu, ...)
 * @param memoryGiB memory per accelerator, or null when not declared
 * @param costPerAcceleratorHour price, or null when unknown
 * @param free accelerators Locus may still place on the pool
 * @param tier 0..9, the first ranking key: work spills to a higher tier only when no lower one fits
 * @param watts power of one accelerator under load, or null when not declared ({@link
 *     PowerBudget#DEFAULT_WATTS} is assumed)
 */
public record Pool(
        String name,
        String cluster,
        String type,
        String model,
        Integer memoryGiB,
        Set<String> features,
        Double costPerAcceleratorHour,
        int free,
        int tier,
        Double watts) {

    public Pool {
        features = Set.copyOf(features);
    }

    /** A pool without declared watts. */
    public Pool(
            String name,
            String cluster,
            String type,
            String model,
            Integer memoryGiB,
            Set<String> features,
            Double costPerAcceleratorHour,
            int free,
            int tier) {
        this(
                name,
                cluster,
                type,
                model,
                memoryGiB,
                features,
                costPerAcceleratorHour,
                free,
                tier,
                null);
    }

    /** A pool of tier 0. */
    public Pool(
            String name,
            String cluster,
            String type,
            String model,
            Integer memoryGiB,
            Set<String> features,
            Double costPerAcceleratorHour,
            int free) {
        this(name, cluster, type, model, memoryGiB, features, costPerAcceleratorHour, free, 0);
    }
}
