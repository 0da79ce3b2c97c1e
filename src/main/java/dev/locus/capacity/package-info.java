/**
 * The status controller: GPUPool, Cluster and SovereigntyZone capacity from what the member
 * clusters' nodes and pods show, plus the reservations of placed workloads.
 */
package dev.locus.capacity;
