package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** When a workload leaves a cluster that stopped being Ready. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class FailoverSpec {

    /** How long a cluster may stay not Ready before its workloads move, when not set. */
    public static final int DEFAULT_TOLERATION_SECONDS = 300;

    @JsonPropertyDescription(
            "Seconds a cluster may stay not Ready before the workload is moved to the next"
                    + " compliant pool.")
    @Default("300")
    @Min(0)
    @Max(31536000)
    private Integer tolerationSeconds;

    public Integer getTolerationSeconds() {
        return tolerationSeconds;
    }

    public void setTolerationSeconds(Integer tolerationSeconds) {
        this.tolerationSeconds = tolerationSeconds;
    }
}
