package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the placed workloads of a FleetQuota hold against one of its limits. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class QuotaUsed {

    @JsonPropertyDescription("The limit's zone, if it names one.")
    private String zone;

    @JsonPropertyDescription("The limit's models, if it names any.")
    private List<String> models = new ArrayList<>();

    @JsonPropertyDescription("Accelerators held by placed workloads that match the limit.")
    private Integer accelerators;

    @JsonPropertyDescription(
            "Of those, accelerators beyond the limit's own, borrowed from the cohort.")
    private Integer borrowed;

    public String getZone() {
        return zone;
    }

    public void setZone(String zone) {
        this.zone = zone;
    }

    public List<String> getModels() {
        return models;
    }

    public void setModels(List<String> models) {
        this.models = models;
    }

    public Integer getAccelerators() {
        return accelerators;
    }

    public void setAccelerators(Integer accelerators) {
        this.accelerators = accelerators;
    }

    public Integer getBorrowed() {
        return borrowed;
    }

    public void setBorrowed(Integer borrowed) {
        this.borrowed = borrowed;
    }
}
