package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** The data a workload processes: how sensitive it is, whose law governs it, where it lives. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = Rules.ZONE_UNLESS_PUBLIC, message = Rules.ZONE_UNLESS_PUBLIC_MESSAGE)
public class DataSpec {

    @JsonPropertyDescription(
            "Sensitivity of the data: public, internal, confidential or personal. Anything but"
                    + " public requires zone.")
    @Required
    private Classification classification;

    @JsonPropertyDescription(
            "Name of the SovereigntyZone whose law governs the data. A zone that does not exist"
                    + " makes the workload Unschedulable (UnknownSovereigntyZone).")
    private String zone;

    @JsonPropertyDescription(
            "Where the data lives: a cluster, or a country and coordinates. Latency is measured"
                    + " from here.")
    private DataOrigin origin;

    public Classification getClassification() {
        return classification;
    }

    public void setClassification(Classification classification) {
        this.classification = classification;
    }

    public String getZone() {
        return zone;
    }

    public void setZone(String zone) {
        this.zone = zone;
    }

    public DataOrigin getOrigin() {
        return origin;
    }

    public void setOrigin(DataOrigin origin) {
        this.origin = origin;
    }
}
