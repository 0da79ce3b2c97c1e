/**
 * {@code kubectl locus demo}: the real operator against embedded API servers (fabric8's mock API
 * server). Not part of the operator's artifact: the mock server is a {@code provided} dependency,
 * copied to {@code target/demo-lib/} at package time, and {@code bin/kubectl-locus demo} runs on a
 * classpath that adds it. Nothing outside this package depends on it (see {@code LayeringTest}).
 */
package dev.locus.cli.demo;
