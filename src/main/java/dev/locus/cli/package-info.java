/**
 * The {@code kubectl-locus} executable ({@link dev.locus.cli.LocusMain}) and its subcommands:
 * {@code plan}, {@code forecast import}, {@code report energy}, {@code operator}, and {@code demo}
 * (in {@link dev.locus.cli.demo}).
 */
package dev.locus.cli;
