/**
 * What Locus creates in member clusters: pure renderers of the desired Job, Service and Deployment
 * objects, and the code that applies them idempotently.
 */
package dev.locus.dispatch;
