package dev.locus.placement;

/** A declared interconnect from one cluster to another, with its measured round trip. */
public record Link(String to, double latencyMs) {}
