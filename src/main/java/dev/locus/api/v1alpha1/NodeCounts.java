package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How many of a pool's nodes exist and how many are Ready. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class NodeCounts {

    @JsonPropertyDescription("Nodes matching the pool's nodeSelector.")
    private Integer total;

    @JsonPropertyDescription("Of those, nodes that are Ready and schedulable.")
    private Integer ready;

    public NodeCounts() {}

    public NodeCounts(Integer total, Integer ready) {
        this.total = total;
        this.ready = ready;
    }

    public Integer getTotal() {
        return total;
    }

    public void setTotal(Integer total) {
        this.total = total;
    }

    public Integer getReady() {
        return ready;
    }

    public void setReady(Integer ready) {
        this.ready = ready;
    }
}
