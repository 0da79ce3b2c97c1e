package dev.locus.placement;

/** Where some of an endpoint's users are, with their share of the traffic. */
public record UserRegion(String name, Origin origin, int weight) {}
