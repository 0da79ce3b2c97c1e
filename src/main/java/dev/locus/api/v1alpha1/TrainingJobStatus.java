package dev.locus.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Observed state of a TrainingJob. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonClassDescription(
        "Where the job was placed and why, or why it cannot be placed; its progress in the member cluster.")
public class TrainingJobStatus extends WorkloadStatus {}
