package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** A FleetQuota's place in fair sharing. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class FairSharing {

    @JsonPropertyDescription(
            "The quota's fair share is accelerators held / weight: a quota of weight 2 may hold"
                    + " twice as much as one of weight 1 before it goes after it. Default 1.")
    @Default("1")
    @Min(value = 0, inclusive = false)
    @Max(1000000)
    private Double weight;

    public FairSharing() {}

    public FairSharing(Double weight) {
        this.weight = weight;
    }

    public Double getWeight() {
        return weight;
    }

    public void setWeight(Double weight) {
        this.weight = weight;
    }
}
