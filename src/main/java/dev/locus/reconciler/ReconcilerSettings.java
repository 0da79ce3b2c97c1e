package dev.locus.reconciler;

import java.time.Duration;

/**
 * What the reconcilers need of the operator's settings.
 *
 * @param probeInterval how often member clusters are probed
 * @param resyncInterval how often a pool's capacity is recomputed with nothing else to trigger it
 */
public record ReconcilerSettings(Duration probeInterval, Duration resyncInterval) {}
