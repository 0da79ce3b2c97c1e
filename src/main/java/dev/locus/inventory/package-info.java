/**
 * The one mapping from the API objects to the placement engine's records, shared by the offline
 * planner and the operator.
 */
package dev.locus.inventory;
