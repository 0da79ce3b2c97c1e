package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Desired state of a TrainingJob: a gang of workers x acceleratorsPerWorker. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonClassDescription("The data, hardware, placement preferences and pod template of the job.")
public class TrainingJobSpec extends WorkloadSpec {

    @JsonPropertyDescription(
            "Number of workers (pods). All workers x acceleratorsPerWorker go to one pool or none.")
    @Default("1")
    @Min(1)
    @Max(100000)
    private Integer workers;

    @JsonPropertyDescription("Accelerators each worker requests.")
    @Default("1")
    @Min(1)
    @Max(1024)
    private Integer acceleratorsPerWorker;

    @JsonPropertyDescription(
            "Deadline and estimated run time. With placement.optimizeFor carbon or cost, the job may"
                    + " wait (phase Deferred) for an hour whose forecast power is at least 10 %"
                    + " cleaner or cheaper, never past deadline - estimatedHours.")
    private Schedule schedule;

    public Schedule getSchedule() {
        return schedule;
    }

    public void setSchedule(Schedule schedule) {
        this.schedule = schedule;
    }

    public Integer getWorkers() {
        return workers;
    }

    public void setWorkers(Integer workers) {
        this.workers = workers;
    }

    public Integer getAcceleratorsPerWorker() {
        return acceleratorsPerWorker;
    }

    public void setAcceleratorsPerWorker(Integer acceleratorsPerWorker) {
        this.acceleratorsPerWorker = acceleratorsPerWorker;
    }
}
