package dev.locus.placement;

/** A pool that was not chosen for a workload, with the reason and its details. */
public record Candidate(String pool, String cluster, Reason reason, String message) {}
