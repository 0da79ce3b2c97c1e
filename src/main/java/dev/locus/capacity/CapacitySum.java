package dev.locus.capacity;

import dev.locus.api.v1alpha1.Capacity;
import java.util.Collection;

/** Adds up capacities (a cluster's pools, a zone's pools); unknown parts count as zero. */
public final class CapacitySum {

    private CapacitySum() {}

    public static Capacity of(Collection<Capacity> parts) {
        int total = 0;
        int allocatable = 0;
        int allocated = 0;
        int available = 0;
        int reserved = 0;
        int others = 0;
        for (Capacity c : parts) {
            if (c == null) {
                continue;
            }
            total += n(c.getTotal());
            allocatable += n(c.getAllocatable());
            allocated += n(c.getAllocated());
            available += n(c.getAvailable());
            reserved += n(c.getReservedByLocus());
            others += n(c.getUsedByOthers());
        }
        Capacity sum = new Capacity(total, allocatable, allocated, available);
        sum.setReservedByLocus(reserved);
        sum.setUsedByOthers(others);
        return sum;
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
    }
}
