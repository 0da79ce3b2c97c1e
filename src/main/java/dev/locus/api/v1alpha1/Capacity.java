package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Accelerator counts of a pool, or summed over a cluster or zone. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Capacity {

    @JsonPropertyDescription("Accelerators installed on the pool's nodes, Ready or not.")
    @Min(0)
    private Integer total;

    @JsonPropertyDescription(
            "Accelerators on Ready, schedulable nodes (or spec.capacity when the nodes cannot be"
                    + " seen).")
    @Min(0)
    private Integer allocatable;

    @JsonPropertyDescription(
            "Accelerators reserved by Locus workloads plus those requested by other pods on the"
                    + " pool's nodes.")
    @Min(0)
    private Integer allocated;

    @JsonPropertyDescription("allocatable - allocated, never negative: what Locus may still place.")
    @Min(0)
    private Integer available;

    @JsonPropertyDescription("Of allocated: accelerators reserved by placed Locus workloads.")
    @Min(0)
    private Integer reservedByLocus;

    @JsonPropertyDescription(
            "Of allocated: accelerators requested by running pods that Locus did not create.")
    @Min(0)
    private Integer usedByOthers;

    public Capacity() {}

    public Capacity(Integer total, Integer allocatable, Integer allocated, Integer available) {
        this.total = total;
        this.allocatable = allocatable;
        this.allocated = allocated;
        this.available = available;
    }

    public Integer getTotal() {
        return total;
    }

    public void setTotal(Integer total) {
        this.total = total;
    }

    public Integer getAllocatable() {
        return allocatable;
    }

    public void setAllocatable(Integer allocatable) {
        this.allocatable = allocatable;
    }

    public Integer getAllocated() {
        return allocated;
    }

    public void setAllocated(Integer allocated) {
        this.allocated = allocated;
    }

    public Integer getReservedByLocus() {
        return reservedByLocus;
    }

    public void setReservedByLocus(Integer reservedByLocus) {
        this.reservedByLocus = reservedByLocus;
    }

    public Integer getUsedByOthers() {
        return usedByOthers;
    }

    public void setUsedByOthers(Integer usedByOthers) {
        this.usedByOthers = usedByOthers;
    }

    public Integer getAvailable() {
        return available;
    }

    public void setAvailable(Integer available) {
        this.available = available;
    }
}
