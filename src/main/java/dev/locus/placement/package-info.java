/**
 * The placement engine: pure Java, records in and decisions out. It knows zones, clusters (sites),
 * pools and workloads, and nothing of Kubernetes; {@code dev.locus.inventory} maps the API objects
 * to these records.
 */
package dev.locus.placement;
