package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** A measured link from this cluster to another one; links count in both directions. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class Interconnect {

    @JsonPropertyDescription("Name of the Cluster at the other end of the link.")
    @Required
    private String cluster;

    @JsonPropertyDescription(
            "Measured round-trip latency in milliseconds. When both ends declare the link, the"
                    + " lower value counts.")
    @Required
    @Min(0)
    private Double latencyMs;

    @JsonPropertyDescription("Link bandwidth in Gbit/s (informational).")
    @Min(0)
    private Double bandwidthGbps;

    public Interconnect() {}

    public Interconnect(String cluster, Double latencyMs, Double bandwidthGbps) {
        this.cluster = cluster;
        this.latencyMs = latencyMs;
        this.bandwidthGbps = bandwidthGbps;
    }

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = cluster;
    }

    public Double getLatencyMs() {
        return latencyMs;
    }

    public void setLatencyMs(Double latencyMs) {
        this.latencyMs = latencyMs;
    }

    public Double getBandwidthGbps() {
        return bandwidthGbps;
    }

    public void setBandwidthGbps(Double bandwidthGbps) {
        this.bandwidthGbps = bandwidthGbps;
    }
}
