package dev.locus.fleet;

/** Something Locus created in a member cluster changed: which hub workload it belongs to. */
public record RemoteChange(String cluster, String kind, String namespace, String name) {}
