package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Why a TrainingJob waits, and what waiting gains. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class DeferralStatus {

    @JsonPropertyDescription("When the job was first deferred (RFC 3339).")
    private String deferredAt;

    @JsonPropertyDescription("The cluster the later start was evaluated on.")
    private String cluster;

    @JsonPropertyDescription(
            "The run's average carbon intensity had it started when first deferred.")
    @Min(0)
    private Double carbonIntensityNowGramsPerKwh;

    @JsonPropertyDescription(
            "The run's average carbon intensity starting at startAfter, as forecast.")
    @Min(0)
    private Double carbonIntensityLaterGramsPerKwh;

    public String getDeferredAt() {
        return deferredAt;
    }

    public void setDeferredAt(String deferredAt) {
        this.deferredAt = deferredAt;
    }

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = cluster;
    }

    public Double getCarbonIntensityNowGramsPerKwh() {
        return carbonIntensityNowGramsPerKwh;
    }

    public void setCarbonIntensityNowGramsPerKwh(Double carbonIntensityNowGramsPerKwh) {
        this.carbonIntensityNowGramsPerKwh = carbonIntensityNowGramsPerKwh;
    }

    public Double getCarbonIntensityLaterGramsPerKwh() {
        return carbonIntensityLaterGramsPerKwh;
    }

    public void setCarbonIntensityLaterGramsPerKwh(Double carbonIntensityLaterGramsPerKwh) {
        this.carbonIntensityLaterGramsPerKwh = carbonIntensityLaterGramsPerKwh;
    }
}
