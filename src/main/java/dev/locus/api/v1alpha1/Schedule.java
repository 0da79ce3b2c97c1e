package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * When a TrainingJob must be done and how long it runs: what lets it wait for cleaner or cheaper
 * power.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Schedule {

    @JsonPropertyDescription(
            "The run must end by then (RFC 3339). With optimizeFor carbon or cost, Locus may defer the start to a cleaner or cheaper hour, never later than deadline - estimatedHours.")
    @Required
    @Pattern(Rules.RFC3339)
    private String deadline;

    @JsonPropertyDescription("How long the run takes, in hours.")
    @Required
    @Min(0)
    @Max(8760)
    private Double estimatedHours;

    public String getDeadline() {
        return deadline;
    }

    public void setDeadline(String deadline) {
        this.deadline = deadline;
    }

    public Double getEstimatedHours() {
        return estimatedHours;
    }

    public void setEstimatedHours(Double estimatedHours) {
        this.estimatedHours = estimatedHours;
    }
}
